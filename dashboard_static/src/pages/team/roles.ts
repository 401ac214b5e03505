/** What each role may do, and the API's rules for changing and removing teammates (vocadesk/users.py), so
 * the screen disables what the API would refuse and says why. The API still decides: a refusal it makes
 * anyway (a teammate changed meanwhile) is shown as it explains it. */
import type { Role, User } from "../../api/types";

export const ROLES: readonly { value: Role; label: string; can: string }[] = [
  { value: "owner", label: "Owner", can: "Everything, including managing other owners." },
  { value: "admin", label: "Admin", can: "Builds and changes everything; invites and manages admins and viewers." },
  { value: "viewer", label: "Viewer", can: "Sees every screen and call, changes nothing." },
];

/** Every role, most powerful first. */
export const ALL_ROLES: readonly Role[] = ROLES.map((item) => item.value);

export function roleLabel(role: Role): string {
  return ROLES.find((item) => item.value === role)?.label ?? role;
}

/** A listed user always has an id (the generated type marks it optional, since the model defaults it). */
export type Member = User & { id: string; role: Role };
export const isMember = (user: User): user is Member => Boolean(user.id);

/** Who is acting, and how many owners the account has (it always keeps one). */
export type Acting = { id: string; role: Role; owners: number };

/** The roles `acting` may give anyone: only an owner makes owners. */
export function assignableRoles(acting: Acting): Role[] {
  if (acting.role === "owner") return [...ALL_ROLES];
  return acting.role === "admin" ? ALL_ROLES.filter((role) => role !== "owner") : [];
}

/** Why `acting` cannot change `member`'s role at all, or null when some change is allowed. */
export function roleChangeBlocked(acting: Acting, member: Member): string | null {
  if (acting.role === "viewer") return "Viewers can't change roles.";
  if (member.role === "owner" && acting.role !== "owner") return "Only an owner can change an owner’s role.";
  if (member.role === "owner" && acting.owners <= 1)
    return "The account’s only owner keeps that role: make someone else owner first.";
  return null;
}

/** Why `acting` cannot remove `member`, or null when they can. */
export function removalBlocked(acting: Acting, member: Member): string | null {
  if (acting.role === "viewer") return "Viewers can't remove teammates.";
  if (member.id === acting.id) return "You can’t remove yourself here: ask another owner or admin.";
  if (member.role === "owner" && acting.role !== "owner") return "Only an owner can remove an owner.";
  if (member.role === "owner" && acting.owners <= 1) return "The account’s only owner can’t be removed.";
  return null;
}
