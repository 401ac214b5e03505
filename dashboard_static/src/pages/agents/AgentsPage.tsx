/** /agents — every agent, or one client's (`?client=cli_…`): create one (it opens in the editor), duplicate,
 * delete. No clients yet: the way to create one first. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { api, unwrap } from "../../api/client";
import { byId, useAgents, useClients, useEmbeds, usePhoneNumbers } from "../../api/queries";
import type { Agent, Client } from "../../api/types";
import { useCanEdit } from "../../app/me";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states";
import { formatDateTime } from "../../format";
import { DeleteAgentButton } from "./DeleteAgentButton";
import { NewAgentForm } from "./NewAgentForm";
import { VOICES } from "./options";
import "./agents.css";

type SavedAgent = Agent & { id: string };
type SavedClient = Client & { id: string };
const saved = <T extends { id?: string }>(item: T): item is T & { id: string } => Boolean(item.id);

export default function AgentsPage() {
  const canEdit = useCanEdit();
  const clientId = new URLSearchParams(useSearch()).get("client") ?? undefined;
  const [, navigate] = useLocation();
  const clients = useClients();
  const agents = useAgents(clientId);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState("");

  const clientList = (clients.data ?? []).filter(saved);
  const client = clientId ? clientList.find((c) => c.id === clientId) : undefined;

  return (
    <>
      <PageHeader title={client ? `Agents of ${client.name}` : "Agents"}>
        {canEdit && clientList.length > 0 && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New agent
          </button>
        )}
      </PageHeader>
      <p className="page-intro">
        An agent is one voice assistant: who it is, what it knows and asks, and when it hands callers to a person.
      </p>
      <p role="status" className="notice">
        {notice}
      </p>

      {creating && (
        <section className="card" aria-labelledby="new-agent-title">
          <h2 id="new-agent-title">New agent</h2>
          <NewAgentForm
            clients={clientList}
            clientId={clientId}
            onCreated={(agent) => navigate(`/agents/${agent.id}`)}
            onCancel={() => setCreating(false)}
          />
        </section>
      )}

      {clients.isPending || agents.isPending ? (
        <Loading what="Loading agents" />
      ) : clients.isError ? (
        <ErrorState error={clients.error} retry={() => void clients.refetch()} />
      ) : agents.isError ? (
        <ErrorState error={agents.error} retry={() => void agents.refetch()} />
      ) : clientList.length === 0 ? (
        <EmptyState title="Create a client first">
          <p>
            Every agent works for a client (the business whose calls it answers).{" "}
            {canEdit ? <Link href="/clients">Create your first client</Link> : "An owner or admin can create one on Clients"}
            , then come back here to build its agent.
          </p>
        </EmptyState>
      ) : (
        <>
          <ClientFilter clients={clientList} clientId={clientId} onChange={(id) => navigate(id ? `/agents?client=${encodeURIComponent(id)}` : "/agents")} />
          {agents.data.length === 0 ? (
            <EmptyState title={client ? `${client.name} has no agents yet` : "No agents yet"}>
              {canEdit ? (
                creating ? (
                  <p>Name it above and pick its client: the editor opens next.</p>
                ) : (
                  <button type="button" className="primary" onClick={() => setCreating(true)}>
                    Create an agent
                  </button>
                )
              ) : (
                <p>An owner or admin can create agents.</p>
              )}
            </EmptyState>
          ) : (
            <AgentTable
              agents={agents.data.filter(saved)}
              clients={byId(clientList)}
              canEdit={canEdit}
              onDuplicated={(copy) => navigate(`/agents/${copy.id}`)}
              onDeleted={(agent) => setNotice(`Agent “${agent.name}” deleted.`)}
            />
          )}
        </>
      )}
    </>
  );
}

type FilterProps = { clients: SavedClient[]; clientId: string | undefined; onChange: (clientId: string) => void };

function ClientFilter({ clients, clientId, onChange }: FilterProps) {
  const id = useId();
  return (
    <div className="field filter">
      <label htmlFor={id}>Show agents of</label>
      <select id={id} value={clientId ?? ""} onChange={(event) => onChange(event.target.value)}>
        <option value="">All clients</option>
        {clients.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
        {clientId && !clients.some((client) => client.id === clientId) && <option value={clientId}>Unknown client</option>}
      </select>
    </div>
  );
}

type TableProps = {
  agents: SavedAgent[];
  clients: Map<string, SavedClient>;
  canEdit: boolean;
  onDuplicated: (copy: SavedAgent) => void;
  onDeleted: (agent: SavedAgent) => void;
};

function AgentTable({ agents, clients, canEdit, onDuplicated, onDeleted }: TableProps) {
  const numbers = usePhoneNumbers().data ?? [];
  const embeds = useEmbeds().data ?? [];
  return (
    <table className="agents-table">
      <caption className="visually-hidden">Agents, most recently created first</caption>
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Client</th>
          <th scope="col">Callers reach it on</th>
          <th scope="col">Asks</th>
          <th scope="col">Voice</th>
          <th scope="col">Last saved</th>
          {canEdit && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {agents.map((agent) => (
          <tr key={agent.id}>
            <td>
              <Link href={`/agents/${agent.id}`}>{agent.name}</Link>
            </td>
            <td>{clients.get(agent.client_id)?.name ?? "—"}</td>
            <td>
              {reachedOn(
                numbers.filter((number) => number.agent_id === agent.id).map((number) => number.number),
                embeds.filter((embed) => embed.agent_id === agent.id).length,
              )}
            </td>
            <td>{countOf(agent.questions?.length ?? 0, "question")}</td>
            <td>{VOICES[agent.voice]}</td>
            <td>{formatDateTime(agent.updated_at)}</td>
            {canEdit && (
              <td className="actions">
                <DuplicateButton agent={agent} onDuplicated={onDuplicated} />
                <DeleteAgentButton agent={agent} onDeleted={() => onDeleted(agent)} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DuplicateButton({ agent, onDuplicated }: { agent: SavedAgent; onDuplicated: (copy: SavedAgent) => void }) {
  const queryClient = useQueryClient();
  const duplicate = useMutation({
    mutationFn: () => unwrap<Agent>(api.POST("/v1/agents/{agent_id}/duplicate", { params: { path: { agent_id: agent.id } } })),
    onSuccess: async (copy) => {
      await queryClient.invalidateQueries({ queryKey: ["agents"] });
      if (saved(copy)) onDuplicated(copy);
    },
  });
  return (
    <>
      <button type="button" onClick={() => duplicate.mutate()} disabled={duplicate.isPending} aria-label={`Duplicate ${agent.name}`}>
        {duplicate.isPending ? "Duplicating…" : "Duplicate"}
      </button>
      {duplicate.isError && (
        <span className="field-error" role="alert">
          {duplicate.error.message}
        </span>
      )}
    </>
  );
}

/** "+15555550100 and 1 embed"; nothing attached yet: where to attach it. */
function reachedOn(numbers: string[], embeds: number): string {
  const parts = [...numbers, ...(embeds ? [countOf(embeds, "embed")] : [])];
  if (parts.length === 0) return "Nothing yet: test it, then attach a number or an embed";
  return parts.length === 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1) ?? ""}`;
}

function countOf(n: number, noun: string): string {
  return n === 0 ? "—" : `${n} ${noun}${n === 1 ? "" : "s"}`;
}
