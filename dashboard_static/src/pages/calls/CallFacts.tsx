/** The call at a glance: who, where, when, how long, and how it ended. */
import type { ReactNode } from "react";
import { Link } from "wouter";
import type { CallDetail, User } from "../../api/types";
import { formatDateTime, formatDuration } from "../../format";
import { callerLabel, channelLabel, endReasonLabel, statusLabel, statusTone } from "./callFacts";

type Props = {
  call: CallDetail;
  agentName: string | undefined;
  clientName: string | undefined;
  users: Map<string, User>;
};

export function CallFacts({ call, agentName, clientName, users }: Props) {
  return (
    <section className="card" aria-label="Call details">
      <dl className="calls-facts">
        <Fact term="Agent">
          {agentName ? <Link href={`/agents/${call.agent_id}`}>{agentName}</Link> : <span className="calls-muted">Deleted agent</span>}
        </Fact>
        <Fact term="Client">{clientName ?? <span className="calls-muted">Deleted client</span>}</Fact>
        <Fact term="Channel">{channelLabel[call.channel]}</Fact>
        <Fact term={call.channel === "web" ? "Page" : "Caller"}>{callerLabel(call, users)}</Fact>
        {call.called && <Fact term="Called">{call.called}</Fact>}
        <Fact term="Started">{formatDateTime(call.started_at)}</Fact>
        <Fact term="Duration">{formatDuration(call.duration_ms)}</Fact>
        <Fact term="Status">
          <span className={`badge ${statusTone[call.status]}`}>{statusLabel[call.status]}</span>
        </Fact>
        <Fact term="End reason">{call.end_reason ? endReasonLabel[call.end_reason] : "—"}</Fact>
      </dl>
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
