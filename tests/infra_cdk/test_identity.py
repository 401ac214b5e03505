"""infra_cdk/constructs/identity.py: the user pool and app client are the shared definition, passed through."""

from __future__ import annotations

from vocadesk.user_pool import USER_POOL


def test_user_pool_is_the_shared_definition(synthesized):
    expected = USER_POOL.create_user_pool_kwargs()

    pool = synthesized.only("AWS::Cognito::UserPool")

    assert pool["UserPoolName"] == f"{expected.pop('PoolName')}-test"
    for name, value in expected.items():
        assert pool[name] == value, name
    assert pool["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True}


def test_dashboard_client_is_the_shared_definition(synthesized):
    expected = USER_POOL.create_client_kwargs(user_pool_id="unused")
    (pool_id,) = synthesized.resources("AWS::Cognito::UserPool")

    client = synthesized.only("AWS::Cognito::UserPoolClient")

    assert client["UserPoolId"] == {"Ref": pool_id}
    for name, value in expected.items():
        if name != "UserPoolId":
            assert client[name] == value, name
