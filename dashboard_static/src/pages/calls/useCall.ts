/** One call with its turns (`GET /v1/calls/{id}`), polled while it is live or its analysis is on the way,
 * and the agent it reached (for its questions). */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/queries";
import { POLL_LIVE_MS, mayStillChange } from "./liveness";

export function useCall(callId: string) {
  return useQuery({
    queryKey: keys.call(callId),
    queryFn: () => unwrap(api.GET("/v1/calls/{call_id}", { params: { path: { call_id: callId } } })),
    refetchInterval: (current) => (current.state.data && mayStillChange(current.state.data) ? POLL_LIVE_MS : false),
  });
}

/** The agent as the call page reads it (its own cache entry under `agent`, so agent edits refresh it). */
export function useCallAgent(agentId: string | undefined) {
  return useQuery({
    queryKey: [...keys.agent(agentId ?? ""), "questions"],
    queryFn: () => unwrap(api.GET("/v1/agents/{agent_id}", { params: { path: { agent_id: agentId ?? "" } } })),
    enabled: Boolean(agentId),
    staleTime: 60_000,
  });
}
