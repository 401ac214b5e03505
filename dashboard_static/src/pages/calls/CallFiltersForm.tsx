/** The calls list's filters: each change applies at once (the URL changes, the list follows). */
import { byId, useAgents, useClients } from "../../api/queries";
import { Field } from "../../components/Field";
import { CHANNELS, STATUSES, channelLabel, statusLabel } from "./callFacts";
import {
  datesBackwards,
  hasFilters,
  lastLocalDateBefore,
  localDate,
  startOfLocalDay,
  startOfNextLocalDay,
  type CallFilters,
} from "./filters";

type Props = { filters: CallFilters; onChange: (filters: CallFilters) => void };

export function CallFiltersForm({ filters, onChange }: Props) {
  const clients = useClients();
  const agents = useAgents(filters.client_id);
  const set = (patch: Partial<CallFilters>) => onChange({ ...filters, ...patch });

  function chooseClient(clientId: string) {
    // The agent stays only if it is one of the new client's (or no client is chosen).
    const agent = filters.agent_id ? byId(agents.data).get(filters.agent_id) : undefined;
    const keepAgent = !clientId || agent?.client_id === clientId;
    set({ client_id: clientId || undefined, agent_id: keepAgent ? filters.agent_id : undefined });
  }

  return (
    <form className="card calls-filters" aria-label="Filter calls" onSubmit={(event) => event.preventDefault()}>
      <Field label="Client">
        {(id) => (
          <select id={id} value={filters.client_id ?? ""} onChange={(event) => chooseClient(event.target.value)}>
            <option value="">All clients</option>
            {clients.data?.map((client) => (
              <option key={client.id} value={client.id}>
                {client.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Agent" hint={filters.client_id ? "Agents of the chosen client" : undefined}>
        {(id) => (
          <select
            id={id}
            value={filters.agent_id ?? ""}
            onChange={(event) => set({ agent_id: event.target.value || undefined })}
          >
            <option value="">All agents</option>
            {agents.data?.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Channel">
        {(id) => (
          <select
            id={id}
            value={filters.channel ?? ""}
            onChange={(event) => set({ channel: CHANNELS.find((channel) => channel === event.target.value) })}
          >
            <option value="">All channels</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channelLabel[channel]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(id) => (
          <select
            id={id}
            value={filters.status ?? ""}
            onChange={(event) => set({ status: STATUSES.find((status) => status === event.target.value) })}
          >
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel[status]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="From" hint="In your time zone">
        {(id) => (
          <input
            id={id}
            type="date"
            value={filters.started_from ? localDate(filters.started_from) : ""}
            onChange={(event) => set({ started_from: startOfLocalDay(event.target.value) })}
          />
        )}
      </Field>
      <Field
        label="To"
        hint="Includes the whole day"
        error={datesBackwards(filters) ? "The end date is before the start date." : null}
      >
        {(id) => (
          <input
            id={id}
            type="date"
            value={filters.started_before ? lastLocalDateBefore(filters.started_before) : ""}
            onChange={(event) => set({ started_before: startOfNextLocalDay(event.target.value) })}
          />
        )}
      </Field>
      {hasFilters(filters) && (
        <button type="button" className="calls-filters-clear" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}
