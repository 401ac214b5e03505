/** Clients: the businesses an agency builds agents for. List, create, edit, delete (a client that still has
 * agents or numbers can't be deleted: the API's 409 is explained, with links to what is left). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys, useAgents, useClients, usePhoneNumbers } from "../../api/queries";
import type { Client } from "../../api/types";
import { useCanEdit } from "../../app/me";
import { ConfirmButton } from "../../components/ConfirmButton";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states";
import { formatDate } from "../../format";
import { bodyOf, ClientForm, draftOf, type ClientDraft } from "./ClientForm";
import { DeleteBlocked } from "./DeleteBlocked";
import { EditClient } from "./EditClient";
import "./clients.css";
import { useFocusOnNews } from "../../components/useFocusOnNews";

/** A client as the API returns it: stored, so with its id (the generated type marks it optional, since
 * the model defaults it on input). */
type SavedClient = Client & { id: string };
const isSaved = (client: Client): client is SavedClient => Boolean(client.id);

type Panel = { mode: "create" } | { mode: "edit"; client: SavedClient } | null;

export default function ClientsPage() {
  const canEdit = useCanEdit();
  const clients = useClients();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState("");
  const noticeRef = useFocusOnNews<HTMLParagraphElement>(notice);
  const [blocked, setBlocked] = useState<{ client: SavedClient; message: string } | null>(null);

  function done(message: string) {
    setPanel(null);
    setNotice(message);
  }

  return (
    <div className="clients-screen">
      <PageHeader title="Clients">
        {canEdit && panel?.mode !== "create" && (
          <button type="button" className="primary" onClick={() => setPanel({ mode: "create" })}>
            New client
          </button>
        )}
      </PageHeader>
      <p className="page-intro">
        A client is a business you build voice agents for. Its agents, phone numbers and calls are grouped under it.
      </p>
      <p role="status" className="notice" ref={noticeRef} tabIndex={-1}>
        {notice}
      </p>

      {panel?.mode === "create" && (
        <section className="card" aria-labelledby="new-client-title">
          <h2 id="new-client-title">New client</h2>
          <CreateClient onDone={(client) => (client ? done(`Client “${client.name}” created.`) : setPanel(null))} />
        </section>
      )}
      {panel?.mode === "edit" && (
        <section className="card" aria-labelledby="edit-client-title">
          <h2 id="edit-client-title">Edit “{panel.client.name}”</h2>
          <EditClient
            key={panel.client.id}
            clientId={panel.client.id}
            onDone={(client) => (client ? done(`Client “${client.name}” saved.`) : setPanel(null))}
          />
        </section>
      )}
      {blocked && (
        <DeleteBlocked client={blocked.client} apiMessage={blocked.message} onDismiss={() => setBlocked(null)} />
      )}

      {clients.isPending ? (
        <Loading what="Loading clients" />
      ) : clients.isError ? (
        <ErrorState error={clients.error} retry={() => void clients.refetch()} />
      ) : clients.data.length === 0 ? (
        <EmptyState title="No clients yet">
          {canEdit ? (
            <p>Create your first client with “New client” above: you’ll then build its agent on the Agents screen.</p>
          ) : (
            <p>Your account has no clients yet. An owner or admin can create them.</p>
          )}
        </EmptyState>
      ) : (
        <ClientTable
          clients={clients.data.filter(isSaved)}
          canEdit={canEdit}
          onEdit={(client) => {
            setNotice("");
            setPanel({ mode: "edit", client });
          }}
          onDeleted={(client) => {
            setBlocked(null);
            if (panel?.mode === "edit" && panel.client.id === client.id) setPanel(null);
            setNotice(`Client “${client.name}” deleted.`);
          }}
          onBlocked={(client, message) => setBlocked({ client, message })}
        />
      )}
    </div>
  );
}

function CreateClient({ onDone }: { onDone: (client: Client | null) => void }) {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (draft: ClientDraft) => unwrap(api.POST("/v1/clients", { body: bodyOf(draft) })),
    onSuccess: async (client) => {
      await queryClient.invalidateQueries({ queryKey: keys.clients });
      onDone(client);
    },
  });
  return (
    <ClientForm
      initial={draftOf()}
      submitLabel="Create client"
      busy={create.isPending}
      error={create.error}
      onSubmit={(draft) => create.mutate(draft)}
      onCancel={() => onDone(null)}
    />
  );
}

type TableProps = {
  clients: SavedClient[];
  canEdit: boolean;
  onEdit: (client: SavedClient) => void;
  onDeleted: (client: SavedClient) => void;
  onBlocked: (client: SavedClient, message: string) => void;
};

function ClientTable({ clients, canEdit, onEdit, onDeleted, onBlocked }: TableProps) {
  const queryClient = useQueryClient();
  const agents = useAgents();
  const numbers = usePhoneNumbers();
  const countOf = <T extends { client_id?: string | null }>(items: T[] | undefined, clientId: string) =>
    items ? items.filter((item) => item.client_id === clientId).length : null;

  async function remove(client: SavedClient) {
    try {
      await unwrap(api.DELETE("/v1/clients/{client_id}", { params: { path: { client_id: client.id } } }));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      // What is left may have changed since these lists were read: the explanation lists it afresh.
      await Promise.all(
        ["agents", "phone-numbers", "embeds"].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      onBlocked(client, error.message);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: keys.clients });
    onDeleted(client);
  }

  return (
    <table className="clients-table">
      <caption className="visually-hidden">Clients</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Contact email</th>
          <th scope="col">Agents</th>
          <th scope="col">Phone numbers</th>
          <th scope="col">Created</th>
          {canEdit && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {clients.map((client) => (
          <tr key={client.id}>
            <th scope="row">
              {client.name}
              {client.notes && <small className="notes">{client.notes}</small>}
            </th>
            <td>
              {client.contact_email ? <a href={`mailto:${client.contact_email}`}>{client.contact_email}</a> : "—"}
            </td>
            <td>
              <AgentCount value={countOf(agents.data, client.id)} client={client} />
            </td>
            <td>
              <Count value={countOf(numbers.data, client.id)} />
            </td>
            <td>{formatDate(client.created_at)}</td>
            {canEdit && (
              <td className="actions">
                <button type="button" onClick={() => onEdit(client)} aria-label={`Edit ${client.name}`}>
                  Edit
                </button>
                <ConfirmButton
                  label="Delete"
                  title={`Delete the client “${client.name}”?`}
                  onConfirm={() => remove(client)}
                >
                  <p>This can’t be undone. Its past calls stay in Calls and Usage.</p>
                </ConfirmButton>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Count({ value }: { value: number | null }) {
  return <>{value ?? "…"}</>;
}

/** The count links to the Agents screen filtered to this client. */
function AgentCount({ value, client }: { value: number | null; client: SavedClient }) {
  if (!value) return <Count value={value} />;
  return (
    <Link href={`/agents?client=${client.id}`} aria-label={`${value} agent${value === 1 ? "" : "s"} of ${client.name}`}>
      {value}
    </Link>
  );
}
