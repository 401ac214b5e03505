/** Adding a number the account owns: E.164 (typed spaces and dashes are fine), a label, and optionally the
 * agent that answers it. A number taken by any account is a 409, explained rather than quoted. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys } from "../../api/queries";
import type { PhoneNumber } from "../../api/types";
import { Field } from "../../components/Field";
import { FormError } from "../../components/states";
import { AgentSelect } from "./AgentSelect";
import { E164_HINT, toE164 } from "./e164";
import { FormActions, useFocusFirstInvalid } from "../../components/forms";

const LABEL_MAX = 120;
const DEFAULT_LABEL = "Main line"; // NewPhoneNumber's default

function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages = error.fieldMessages();
  if (error.status === 409 && error.field === "number") {
    messages.number =
      "This number is already in use, in your account or another Vocadesk account: a number can be answered by " +
      "one account only. Check for a typo, or remove it from the other account first.";
  } else if (error.fields.some((p) => p.field === "body.number")) {
    messages.number = `That isn't a phone number in international form. ${E164_HINT}`;
  }
  return messages;
}

type Props = { onDone: (added: PhoneNumber | null) => void };

export function AddNumberForm({ onDone }: Props) {
  const queryClient = useQueryClient();
  const [number, setNumber] = useState("");
  const [label, setLabel] = useState("");
  const [agentId, setAgentId] = useState("");
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/v1/phone-numbers", {
          body: { number: toE164(number), agent_id: agentId || null, label: label.trim() || DEFAULT_LABEL },
        }),
      ),
    onSuccess: async (added) => {
      await queryClient.invalidateQueries({ queryKey: keys.phoneNumbers });
      onDone(added);
    },
  });
  const errors = fieldErrors(add.error);
  const form = useFocusFirstInvalid(add.error);
  const atFields = Boolean(errors.number || errors.label || errors.agent_id);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <div className="grid-2">
        <Field label="Phone number" error={errors.number} hint={E164_HINT}>
          {(id) => (
            <input
              id={id}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder="+14155550123"
              value={number}
              autoFocus
              onChange={(e) => setNumber(e.target.value)}
            />
          )}
        </Field>
        <Field label="Label" error={errors.label} hint="Optional: what the line is for. Default: Main line.">
          {(id) => <input id={id} value={label} maxLength={LABEL_MAX} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
      </div>
      <Field label="Answered by" error={errors.agent_id} hint="Optional: you can attach an agent later.">
        {(id) => (
          <AgentSelect id={id} none="No agent yet" value={agentId} onChange={(e) => setAgentId(e.target.value)} />
        )}
      </Field>
      <FormError error={atFields ? null : add.error} />
      <FormActions busy={add.isPending} submit="Add number" busyLabel="Adding…" onCancel={() => onDone(null)} />
    </form>
  );
}
