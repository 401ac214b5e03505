from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM
from vocadesk.user_pool import USER_POOL, issuer, sign_in_name


def test_the_tenant_attributes_are_immutable_and_only_admins_may_set_them():
    schema = {a["Name"]: a for a in USER_POOL.create_user_pool_kwargs()["Schema"]}
    client = USER_POOL.create_client_kwargs("us-east-1_abc")

    assert {f"custom:{name}" for name in schema} == {ACCOUNT_CLAIM, USER_CLAIM}
    assert not any(a["Mutable"] for a in schema.values())
    assert not {ACCOUNT_CLAIM, USER_CLAIM} & set(client["WriteAttributes"])
    assert {ACCOUNT_CLAIM, USER_CLAIM} <= set(client["ReadAttributes"])


def test_nobody_signs_themselves_up_and_the_dashboard_client_has_no_secret():
    pool = USER_POOL.create_user_pool_kwargs()

    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["UsernameAttributes"] == ["email"] and pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert USER_POOL.create_client_kwargs("us-east-1_abc")["GenerateSecret"] is False


def test_the_issuer_is_the_pools_regional_url_and_emails_are_lower_cased():
    assert issuer("eu-west-1_AbC123") == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
    assert sign_in_name(" Ada@Example.COM ") == "ada@example.com"


def test_the_hosted_sign_in_allows_only_the_code_grant_back_to_each_dashboard_origin():
    oauth = USER_POOL.hosted_sign_in_kwargs(["https://app.example.com/", "http://localhost:5173"])

    assert oauth["AllowedOAuthFlows"] == ["code"] and oauth["AllowedOAuthFlowsUserPoolClient"] is True
    assert set(oauth["AllowedOAuthScopes"]) == {"openid", "email", "profile"}
    assert oauth["CallbackURLs"] == ["https://app.example.com/auth/callback", "http://localhost:5173/auth/callback"]
    assert oauth["LogoutURLs"] == ["https://app.example.com/", "http://localhost:5173/"]
