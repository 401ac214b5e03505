import pytest

from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM, caller_from_claims
from vocadesk.errors import Forbidden, Unauthorized
from vocadesk.models.accounts import Role


def test_claims_name_the_caller_and_the_role_comes_from_the_user_item(repos, tenant_a):
    claims = {ACCOUNT_CLAIM: tenant_a.account_id, USER_CLAIM: tenant_a.viewer.id}

    caller = caller_from_claims(repos.users, claims)

    assert (caller.account_id, caller.user_id, caller.role) == (tenant_a.account_id, tenant_a.viewer.id, Role.VIEWER)


def test_a_role_change_applies_without_a_new_token(repos, tenant_a):
    claims = {ACCOUNT_CLAIM: tenant_a.account_id, USER_CLAIM: tenant_a.viewer.id}
    repos.users.save(tenant_a.viewer.model_copy(update={"role": Role.ADMIN}))

    assert caller_from_claims(repos.users, claims).role is Role.ADMIN


def test_a_user_claimed_under_another_account_is_not_found(repos, tenant_a, tenant_b):
    claims = {ACCOUNT_CLAIM: tenant_b.account_id, USER_CLAIM: tenant_a.owner.id}

    with pytest.raises(Unauthorized):
        caller_from_claims(repos.users, claims)


def test_a_removed_user_is_refused(repos, tenant_a):
    repos.users.delete(tenant_a.account_id, tenant_a.viewer.id)

    with pytest.raises(Unauthorized):
        caller_from_claims(repos.users, {ACCOUNT_CLAIM: tenant_a.account_id, USER_CLAIM: tenant_a.viewer.id})


def test_claims_without_account_or_user_are_refused(repos):
    with pytest.raises(Unauthorized):
        caller_from_claims(repos.users, {"sub": "someone"})


def test_viewers_may_read_but_not_write(tenant_a):
    tenant_a.as_owner().require_write()
    with pytest.raises(Forbidden, match="viewer"):
        tenant_a.as_viewer().require_write()
