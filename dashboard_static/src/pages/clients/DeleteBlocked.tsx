/** Why a client could not be deleted (the API's 409), in plain words: what still points at it, each linked
 * to where it is undone, in the order the API allows (numbers and embeds, then agents, then the client). */
import { Link } from "wouter";
import { useAgents, useEmbeds, usePhoneNumbers } from "../../api/queries";
import type { Client } from "../../api/types";

type Props = { client: Client & { id: string }; apiMessage: string; onDismiss: () => void };

export function DeleteBlocked({ client, apiMessage, onDismiss }: Props) {
  const agents = (useAgents().data ?? []).filter((agent) => agent.client_id === client.id);
  const numbers = (usePhoneNumbers().data ?? []).filter((number) => number.client_id === client.id);
  const embeds = (useEmbeds().data ?? []).filter((embed) => embed.client_id === client.id);

  const remaining = listed([
    count(agents.length, "agent"),
    count(numbers.length, "phone number"),
    count(embeds.length, "embed"),
  ]);

  return (
    <section className="delete-blocked" role="alert" aria-labelledby="delete-blocked-title">
      <h2 id="delete-blocked-title">“{client.name}” can’t be deleted yet</h2>
      <p>
        {remaining ? `It still has ${remaining}.` : `It still has agents or phone numbers.`} Deleting the client now
        would leave its callers reaching nothing, so remove what belongs to it first:
      </p>
      <ol>
        {numbers.length > 0 && (
          <li>
            Detach its phone numbers on <Link href="/phone-numbers">Phone numbers</Link>:{" "}
            {numbers.map((number) => number.number).join(", ")}.
          </li>
        )}
        {embeds.length > 0 && (
          <li>
            Delete its embeds on <Link href="/embeds">Embeds</Link>: {embeds.map((embed) => embed.name).join(", ")}.
          </li>
        )}
        {agents.length > 0 && (
          <li>
            Delete its agents:{" "}
            {agents.map((agent, index) => (
              <span key={agent.id}>
                {index > 0 && ", "}
                <Link href={`/agents/${agent.id ?? ""}`}>{agent.name}</Link>
              </span>
            ))}
            .
          </li>
        )}
        <li>Then delete “{client.name}” here.</li>
      </ol>
      <p className="hint">The API said: {apiMessage}</p>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}

function count(n: number, noun: string): string | null {
  return n ? `${n} ${noun}${n === 1 ? "" : "s"}` : null;
}

/** ["2 agents", "1 embed"] -> "2 agents and 1 embed". */
function listed(parts: (string | null)[]): string {
  const present = parts.filter((part): part is string => part !== null);
  if (present.length < 2) return present.join("");
  return `${present.slice(0, -1).join(", ")} and ${present.at(-1)}`;
}
