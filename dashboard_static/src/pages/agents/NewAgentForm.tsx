/** Creating an agent takes a name and its client; everything else starts from the API's defaults and is
 * shaped in the editor, which opens next. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { Agent, Client, NewAgent } from "../../api/types";
import { Field } from "../../components/Field";
import { FormError } from "../../components/states";
import { FormActions } from "../../components/forms";

type Props = {
  clients: (Client & { id: string })[];
  clientId: string | undefined;
  onCreated: (agent: Agent & { id: string }) => void;
  onCancel: () => void;
};

export function NewAgentForm({ clients, clientId, onCreated, onCancel }: Props) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [client, setClient] = useState(clientId ?? (clients.length === 1 ? (clients[0]?.id ?? "") : ""));
  const [missingClient, setMissingClient] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    nameInput.current?.focus();
  }, []);

  const create = useMutation({
    // The API gives every other field its default. (The generated type lists defaulted fields as required:
    // openapi-typescript reads a default as "always present", true of answers, not of request bodies.)
    mutationFn: () => unwrap<Agent>(api.POST("/v1/agents", { body: { name, client_id: client } as NewAgent })),
    onSuccess: async (agent) => {
      await queryClient.invalidateQueries({ queryKey: ["agents"] });
      if (agent.id) onCreated({ ...agent, id: agent.id });
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldMessages() : {};
  const named = Boolean(fields.name || fields.client_id);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMissingClient(!client);
    if (client) create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className="grid-2">
        <Field label="Agent name" hint="E.g. “Front desk” or “After-hours line”." error={fields.name}>
          {(id) => (
            <input id={id} ref={nameInput} value={name} maxLength={120} onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
        <Field label="Client" error={missingClient && !client ? "Pick the client it works for." : fields.client_id}>
          {(id) => (
            <select id={id} value={client} onChange={(event) => setClient(event.target.value)}>
              <option value="" disabled>
                Choose a client…
              </option>
              {clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {!named && <FormError error={create.error} />}
      <FormActions busy={create.isPending} submit="Create and edit" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}
