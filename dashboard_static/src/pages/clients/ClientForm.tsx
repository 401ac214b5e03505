/** The client's fields (name, contact email, notes), for creating and editing alike. The API validates;
 * its field errors show under each input, in plain words. */
import { useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../../api/errors";
import type { Client, NewClient } from "../../api/types";
import { Field } from "../../components/Field";
import { FormError } from "../../components/states";
import { FormActions, useFocusFirstInvalid } from "../../components/forms";

export type ClientDraft = { name: string; contact_email: string; notes: string };

const FIELDS = ["name", "contact_email", "notes"] as const;
const NAME_MAX = 120;
const NOTES_MAX = 500;

export function draftOf(client?: Client): ClientDraft {
  return { name: client?.name ?? "", contact_email: client?.contact_email ?? "", notes: client?.notes ?? "" };
}

/** What the API stores: an empty email is "none", surrounding spaces never matter. */
export function bodyOf(draft: ClientDraft): NewClient {
  return { name: draft.name.trim(), contact_email: draft.contact_email.trim() || null, notes: draft.notes.trim() };
}

/** Per-field messages, with pydantic's wording of an empty name said plainly. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages = error.fieldMessages();
  const emptyName = error.fields.some((p) => p.field === "body.name" && p.type === "string_too_short");
  if (emptyName) messages.name = "Enter the client's name.";
  if (messages.contact_email)
    messages.contact_email = messages.contact_email.replace(/^value is not a valid email address: /, "");
  return messages;
}

type Props = {
  initial: ClientDraft;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (draft: ClientDraft) => void;
  onCancel: () => void;
  children?: ReactNode;
};

export function ClientForm({ initial, submitLabel, busy, error, onSubmit, onCancel, children }: Props) {
  const [draft, setDraft] = useState(initial);
  const form = useFocusFirstInvalid(error);
  const errors = fieldErrors(error);
  const set = (key: keyof ClientDraft) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  // Field problems show at their fields; the line under the form is for everything else.
  const atFields = FIELDS.some((key) => errors[key]);
  const formError = atFields ? null : error;

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(draft);
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="client-form">
      <div className="grid-2">
        <Field label="Name" error={errors.name} hint="The business, as your team calls it.">
          {(id) => (
            <input
              id={id}
              value={draft.name}
              maxLength={NAME_MAX}
              autoComplete="off"
              autoFocus
              onChange={(e) => set("name")(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Contact email"
          error={errors.contact_email}
          hint="Optional: who to tell about this client's calls."
        >
          {(id) => (
            <input
              id={id}
              type="email"
              value={draft.contact_email}
              autoComplete="off"
              onChange={(e) => set("contact_email")(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Notes" error={errors.notes} hint={`Optional, for your team (${draft.notes.length}/${NOTES_MAX}).`}>
        {(id) => (
          <textarea id={id} value={draft.notes} maxLength={NOTES_MAX} onChange={(e) => set("notes")(e.target.value)} />
        )}
      </Field>
      {children}
      <FormError error={formError} />
      <FormActions busy={busy} submit={submitLabel} onCancel={onCancel} />
    </form>
  );
}
