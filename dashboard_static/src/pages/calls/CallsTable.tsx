/** One page of calls as a table, in the API's order (newest first); each row links to its call. */
import { Link } from "wouter";
import { byId, useAgents, useClients } from "../../api/queries";
import type { Call } from "../../api/types";
import { formatDateTime, formatDuration } from "../../format";
import {
  callerLabel,
  channelLabel,
  endReasonLabel,
  endReasonTone,
  sentimentLabel,
  sentimentTone,
  statusLabel,
  statusTone,
} from "./callFacts";
import { analysisPending } from "./liveness";
import { useUsersById } from "./useUsers";

type Props = { calls: Call[]; busy: boolean };

export function CallsTable({ calls, busy }: Props) {
  const agents = byId(useAgents().data);
  const clients = byId(useClients().data);
  const users = useUsersById(calls.some((call) => call.channel === "test"));

  return (
    <div className="calls-table-wrap">
      <table className="calls-table" aria-busy={busy}>
        <caption className="visually-hidden">
          Calls, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Agent</th>
            <th scope="col">Client</th>
            <th scope="col">Channel</th>
            <th scope="col">Caller</th>
            <th scope="col">Duration</th>
            <th scope="col">Status</th>
            <th scope="col">Sentiment</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.id} data-call-id={call.id}>
              <td className="calls-nowrap">
                <Link href={`/calls/${call.id}`}>{call.started_at ? formatDateTime(call.started_at) : "Not answered yet"}</Link>
              </td>
              <td>{agents.get(call.agent_id)?.name ?? <span className="calls-muted">Deleted agent</span>}</td>
              <td>{clients.get(call.client_id)?.name ?? <span className="calls-muted">Deleted client</span>}</td>
              <td>{channelLabel[call.channel]}</td>
              <td className="calls-caller">{callerLabel(call, users)}</td>
              <td className="calls-nowrap">{formatDuration(call.duration_ms)}</td>
              <td className="calls-nowrap">
                <span className={`badge ${statusTone[call.status]}`}>{statusLabel[call.status]}</span>
                {call.end_reason && (
                  <span className={`calls-end-reason ${endReasonTone[call.end_reason]}`}>{endReasonLabel[call.end_reason]}</span>
                )}
              </td>
              <td>
                {call.analysis ? (
                  <span className={`badge ${sentimentTone[call.analysis.sentiment ?? "neutral"]}`}>
                    {sentimentLabel(call.analysis.sentiment ?? "neutral")}
                  </span>
                ) : (
                  <span className="calls-muted">{analysisPending(call) || call.status !== "ended" ? "Pending" : "—"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
