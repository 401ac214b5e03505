import pytest

from vocadesk.errors import Conflict, PreconditionFailed
from vocadesk.models.accounts import Role, User


@pytest.fixture
def second_owner(repos, tenant_a):
    return repos.users.create(
        User(account_id=tenant_a.account_id, email="second@alpha.com", name="Two", role=Role.OWNER)
    )


def test_two_owners_demoting_each_other_at_once_leave_one_owner(repos, tenant_a, second_owner):
    # Given both demotions were decided while both were owners
    first, second = tenant_a.owner, second_owner

    # When both apply, each checking the other is still an owner
    repos.users.save_keeping_owner(first.model_copy(update={"role": Role.ADMIN}), owner=second)
    with pytest.raises(Conflict) as refused:
        repos.users.save_keeping_owner(second.model_copy(update={"role": Role.ADMIN}), owner=first)

    # Then the second one is refused and the account keeps an owner
    assert refused.value.field == "role"
    assert [u.id for u in repos.users.owners(tenant_a.account_id)] == [second.id]


def test_removing_an_owner_while_the_other_is_demoted_is_refused(repos, tenant_a, second_owner):
    repos.users.save_keeping_owner(second_owner.model_copy(update={"role": Role.VIEWER}), owner=tenant_a.owner)

    with pytest.raises(Conflict):
        repos.users.delete_keeping_owner(tenant_a.owner, owner=second_owner)

    assert repos.users.find_by_email(tenant_a.owner.email) == tenant_a.owner


def test_a_stale_version_is_a_precondition_failure_not_a_lost_update(repos, tenant_a, second_owner):
    repos.users.save(second_owner.model_copy(update={"name": "Renamed"}))

    with pytest.raises(PreconditionFailed):
        repos.users.save_keeping_owner(second_owner.model_copy(update={"role": Role.ADMIN}), owner=tenant_a.owner)

    assert repos.users.get(tenant_a.account_id, second_owner.id).role is Role.OWNER


def test_owners_pages_through_every_user_of_the_account(repos, tenant_a):
    for n in range(105):
        repos.users.create(User(account_id=tenant_a.account_id, email=f"u{n}@alpha.com", name="U", role=Role.VIEWER))
    last = repos.users.create(User(account_id=tenant_a.account_id, email="z@alpha.com", name="Z", role=Role.OWNER))

    assert {u.id for u in repos.users.owners(tenant_a.account_id)} == {tenant_a.owner.id, last.id}
