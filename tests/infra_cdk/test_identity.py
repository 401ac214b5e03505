"""infra_cdk/constructs/identity.py: the user pool and app client are the shared definition, passed through;
the hosted sign-in's domain, and the client's OAuth settings for the dashboard's origin."""

from __future__ import annotations

import pytest

from infra_cdk.constructs.identity import Identity
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


def test_the_dashboard_signs_in_through_the_hosted_ui_with_the_code_grant_only(synthesized):
    (distribution_id,) = synthesized.resources("AWS::CloudFront::Distribution")
    dashboard = ["https://", {"Fn::GetAtt": [distribution_id, "DomainName"]}]

    client = synthesized.only("AWS::Cognito::UserPoolClient")

    # A public client (no secret): the code is bound to the browser that asked for it by PKCE.
    assert client["GenerateSecret"] is False
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthScopes"] == ["openid", "email", "profile"]
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    assert client["CallbackURLs"] == [{"Fn::Join": ["", [*dashboard, "/auth/callback"]]}]
    assert client["LogoutURLs"] == [{"Fn::Join": ["", [*dashboard, "/"]]}]


def test_the_hosted_ui_domain_prefix_is_derived_from_the_stage_and_account(synthesized):
    (pool_id,) = synthesized.resources("AWS::Cognito::UserPool")

    domain = synthesized.only("AWS::Cognito::UserPoolDomain")

    assert domain["UserPoolId"] == {"Ref": pool_id}
    assert domain["Domain"] == {"Fn::Join": ["", ["vocadesk-test-", {"Ref": "AWS::AccountId"}]]}
    assert domain["ManagedLoginVersion"] == 1


def bare_identity(**props):
    import aws_cdk as cdk

    stack = cdk.Stack(cdk.App(), "Bare")
    return stack, Identity(stack, "Identity", stage="dev", **props)


def test_a_configured_prefix_and_dev_origins_are_taken_as_given():
    from aws_cdk.assertions import Template

    stack, identity = bare_identity(domain_prefix="acme-voice")
    identity.allow_hosted_sign_in(dashboard_url="https://app.example.com", dev_origins=["http://localhost:5173"])

    template = Template.from_stack(stack).to_json()["Resources"]
    (domain,) = [r["Properties"] for r in template.values() if r["Type"] == "AWS::Cognito::UserPoolDomain"]
    (client,) = [r["Properties"] for r in template.values() if r["Type"] == "AWS::Cognito::UserPoolClient"]
    assert domain["Domain"] == "acme-voice"
    assert client["CallbackURLs"] == ["https://app.example.com/auth/callback", "http://localhost:5173/auth/callback"]
    assert client["LogoutURLs"] == ["https://app.example.com/", "http://localhost:5173/"]
    assert client == client | USER_POOL.hosted_sign_in_kwargs(["https://app.example.com", "http://localhost:5173"])


@pytest.mark.parametrize("prefix", ["my-aws-login", "Acme", "-acme", "acme.voice", "a" * 64])
def test_a_prefix_cognito_would_refuse_fails_at_synth(prefix):
    with pytest.raises(ValueError, match="domain prefix"):
        bare_identity(domain_prefix=prefix)


@pytest.mark.parametrize("origin", ["http://example.com", "https://app.example.com/path", "localhost:5173"])
def test_a_dev_origin_cognito_would_refuse_fails_at_synth(origin):
    _, identity = bare_identity()

    with pytest.raises(ValueError, match="http://localhost"):
        identity.allow_hosted_sign_in(dashboard_url="https://app.example.com", dev_origins=[origin])
