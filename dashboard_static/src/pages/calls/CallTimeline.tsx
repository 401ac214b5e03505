/** The call's event timeline, each event at its moment from the start of the call. */
import type { CallDetail } from "../../api/types";
import { preciseOffsetLabel } from "./callFacts";
import { timelineOf } from "./timeline";

export function CallTimeline({ call, agentName }: { call: CallDetail; agentName: string }) {
  return (
    <section className="card" aria-labelledby="call-timeline-heading">
      <h2 id="call-timeline-heading">Timeline</h2>
      <ol className="calls-timeline">
        {timelineOf(call, agentName).map((entry) => (
          <li key={entry.key} className={entry.tone ? `calls-timeline-${entry.tone}` : undefined}>
            <span className="calls-timeline-at">{entry.atMs !== null ? preciseOffsetLabel(entry.atMs) : entry.key === "ringing" ? "—" : "after end"}</span>
            <span className="calls-timeline-event">
              <strong>{entry.title}</strong>
              {entry.detail && <span className="calls-timeline-detail">{entry.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
