/** Deleting an agent, behind a confirmation that says what would stop it: the API refuses (409) while phone
 * numbers or embeds still send callers to the agent, so the dialog lists them, linked to where they are undone. */
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "wouter";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys, useEmbeds, usePhoneNumbers } from "../../api/queries";
import { ConfirmButton } from "../../components/ConfirmButton";

type Props = { agent: { id: string; name: string }; onDeleted: () => void; label?: string };

export function DeleteAgentButton({ agent, onDeleted, label = "Delete" }: Props) {
  const queryClient = useQueryClient();
  const numbers = (usePhoneNumbers().data ?? []).filter((number) => number.agent_id === agent.id);
  const embeds = (useEmbeds().data ?? []).filter((embed) => embed.agent_id === agent.id);
  const attached = numbers.length > 0 || embeds.length > 0;

  async function remove() {
    try {
      await unwrap(api.DELETE("/v1/agents/{agent_id}", { params: { path: { agent_id: agent.id } } }));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      // What is attached may have changed since the lists were read: list it afresh in the dialog.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.phoneNumbers }),
        queryClient.invalidateQueries({ queryKey: ["embeds"] }),
      ]);
      throw new Error(
        `“${agent.name}” still answers callers: detach its phone numbers and delete its embeds (listed above), then delete it.`,
      );
    }
    await queryClient.invalidateQueries({ queryKey: ["agents"] });
    queryClient.removeQueries({ queryKey: keys.agent(agent.id) });
    onDeleted();
  }

  return (
    <ConfirmButton label={label} title={`Delete “${agent.name}”?`} confirmLabel="Delete agent" onConfirm={remove}>
      {attached ? (
        <div className="attachments">
          <p>Callers still reach this agent, so it can’t be deleted yet:</p>
          <ul>
            {numbers.map((number) => (
              <li key={number.number}>
                Phone number {number.number}: detach it on <Link href="/phone-numbers">Phone numbers</Link>.
              </li>
            ))}
            {embeds.map((embed) => (
              <li key={embed.id ?? embed.name}>
                Embed “{embed.name}”: delete it on <Link href="/embeds">Embeds</Link>.
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>Its settings are lost for good. Calls it already took stay in Calls.</p>
      )}
    </ConfirmButton>
  );
}
