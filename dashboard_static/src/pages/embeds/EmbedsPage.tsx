/** Embeds: an agent's call button on customers' websites, by one script tag. Create for an agent, edit the
 * allowed websites and the look, copy the snippet, preview the button, rotate the id, delete. */
import { useState } from "react";
import { Link, useSearchParams } from "wouter";
import { byId, useAgents, useClients, useEmbeds } from "../../api/queries";
import { useCanEdit } from "../../app/me";
import { Field } from "../../components/Field";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states";
import { AgentSelect } from "../numbers/AgentSelect";
import type { EmbedView } from "../../api/types";
import { CreateEmbed } from "./CreateEmbed";
import { EmbedCard, type SavedEmbed } from "./EmbedCard";
import "./embeds.css";
import { useFocusOnNews } from "../../components/useFocusOnNews";

/** Every embed the API lists is stored, so has its id (the generated type marks it optional). */
const isSaved = (embed: EmbedView): embed is SavedEmbed => Boolean(embed.id);

export default function EmbedsPage() {
  const canEdit = useCanEdit();
  const [params, setParams] = useSearchParams();
  const agentFilter = params.get("agent") ?? "";
  const embeds = useEmbeds(agentFilter || undefined);
  const agents = useAgents();
  const agentsById = byId(agents.data);
  const clientsById = byId(useClients().data);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState("");
  const noticeRef = useFocusOnNews<HTMLParagraphElement>(notice);
  const noAgents = agents.isSuccess && agents.data.length === 0;
  const firstAgent = agentFilter || agents.data?.[0]?.id || "";

  return (
    <div className="embeds-screen">
      <PageHeader title="Embeds">
        {canEdit && !creating && agents.isSuccess && !noAgents && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setNotice("");
              setCreating(true);
            }}
          >
            New embed
          </button>
        )}
      </PageHeader>
      <p className="page-intro">
        An embed puts an agent’s call button on websites with one script tag. Visitors talk to the agent from their
        browser; only the websites you allow can start calls.
      </p>
      <p role="status" className="notice" ref={noticeRef} tabIndex={-1}>
        {notice}
      </p>

      {creating && (
        <section className="card" aria-labelledby="new-embed-title">
          <h2 id="new-embed-title">New embed</h2>
          <CreateEmbed
            agentId={firstAgent}
            onDone={(created) => {
              setCreating(false);
              if (created) setNotice(`Embed “${created.name}” created: copy its snippet below onto your website.`);
            }}
          />
        </section>
      )}

      <div className="embeds-filter">
        <Field label="Agent">
          {(id) => (
            <AgentSelect
              id={id}
              none="All agents"
              value={agentFilter}
              onChange={(e) => setParams(e.target.value ? { agent: e.target.value } : {}, { replace: true })}
            />
          )}
        </Field>
      </div>

      {embeds.isPending ? (
        <Loading what="Loading embeds" />
      ) : embeds.isError ? (
        <ErrorState error={embeds.error} retry={() => void embeds.refetch()} />
      ) : embeds.data.length === 0 ? (
        <EmptyState title={agentFilter ? "This agent has no embeds" : "No embeds yet"}>
          {noAgents ? (
            <p>
              An embed belongs to an agent: <Link href="/agents">create an agent</Link> first.
            </p>
          ) : canEdit ? (
            <p>Use “New embed” above, list the websites that may show the button, then paste its snippet into them.</p>
          ) : (
            <p>An owner or admin can create embeds.</p>
          )}
        </EmptyState>
      ) : (
        embeds.data
          .filter(isSaved)
          .map((embed) => (
            <EmbedCard
              key={embed.id}
              embed={embed}
              agent={agentsById.get(embed.agent_id)}
              client={clientsById.get(embed.client_id)}
              canEdit={canEdit}
              onNotice={setNotice}
            />
          ))
      )}
    </div>
  );
}
