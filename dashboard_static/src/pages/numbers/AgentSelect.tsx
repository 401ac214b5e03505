/** A <select> of the account's agents, grouped by client, for pointing something (a number, an embed) at
 * one agent. `none` adds a first option for "no agent"; its value is "". */
import type { SelectHTMLAttributes } from "react";
import { byId, useAgents, useClients } from "../../api/queries";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & { none?: string };

export function AgentSelect({ none, ...select }: Props) {
  const agents = useAgents();
  const clients = byId(useClients().data);
  const groups = new Map<string, { name: string; agents: { id: string; name: string }[] }>();
  for (const agent of agents.data ?? []) {
    if (!agent.id) continue; // every agent the API lists has one (the generated type marks it optional)
    const group = groups.get(agent.client_id) ?? {
      name: clients.get(agent.client_id)?.name ?? "Other client",
      agents: [],
    };
    group.agents.push({ id: agent.id, name: agent.name });
    groups.set(agent.client_id, group);
  }
  const sorted = [...groups.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name));

  return (
    <select {...select} disabled={select.disabled || agents.isPending}>
      {none !== undefined && <option value="">{none}</option>}
      {agents.isPending && <option value="">Loading agents…</option>}
      {sorted.map(([clientId, group]) => (
        <optgroup key={clientId} label={group.name}>
          {group.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
