import boto3
import pytest

from vocadesk.errors import Invalid
from vocadesk.models.accounts import User


def attributes(directory, email):
    found = boto3.client("cognito-idp").admin_get_user(UserPoolId=directory.user_pool_id, Username=email)
    return {a["Name"]: a["Value"] for a in found["UserAttributes"]}


def new_user(tenant, email="ada@alpha.com"):
    return User(account_id=tenant.account_id, email=email, name="Ada")


def test_an_added_user_signs_in_with_the_lower_cased_email_and_carries_their_ids(directory, tenant_a):
    user = new_user(tenant_a, "Ada@Alpha.com")

    directory.add(user)

    assert attributes(directory, "ada@alpha.com")["custom:user_id"] == user.id
    assert attributes(directory, "ada@alpha.com")["custom:account_id"] == tenant_a.account_id


def test_a_leftover_identity_is_replaced_by_the_next_invite_of_its_email(directory, tenant_a, tenant_b):
    # Given an identity whose user is gone (its removal failed half-way)
    directory.add(new_user(tenant_a))

    # When the email, free again, is invited elsewhere
    again = new_user(tenant_b)
    directory.add(again)

    # Then the identity is the new user's
    assert attributes(directory, "ada@alpha.com")["custom:user_id"] == again.id


def test_removing_skips_an_identity_that_now_belongs_to_someone_else(directory, tenant_a, tenant_b):
    old, new = new_user(tenant_a), new_user(tenant_b)
    directory.add(old)
    directory.add(new)

    directory.remove(old)
    assert attributes(directory, "ada@alpha.com")["custom:user_id"] == new.id
    directory.remove(new)
    directory.remove(new)  # already gone: nothing to do

    with pytest.raises(boto3.client("cognito-idp").exceptions.UserNotFoundException):
        attributes(directory, "ada@alpha.com")


def test_a_password_the_pool_refuses_names_the_field(directory, tenant_a):
    directory.add(new_user(tenant_a))

    with pytest.raises(Invalid) as refused:
        directory.set_password("ada@alpha.com", "short")

    assert refused.value.field == "password"
