/** Team: who can sign in to this account and with which role. Owners and admins invite teammates, change
 * their roles and remove them; a viewer reads the list. What the API would refuse (an admin managing owners,
 * the last owner stepping down, removing yourself) is disabled with the reason. */
import { useState } from "react";
import { useMe } from "../../app/me";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states";
import { FirstSignIn } from "./FirstSignIn";
import { InviteForm } from "./InviteForm";
import { MemberRow } from "./MemberRow";
import { assignableRoles, ROLES, roleLabel, type Acting, type Member } from "./roles";
import { useTeam } from "./team-query";
import "./team.css";
import { useFocusOnNews } from "../../components/useFocusOnNews";

type Notice = { text: string; invited?: Member };

export default function TeamPage() {
  const me = useMe();
  const team = useTeam();
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useFocusOnNews<HTMLDivElement>(notice);

  // Decide from the list just read (a role may have changed since sign-in), else from the session's user.
  const myId = me.data?.user.id ?? "";
  const acting: Acting | null = me.data
    ? {
        id: myId,
        role: team.data?.find((member) => member.id === myId)?.role ?? me.data.user.role ?? "viewer",
        owners: team.data?.filter((member) => member.role === "owner").length ?? 0,
      }
    : null;
  const canEdit = acting !== null && acting.role !== "viewer";

  return (
    <div className="team-screen">
      <PageHeader title="Team">
        {canEdit && !inviting && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setNotice(null);
              setInviting(true);
            }}
          >
            Invite teammate
          </button>
        )}
      </PageHeader>
      <p className="page-intro">
        The people who can sign in to {me.data ? me.data.account.name : "your account"}. Their role decides what they
        can change; a change applies from their next click.
      </p>
      {acting && !canEdit && (
        <p className="view-only">
          You have view-only access: an owner or admin invites teammates and changes their roles.
        </p>
      )}
      <div role="status" className="notice" ref={noticeRef} tabIndex={-1}>
        {notice && (
          <p>
            {notice.text}
            {notice.invited && (
              <>
                {" "}
                <FirstSignIn email={notice.invited.email} />
              </>
            )}
          </p>
        )}
      </div>

      {inviting && acting && (
        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite a teammate</h2>
          <InviteForm
            roles={assignableRoles(acting)}
            team={team.data ?? []}
            onDone={(invited) => {
              setInviting(false);
              if (invited)
                setNotice({
                  text: `${invited.name} was invited as ${roleLabel(invited.role).toLowerCase()}.`,
                  invited,
                });
            }}
          />
        </section>
      )}

      {team.isPending || me.isPending ? (
        <Loading what="Loading your team" />
      ) : team.isError || me.isError ? (
        <ErrorState
          error={team.error ?? me.error}
          retry={() => void Promise.all([team.isError && team.refetch(), me.isError && me.refetch()])}
        />
      ) : (
        acting && (
          <Roster team={team.data} acting={acting} canEdit={canEdit} onNotice={(text) => setNotice({ text })} />
        )
      )}

      <section className="roles-help" aria-labelledby="roles-title">
        <h2 id="roles-title">What each role can do</h2>
        <dl>
          {ROLES.map((role) => (
            <div key={role.value}>
              <dt>{role.label}</dt>
              <dd>{role.can}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">An account always keeps at least one owner, and only an owner can manage owners.</p>
      </section>
    </div>
  );
}

type RosterProps = { team: Member[]; acting: Acting; canEdit: boolean; onNotice: (text: string) => void };

function Roster({ team, acting, canEdit, onNotice }: RosterProps) {
  return (
    <>
      <table className="team-table">
        <caption className="visually-hidden">Teammates and their roles</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Added</th>
            {canEdit && <th scope="col">Change role or remove</th>}
          </tr>
        </thead>
        <tbody>
          {team.map((member) => (
            <MemberRow key={member.id} member={member} acting={acting} canEdit={canEdit} onNotice={onNotice} />
          ))}
        </tbody>
      </table>
      {team.every((member) => member.id === acting.id) && (
        <EmptyState title="Nobody else here yet">
          {canEdit ? (
            <p>Use “Invite teammate” above to give a colleague access: a viewer can look but not change.</p>
          ) : (
            <p>An owner or admin can invite teammates.</p>
          )}
        </EmptyState>
      )}
    </>
  );
}
