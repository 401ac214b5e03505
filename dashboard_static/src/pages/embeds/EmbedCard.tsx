/** One embed: where it may be used, its snippet, a preview of its button, and (for editors) edit, rotate
 * and delete. */
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "wouter";
import { api, unwrap } from "../../api/client";
import type { Agent, Client, EmbedView } from "../../api/types";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ButtonPreview } from "./ButtonPreview";
import { EditEmbed } from "./EditEmbed";
import { DEFAULT_LOOK } from "./look";
import { SnippetBox } from "./SnippetBox";

export type SavedEmbed = EmbedView & { id: string };

type Props = {
  embed: SavedEmbed;
  agent: Agent | undefined;
  client: Client | undefined;
  canEdit: boolean;
  onNotice: (message: string) => void;
};

export function EmbedCard({ embed, agent, client, canEdit, onNotice }: Props) {
  const queryClient = useQueryClient();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const path = { params: { path: { embed_id: embed.id } } };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["embeds"] });

  async function rotate() {
    await unwrap(api.POST("/v1/embeds/{embed_id}/rotate", path));
    await refresh();
    onNotice(
      `“${embed.name}” has a new id. Copy its new snippet onto your website: the old one no longer starts calls.`,
    );
  }

  async function remove() {
    await unwrap(api.DELETE("/v1/embeds/{embed_id}", path));
    await refresh();
    onNotice(`Embed “${embed.name}” deleted.`);
  }

  return (
    <article className="card embed-card" aria-labelledby={`${id}-name`}>
      <header className="embed-card-header">
        <h2 id={`${id}-name`}>{embed.name}</h2>
        {embed.enabled ? (
          <span className="badge ok">Takes calls</span>
        ) : (
          <span className="badge warn">Switched off</span>
        )}
      </header>

      {editing ? (
        <EditEmbed
          embedId={embed.id}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onNotice(`Embed “${saved.name}” saved.`);
          }}
        />
      ) : (
        <>
          <dl className="embed-facts">
            <div>
              <dt>Agent</dt>
              <dd>{agent ? <Link href={`/agents/${embed.agent_id}`}>{agent.name}</Link> : "—"}</dd>
            </div>
            <div>
              <dt>Client</dt>
              <dd>{client?.name ?? "—"}</dd>
            </div>
            <div>
              <dt>Allowed websites</dt>
              <dd>
                <ul className="origins">
                  {embed.allowed_origins.map((origin) => (
                    <li key={origin}>
                      <code>{origin}</code>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          </dl>
          <SnippetBox embed={embed} />
          <div className="row embed-actions">
            <button
              type="button"
              aria-expanded={previewing}
              aria-controls={`${id}-preview`}
              onClick={() => setPreviewing((p) => !p)}
            >
              {previewing ? "Hide preview" : "Preview the button"}
            </button>
            {canEdit && (
              <>
                <button type="button" onClick={() => setEditing(true)}>
                  Edit
                </button>
                <ConfirmButton
                  label="Rotate id"
                  confirmLabel="Rotate"
                  title={`Give “${embed.name}” a new id?`}
                  onConfirm={rotate}
                >
                  <p>
                    Pages with the current snippet stop working at once: their button can no longer start calls. Then
                    copy the new snippet onto every page. Do this if the snippet ended up somewhere it shouldn’t be.
                  </p>
                </ConfirmButton>
                <ConfirmButton label="Delete" title={`Delete the embed “${embed.name}”?`} onConfirm={remove}>
                  <p>
                    Its button stops working on every page that has the snippet. Past calls stay in Calls and Usage.
                  </p>
                </ConfirmButton>
              </>
            )}
          </div>
          <div id={`${id}-preview`} hidden={!previewing}>
            {previewing && (
              <ButtonPreview embedId={embed.id} look={{ ...DEFAULT_LOOK, ...embed.button }} enabled={embed.enabled} />
            )}
          </div>
        </>
      )}
    </article>
  );
}
