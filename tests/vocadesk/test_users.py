import boto3
import pytest

from vocadesk import users
from vocadesk.auth import Caller, caller_from_claims
from vocadesk.errors import Conflict, Forbidden, NotFound, Unauthorized
from vocadesk.models.accounts import NewUser, Role, User, UserPatch


class FailingDirectory:
    """A directory whose every call fails, as Cognito might mid-invite."""

    def add(self, user):
        raise RuntimeError("cognito is down")

    def remove(self, user):
        raise RuntimeError("cognito is down")


def identity_of(directory, email):
    """The Cognito user holding `email` (None if there is none)."""
    cognito = boto3.client("cognito-idp")
    try:
        found = cognito.admin_get_user(UserPoolId=directory.user_pool_id, Username=email)
    except cognito.exceptions.UserNotFoundException:
        return None
    return {a["Name"]: a["Value"] for a in found["UserAttributes"]}


def emails(repos, tenant):
    return {u.email for u in users.list_page(repos.users, tenant.as_owner(), limit=100, cursor=None).items}


def member(repos, tenant, role, name):
    user = repos.users.create(
        User(account_id=tenant.account_id, email=f"{name}@{tenant.account.name}.com", name=name, role=role)
    )
    return user, Caller(account_id=tenant.account_id, user_id=user.id, role=role)


def test_an_owner_invites_a_user_with_a_sign_in_identity_naming_their_account(repos, directory, tenant_a):
    user = users.invite(
        repos.users, directory, tenant_a.as_owner(), NewUser(email="Ada@Alpha.com", name="Ada", role=Role.ADMIN)
    )

    assert users.get(repos.users, tenant_a.as_owner(), user.id) == user
    assert repos.users.find_by_email("ada@alpha.com") == user
    assert identity_of(directory, "ada@alpha.com") | {"sub": "-"} == {
        "sub": "-",
        "email": "ada@alpha.com",
        "email_verified": "true",
        "custom:account_id": tenant_a.account_id,
        "custom:user_id": user.id,
    }


def test_an_admin_invites_admins_and_viewers_but_never_an_owner(repos, directory, tenant_a):
    _, admin = member(repos, tenant_a, Role.ADMIN, "admin")

    users.invite(repos.users, directory, admin, NewUser(email="v@alpha.com", name="V"))
    with pytest.raises(Forbidden):
        users.invite(repos.users, directory, admin, NewUser(email="o@alpha.com", name="O", role=Role.OWNER))

    assert "v@alpha.com" in emails(repos, tenant_a) and "o@alpha.com" not in emails(repos, tenant_a)
    assert identity_of(directory, "o@alpha.com") is None


def test_a_viewer_cannot_invite_change_or_remove(repos, directory, tenant_a):
    viewer = tenant_a.as_viewer()

    with pytest.raises(Forbidden):
        users.invite(repos.users, directory, viewer, NewUser(email="x@alpha.com", name="X"))
    with pytest.raises(Forbidden):
        users.update(repos.users, viewer, tenant_a.viewer.id, UserPatch(role=Role.ADMIN))
    with pytest.raises(Forbidden):
        users.remove(repos.users, directory, viewer, tenant_a.viewer.id)

    assert repos.users.get(tenant_a.account_id, tenant_a.viewer.id) == tenant_a.viewer


def test_an_email_used_in_any_account_is_a_conflict_naming_email_and_writes_nothing(
    repos, directory, tenant_a, tenant_b
):
    before = emails(repos, tenant_b)

    with pytest.raises(Conflict) as taken:
        users.invite(repos.users, directory, tenant_b.as_owner(), NewUser(email="VIEWER@alpha.com", name="Twin"))

    assert taken.value.field == "email"
    assert emails(repos, tenant_b) == before
    assert repos.users.find_by_email("viewer@alpha.com") == tenant_a.viewer


def test_a_failed_directory_call_undoes_the_invite(repos, directory, tenant_a):
    with pytest.raises(RuntimeError):
        users.invite(repos.users, FailingDirectory(), tenant_a.as_owner(), NewUser(email="ada@alpha.com", name="Ada"))

    assert repos.users.find_by_email("ada@alpha.com") is None and "ada@alpha.com" not in emails(repos, tenant_a)
    assert users.invite(repos.users, directory, tenant_a.as_owner(), NewUser(email="ada@alpha.com", name="Ada"))


def test_changing_a_role_or_name_takes_effect_on_the_next_request(repos, tenant_a):
    claims = {"custom:account_id": tenant_a.account_id, "custom:user_id": tenant_a.viewer.id}

    updated = users.update(repos.users, tenant_a.as_owner(), tenant_a.viewer.id, UserPatch(role=Role.ADMIN, name="Vi"))

    assert (updated.role, updated.name, updated.version) == (Role.ADMIN, "Vi", 2)
    assert caller_from_claims(repos.users, claims).role is Role.ADMIN


def test_an_empty_patch_changes_nothing(repos, tenant_a):
    assert users.update(repos.users, tenant_a.as_owner(), tenant_a.viewer.id, UserPatch()) == tenant_a.viewer


def test_only_an_owner_promotes_to_owner_or_touches_an_owner(repos, directory, tenant_a):
    _, admin = member(repos, tenant_a, Role.ADMIN, "admin")

    for attempt in (
        lambda: users.update(repos.users, admin, tenant_a.viewer.id, UserPatch(role=Role.OWNER)),
        lambda: users.update(repos.users, admin, admin.user_id, UserPatch(role=Role.OWNER)),
        lambda: users.update(repos.users, admin, tenant_a.owner.id, UserPatch(name="Renamed")),
        lambda: users.update(repos.users, admin, tenant_a.owner.id, UserPatch(role=Role.VIEWER)),
        lambda: users.remove(repos.users, directory, admin, tenant_a.owner.id),
    ):
        with pytest.raises(Forbidden):
            attempt()

    assert repos.users.get(tenant_a.account_id, tenant_a.owner.id) == tenant_a.owner
    assert (
        users.update(repos.users, tenant_a.as_owner(), tenant_a.viewer.id, UserPatch(role=Role.OWNER)).role
        is Role.OWNER
    )


def test_the_last_owner_can_be_neither_demoted_nor_removed(repos, directory, tenant_a):
    owner = tenant_a.as_owner()

    with pytest.raises(Conflict) as demoted:
        users.update(repos.users, owner, tenant_a.owner.id, UserPatch(role=Role.ADMIN))
    with pytest.raises(Conflict) as removed:
        users.remove(repos.users, directory, owner, tenant_a.owner.id)

    assert demoted.value.field == removed.value.field == "role"
    assert repos.users.get(tenant_a.account_id, tenant_a.owner.id) == tenant_a.owner


def test_with_a_second_owner_an_owner_steps_down_then_the_other_is_the_last(repos, tenant_a):
    second, as_second = member(repos, tenant_a, Role.OWNER, "second")

    users.update(repos.users, tenant_a.as_owner(), tenant_a.owner.id, UserPatch(role=Role.ADMIN))

    with pytest.raises(Conflict):
        users.update(repos.users, as_second, second.id, UserPatch(role=Role.VIEWER))
    assert [u.id for u in repos.users.owners(tenant_a.account_id)] == [second.id]


def test_removing_a_user_deletes_item_email_and_identity_and_their_token_stops_working(repos, directory, tenant_a):
    user = users.invite(repos.users, directory, tenant_a.as_owner(), NewUser(email="ada@alpha.com", name="Ada"))

    users.remove(repos.users, directory, tenant_a.as_owner(), user.id)

    assert repos.users.find_by_email("ada@alpha.com") is None and identity_of(directory, "ada@alpha.com") is None
    with pytest.raises(Unauthorized):
        caller_from_claims(repos.users, {"custom:account_id": tenant_a.account_id, "custom:user_id": user.id})
    assert users.invite(repos.users, directory, tenant_a.as_owner(), NewUser(email="ada@alpha.com", name="Ada"))


def test_an_owner_may_remove_another_owner_and_a_directory_failure_does_not_undo_it(repos, tenant_a):
    second, _ = member(repos, tenant_a, Role.OWNER, "second")

    users.remove(repos.users, FailingDirectory(), tenant_a.as_owner(), second.id)

    with pytest.raises(NotFound):
        repos.users.get(tenant_a.account_id, second.id)


def test_another_accounts_users_are_not_found(repos, directory, tenant_a, tenant_b):
    owner_b = tenant_b.as_owner()

    for attempt in (
        lambda: users.get(repos.users, owner_b, tenant_a.viewer.id),
        lambda: users.update(repos.users, owner_b, tenant_a.viewer.id, UserPatch(role=Role.ADMIN)),
        lambda: users.remove(repos.users, directory, owner_b, tenant_a.viewer.id),
    ):
        with pytest.raises(NotFound):
            attempt()

    assert tenant_a.viewer.email not in emails(repos, tenant_b)
    assert repos.users.get(tenant_a.account_id, tenant_a.viewer.id) == tenant_a.viewer


def test_the_list_is_paged(repos, directory, tenant_a):
    for n in range(3):
        users.invite(repos.users, directory, tenant_a.as_owner(), NewUser(email=f"u{n}@alpha.com", name=f"U{n}"))

    first = users.list_page(repos.users, tenant_a.as_viewer(), limit=3, cursor=None)
    rest = users.list_page(repos.users, tenant_a.as_viewer(), limit=3, cursor=first.next_cursor)

    assert len(first.items) == 3 and first.next_cursor and rest.next_cursor is None
    assert {u.email for u in first.items + rest.items} == emails(repos, tenant_a) and len(rest.items) == 2
