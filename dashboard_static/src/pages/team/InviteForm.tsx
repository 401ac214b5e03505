/** Inviting a teammate: email, name and role. The API validates; its field errors show at their fields, and
 * an email that already has a Vocadesk user (409) is explained: in this team, or in another account. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { Role } from "../../api/types";
import { Field } from "../../components/Field";
import { FormError } from "../../components/states";
import { FirstSignIn } from "./FirstSignIn";
import { ROLES, roleLabel, type Member } from "./roles";
import { TEAM_KEY } from "./team-query";
import { FormActions, useFocusFirstInvalid } from "../../components/forms";

const NAME_MAX = 120;
const FIELDS = ["email", "name", "role"] as const;

type Props = { roles: Role[]; team: Member[]; onDone: (invited: Member | null) => void };

export function InviteForm({ roles, team, onDone }: Props) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const invite = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/users", { body: { email: email.trim(), name: name.trim(), role } })),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      onDone(user.id ? { ...user, id: user.id, role: user.role ?? role } : null);
    },
  });
  const errors = fieldErrors(invite.error, team);
  const form = useFocusFirstInvalid(invite.error);
  const atFields = FIELDS.some((key) => errors[key]);

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="invite-form">
      <div className="grid-2">
        <Field
          label="Email"
          error={errors.email}
          hint="They sign in with it. An email belongs to one Vocadesk account only."
        >
          {(id) => (
            <input
              id={id}
              type="email"
              value={email}
              autoComplete="off"
              autoFocus
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Name" error={errors.name} hint="As your team knows them.">
          {(id) => (
            <input
              id={id}
              value={name}
              maxLength={NAME_MAX}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Role" error={errors.role} hint={ROLES.find((item) => item.value === role)?.can}>
        {(id) => (
          <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((value) => (
              <option key={value} value={value}>
                {roleLabel(value)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="first-sign-in">
        <FirstSignIn />
      </p>
      <FormError error={atFields ? null : invite.error} />
      <FormActions busy={invite.isPending} submit="Send invitation" busyLabel="Inviting…" onCancel={() => onDone(null)} />
    </form>
  );
}

/** Per-field messages in plain words: pydantic's email and empty-name wording, and whose the email is. */
function fieldErrors(error: unknown, team: Member[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages = error.fieldMessages();
  if (error.status === 409 && error.field === "email") {
    messages.email = alreadyTaken(error, team);
  } else if (messages.email) {
    messages.email = messages.email.replace(/^value is not a valid email address: /, "");
  }
  if (error.fields.some((p) => p.field === "body.name" && p.type === "string_too_short")) {
    messages.name = "Enter their name.";
  }
  return messages;
}

function alreadyTaken(error: ApiError, team: Member[]): string {
  const taken = /'([^']+)'/.exec(error.message)?.[1]?.toLowerCase();
  const member = taken ? team.find((user) => user.email.toLowerCase() === taken) : undefined;
  if (member) return `${member.name} already has this email in your team, as ${roleLabel(member.role).toLowerCase()}.`;
  return (
    "This email already belongs to a Vocadesk user in another account: an email signs in to one account only. " +
    "Ask them for another address, or have the other account remove them first."
  );
}
