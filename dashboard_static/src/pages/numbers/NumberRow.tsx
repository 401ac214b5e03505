/** One phone number: who answers it, and (for editors) attach, change, detach and remove. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Agent, Client, PhoneNumber } from "../../api/types";
import { ConfirmButton } from "../../components/ConfirmButton";
import { AgentSelect } from "./AgentSelect";

type Props = {
  phone: PhoneNumber;
  agent: Agent | undefined;
  client: Client | undefined;
  canEdit: boolean;
  onNotice: (message: string) => void;
};

export function NumberRow({ phone, agent, client, canEdit, onNotice }: Props) {
  const queryClient = useQueryClient();
  const [changing, setChanging] = useState(false);
  const path = { params: { path: { number: phone.number } } };
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.phoneNumbers });

  async function detach() {
    await unwrap(api.DELETE("/v1/phone-numbers/{number}/agent", path));
    await refresh();
    onNotice(`${phone.number} detached: calls to it are not answered until you attach an agent.`);
  }

  async function remove() {
    await unwrap(api.DELETE("/v1/phone-numbers/{number}", path));
    await refresh();
    onNotice(`${phone.number} removed from your account.`);
  }

  const attached = Boolean(phone.agent_id);
  return (
    <tr>
      <th scope="row">
        <span className="phone-number">{phone.number}</span>
        <small className="phone-label">{phone.label}</small>
      </th>
      <td>
        {attached ? (
          <Link href={`/agents/${phone.agent_id}`}>{agent?.name ?? "An agent"}</Link>
        ) : (
          <span className="badge warn">Not answered</span>
        )}
      </td>
      <td>{client?.name ?? "—"}</td>
      {canEdit && (
        <td>
          <div className="number-actions">
            {!attached || changing ? (
              <AttachForm
                phone={phone}
                onCancel={attached ? () => setChanging(false) : undefined}
                onAttached={(name) => {
                  setChanging(false);
                  onNotice(`${phone.number} is now answered by ${name}.`);
                }}
              />
            ) : (
              <>
                <button type="button" onClick={() => setChanging(true)} aria-label={`Change agent of ${phone.number}`}>
                  Change agent
                </button>
                <ConfirmButton
                  label="Detach"
                  title={`Detach ${agent?.name ?? "the agent"} from ${phone.number}?`}
                  onConfirm={detach}
                >
                  <p>
                    Calls to this number will no longer be answered: callers hear a short apology, until you attach an
                    agent again.
                  </p>
                </ConfirmButton>
              </>
            )}
            <ConfirmButton label="Remove" title={`Remove ${phone.number} from your account?`} onConfirm={remove}>
              <p>
                Calls to it will no longer reach Vocadesk, and the number is released: any account can add it again. Past
                calls stay in Calls and Usage.
              </p>
            </ConfirmButton>
          </div>
        </td>
      )}
    </tr>
  );
}

type AttachProps = { phone: PhoneNumber; onAttached: (agentName: string) => void; onCancel?: () => void };

function AttachForm({ phone, onAttached, onCancel }: AttachProps) {
  const queryClient = useQueryClient();
  const [agentId, setAgentId] = useState(phone.agent_id ?? "");
  const selectId = useId();
  const attach = useMutation({
    mutationFn: (agent_id: string) =>
      unwrap(
        api.PUT("/v1/phone-numbers/{number}/agent", { params: { path: { number: phone.number } }, body: { agent_id } }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.phoneNumbers });
      const agents = queryClient.getQueryData<Agent[]>(keys.agents());
      onAttached(agents?.find((a) => a.id === agentId)?.name ?? "the agent");
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (agentId) attach.mutate(agentId);
  }

  return (
    <form className="attach-form" onSubmit={submit}>
      <label htmlFor={selectId} className="visually-hidden">
        Agent to answer {phone.number}
      </label>
      <AgentSelect id={selectId} none="Choose an agent…" value={agentId} onChange={(e) => setAgentId(e.target.value)} />
      <button type="submit" disabled={!agentId || agentId === phone.agent_id || attach.isPending}>
        {attach.isPending ? "Attaching…" : "Attach"}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {attach.error != null && (
        <p className="form-error" role="alert">
          {errorMessage(attach.error)}
        </p>
      )}
    </form>
  );
}
