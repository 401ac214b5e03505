/** The call's turns in order, each with its speaker and its moment on the call's clock. With a recording,
 * each turn is a button that plays the recording from it, and the turn being heard is marked
 * (aria-current) and kept in view. */
import { useEffect, useRef } from "react";
import type { Turn } from "../../api/types";
import { offsetLabel } from "./callFacts";

type Props = {
  turns: Turn[];
  agentName: string;
  /** The turn being heard (its seq), if any. */
  current: number | null;
  /** Plays the recording from a turn; absent without a recording. */
  onSeek?: (turn: Turn) => void;
  /** The call is still going on (its turns arrive as they finish). */
  live: boolean;
};

export function Transcript({ turns, agentName, current, onSeek, live }: Props) {
  const panel = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const list = panel.current;
    const item = list?.querySelector<HTMLElement>("[aria-current]");
    if (!list || !item) return;
    // Scroll the transcript only (not the page) so the heard turn stays visible while the audio plays;
    // the list is positioned, so an item's offsetTop is measured from the list's top.
    const top = item.offsetTop;
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: "smooth" });
    }
  }, [current]);

  if (!turns.length) {
    return (
      <p className="calls-muted">
        {live ? "Nothing said yet: each turn appears here once it is finished." : "Nobody spoke on this call."}
      </p>
    );
  }

  return (
    <ol ref={panel} className="calls-transcript" aria-label="Transcript" tabIndex={onSeek ? undefined : 0}>
      {turns.map((turn) => {
        const body = (
          <>
            <span className="calls-turn-meta">
              <time className="calls-turn-time">{offsetLabel(turn.started_ms)}</time>
              <span className="calls-turn-speaker">{turn.speaker === "agent" ? agentName : "Caller"}</span>
              {turn.interrupted && <span className="badge warn">Cut off</span>}
            </span>
            <span className="calls-turn-text">{turn.text}</span>
          </>
        );
        const isCurrent = turn.seq === current;
        return (
          <li key={turn.seq} className={`calls-turn calls-turn-${turn.speaker}`}>
            {onSeek ? (
              <button
                type="button"
                className="calls-turn-button"
                aria-current={isCurrent ? "true" : undefined}
                title="Play from here"
                onClick={() => onSeek(turn)}
              >
                {body}
              </button>
            ) : (
              <div className="calls-turn-body">{body}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The turn being heard at `ms`: of those under way, the one that began last (turns may overlap). */
export function turnAt(turns: Turn[], ms: number): number | null {
  let found: Turn | null = null;
  for (const turn of turns) {
    if (turn.started_ms <= ms && ms < Math.max(turn.ended_ms, turn.started_ms + 1)) {
      if (!found || turn.started_ms >= found.started_ms) found = turn;
    }
  }
  return found?.seq ?? null;
}
