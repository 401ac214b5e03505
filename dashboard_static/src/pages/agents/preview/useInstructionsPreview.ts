/** The instructions the runtime would send for a draft, rebuilt by the API (the runtime's own builder) a
 * moment after each edit, before anything is saved. A draft the API refuses keeps the last good text and
 * reports the refusal's fields; an answer to an older draft is dropped. */
import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../../api/client";
import { ApiError, errorMessage } from "../../../api/errors";
import type { AgentPatch, Instructions } from "../../../api/types";
import { useSession } from "../../../auth/session";
import { NO_PROBLEMS, problemsOf, type Problems } from "../editor/problems";

const DEBOUNCE_MS = 350;

export type Preview = {
  instructions: Instructions | null;
  /** A newer draft is waiting for its instructions. */
  pending: boolean;
  /** The API refused the latest draft: `instructions` are the last draft's that it accepted. */
  refused: boolean;
  /** The preview could not be built for another reason (network, server, session). */
  error: string | null;
};

export function useInstructionsPreview(
  agentId: string,
  draft: AgentPatch | null,
  onProblems: (problems: Problems) => void,
): Preview {
  const session = useSession();
  const body = draft ? JSON.stringify(draft) : null;
  const report = useRef(onProblems);
  report.current = onProblems;
  const first = useRef(true);
  const [preview, setPreview] = useState<Preview>({ instructions: null, pending: true, refused: false, error: null });

  useEffect(() => {
    if (body === null || session !== "signed-in") return;
    const abort = new AbortController();
    setPreview((current) => ({ ...current, pending: true }));
    const timer = setTimeout(
      async () => {
        try {
          const instructions = await unwrap<Instructions>(
            api.POST("/v1/agents/{agent_id}/instructions", {
              params: { path: { agent_id: agentId } },
              body: JSON.parse(body) as AgentPatch,
              signal: abort.signal,
            }),
          );
          if (abort.signal.aborted) return;
          setPreview({ instructions, pending: false, refused: false, error: null });
          report.current(NO_PROBLEMS);
        } catch (error) {
          if (abort.signal.aborted) return;
          const refused = error instanceof ApiError && (error.status === 400 || error.status === 422);
          setPreview((current) => ({ ...current, pending: false, refused, error: refused ? null : errorMessage(error) }));
          if (refused) report.current(problemsOf(error));
        }
      },
      first.current ? 0 : DEBOUNCE_MS,
    );
    first.current = false;
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [agentId, body, session]);

  return preview;
}
