/** /calls/:id: one call reviewed: its facts, the recording with the transcript in step, the analysis,
 * the answers against the agent's questions, the transfer, the timeline and the measured latency. It
 * keeps itself up to date while the call is live or its analysis is on the way. */
import { useCallback } from "react";
import { Link, useParams } from "wouter";
import { byId, useClients } from "../../api/queries";
import { ErrorState, Loading, PageHeader } from "../../components/states";
import { formatDateTime } from "../../format";
import { CallAnalysis } from "./CallAnalysis";
import { CallFacts } from "./CallFacts";
import { CallLatency } from "./CallLatency";
import { CallRecording } from "./CallRecording";
import { CallTimeline } from "./CallTimeline";
import { CapturedData } from "./CapturedData";
import { TransferDetails } from "./TransferDetails";
import { isLive } from "./liveness";
import { useCall, useCallAgent } from "./useCall";
import { useUsersById } from "./useUsers";
import "./calls.css";

export default function CallPage() {
  const { id = "" } = useParams<{ id: string }>();
  const query = useCall(id);
  const agent = useCallAgent(query.data?.agent_id);
  const clients = useClients();
  const users = useUsersById(query.data?.channel === "test");
  const { refetch } = query;
  const reread = useCallback(async () => (await refetch()).data, [refetch]);

  if (query.isPending) {
    return (
      <div className="calls-page">
        <PageHeader title="Call" />
        <Loading what="Loading the call" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="calls-page">
        <PageHeader title="Call" />
        <ErrorState error={query.error} retry={() => void query.refetch()} />
        <p>
          <Link href="/calls">Back to all calls</Link>
        </p>
      </div>
    );
  }

  const data = query.data;
  const agentName = agent.data?.name ?? "Agent";
  // While a name loads it reads "…"; only a refused or missing one reads as deleted.
  const clientName = clients.isPending ? "…" : byId(clients.data).get(data.client_id)?.name;
  return (
    <div className="calls-page">
      <p className="calls-back">
        <Link href="/calls">← All calls</Link>
      </p>
      <PageHeader title={`Call${data.started_at ? ` on ${formatDateTime(data.started_at)}` : ""}`}>
        {isLive(data) && (
          <span className="badge ok" role="status">
            Live: this page follows the call
          </span>
        )}
      </PageHeader>
      <CallFacts
        call={data}
        agentName={agent.isPending ? "…" : agent.data?.name}
        clientName={clientName}
        users={users}
      />
      <div className="calls-detail">
        <CallRecording call={data} agentName={agentName} recordsCalls={agent.data?.record_calls} reread={reread} />
        <div className="calls-side">
          <CallAnalysis call={data} />
          <CapturedData call={data} agent={agent} />
        </div>
      </div>
      <div className="calls-pair">
        <TransferDetails call={data} />
        <CallLatency call={data} />
      </div>
      <CallTimeline call={data} agentName={agentName} />
    </div>
  );
}
