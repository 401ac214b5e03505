/** One teammate: name (and "you"), email, role, when they joined; for owners and admins, changing their role
 * and removing them, each disabled with the reason where the API would refuse. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import type { Role } from "../../api/types";
import { meQuery } from "../../app/me";
import { ConfirmButton } from "../../components/ConfirmButton";
import { formatDate } from "../../format";
import { ALL_ROLES, assignableRoles, removalBlocked, roleChangeBlocked, roleLabel, type Acting, type Member } from "./roles";
import { TEAM_KEY } from "./team-query";

const BADGE: Record<Role, string> = { owner: "badge ok", admin: "badge warn", viewer: "badge" };

type Props = { member: Member; acting: Acting; canEdit: boolean; onNotice: (message: string) => void };

export function MemberRow({ member, acting, canEdit, onNotice }: Props) {
  const queryClient = useQueryClient();
  const isYou = member.id === acting.id;

  async function remove() {
    await unwrap(api.DELETE("/v1/users/{user_id}", { params: { path: { user_id: member.id } } }));
    await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
    onNotice(`${member.name} was removed from the team. Their sessions stop working at once.`);
  }

  return (
    <tr>
      <th scope="row">
        {member.name}
        {isYou && <span className="you"> (you)</span>}
      </th>
      <td className="email">{member.email}</td>
      <td>
        <span className={BADGE[member.role]}>{roleLabel(member.role)}</span>
      </td>
      <td className="added">{formatDate(member.created_at)}</td>
      {canEdit && (
        <td>
          <div className="member-actions">
            <RoleForm
              member={member}
              acting={acting}
              onChanged={(role) => {
                if (isYou) void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
                onNotice(`${isYou ? "You are" : `${member.name} is`} now ${roleLabel(role).toLowerCase()}.`);
              }}
            />
            <RemoveControl member={member} blocked={removalBlocked(acting, member)} onConfirm={remove} />
          </div>
        </td>
      )}
    </tr>
  );
}

type RoleFormProps = { member: Member; acting: Acting; onChanged: (role: Role) => void };

/** The role select and its Save button (a select alone would save on every arrow key). */
function RoleForm({ member, acting, onChanged }: RoleFormProps) {
  const queryClient = useQueryClient();
  // The select shows the stored role unless a change is being chosen; saved or refused, it shows what is true.
  const [draft, setDraft] = useState<Role | null>(null);
  const role = draft ?? member.role;
  const selectId = useId();
  const reasonId = useId();
  const blocked = roleChangeBlocked(acting, member);
  const allowed = assignableRoles(acting);
  const change = useMutation({
    mutationFn: (next: Role) =>
      unwrap(api.PATCH("/v1/users/{user_id}", { params: { path: { user_id: member.id } }, body: { role: next } })),
    onSuccess: async (_user, next) => {
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      setDraft(null);
      onChanged(next);
    },
    // Refused (a teammate changed meanwhile, or the rules did): the API's reason, beside the role as it is now.
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: TEAM_KEY });
      setDraft(null);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (role !== member.role) change.mutate(role);
  }

  return (
    <form className="role-form" onSubmit={submit}>
      <label htmlFor={selectId} className="visually-hidden">
        Role of {member.name}
      </label>
      <select
        id={selectId}
        value={role}
        disabled={Boolean(blocked) || change.isPending}
        aria-describedby={blocked ? reasonId : undefined}
        onChange={(e) => {
          change.reset();
          setDraft(e.target.value as Role);
        }}
      >
        {ALL_ROLES.map((value) => (
          <option key={value} value={value} disabled={value !== member.role && !allowed.includes(value)}>
            {roleLabel(value)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={Boolean(blocked) || role === member.role || change.isPending}>
        {change.isPending ? "Saving…" : "Save role"}
      </button>
      {blocked && (
        <small id={reasonId} className="hint reason">
          {blocked}
        </small>
      )}
      {change.error != null && (
        <p className="form-error" role="alert">
          {roleRefusal(change.error)}
        </p>
      )}
    </form>
  );
}

/** The API's words for a refused role change (403 or 409), said as a sentence. */
function roleRefusal(error: unknown): string {
  return `The role was not changed: ${errorMessage(error).replace(/\.$/, "")}.`;
}

type RemoveProps = { member: Member; blocked: string | null; onConfirm: () => Promise<unknown> };

function RemoveControl({ member, blocked, onConfirm }: RemoveProps) {
  const reasonId = useId();
  if (blocked) {
    return (
      <span className="remove-blocked">
        <button type="button" className="danger" disabled aria-describedby={reasonId}>
          Remove
        </button>
        <small id={reasonId} className="hint reason">
          {blocked}
        </small>
      </span>
    );
  }
  return (
    <ConfirmButton label="Remove" title={`Remove ${member.name} from the team?`} onConfirm={onConfirm}>
      <p>
        {member.name} ({member.email}) can no longer sign in, and any session they have open stops working at its next
        request. What they built stays. You can invite the same email again later.
      </p>
    </ConfirmButton>
  );
}
