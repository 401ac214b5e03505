"""Sign-in over Cognito (moto) and the JWT authorizer's checks, as API Gateway makes them."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.utilities.utils import load_resource

from local_platform.identity import NewPasswordRequired
from vocadesk.errors import Invalid, Unauthorized

# The key moto's Cognito signs with (its JWKS publishes the public half under kid "dummy").
POOL_KEY = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"), algorithm="RS256").key


def signed(claims, key=POOL_KEY, kid="dummy"):
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def id_claims(identity, **changes):
    """What a valid ID token of the pool carries, with `changes` applied."""
    now = int(time.time())
    claims = {
        "sub": "5b3c9c1e-0000-4000-8000-000000000000",
        "iss": identity.issuer,
        "aud": identity.client_id,
        "token_use": "id",
        "iat": now,
        "auth_time": now,
        "exp": now + 300,
        "custom:account_id": "acc_x",
        "custom:user_id": "usr_x",
    }
    return {k: v for k, v in (claims | changes).items() if v is not None}


def test_signing_in_returns_a_cognito_id_token_naming_account_and_user(identity, tenant_a):
    tokens = identity.sign_in(tenant_a.owner.email.upper(), "pw-owner")

    claims = identity.verify(f"Bearer {tokens['id_token']}")
    assert claims["custom:account_id"] == tenant_a.account_id
    assert claims["custom:user_id"] == tenant_a.owner.id
    assert claims["token_use"] == "id" and claims["aud"] == identity.client_id
    assert claims["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{identity.user_pool_id}"
    assert jwt.get_unverified_header(tokens["id_token"])["alg"] == "RS256"
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0


@pytest.mark.parametrize(("email", "password"), [("owner@alpha.com", "wrong-password"), ("nobody@alpha.com", "x")])
def test_wrong_credentials_get_one_vague_error(identity, email, password):
    with pytest.raises(Unauthorized, match="email or password"):
        identity.sign_in(email, password)


def test_a_temporary_password_needs_a_new_one_then_only_that_works(identity, directory, tenant_a, repos):
    # Given a user created with the local temporary password, as an invitation does
    user = repos.users.create(tenant_a.owner.model_copy(update={"id": "usr_" + "1" * 26, "email": "new@alpha.com"}))
    directory.add(user)
    temporary = directory.temporary_password

    # When they sign in with it alone, then with a new password
    with pytest.raises(NewPasswordRequired) as asked:
        identity.sign_in("new@alpha.com", temporary)
    with pytest.raises(Invalid) as weak:
        identity.sign_in("new@alpha.com", temporary, new_password="short")
    tokens = identity.sign_in("new@alpha.com", temporary, new_password="a-long-own-password")

    # Then the challenge named the field, and from now on only the new password works
    assert asked.value.field == weak.value.field == "new_password"
    assert identity.verify(f"Bearer {tokens['id_token']}")["custom:user_id"] == user.id
    assert identity.sign_in("new@alpha.com", "a-long-own-password")["id_token"]
    with pytest.raises(Unauthorized):
        identity.sign_in("new@alpha.com", temporary)


def test_a_token_signed_by_the_pool_with_good_claims_is_accepted(identity):
    assert identity.verify(f"Bearer {signed(id_claims(identity))}")["custom:user_id"] == "usr_x"


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": int(time.time()) - 10},
        {"aud": "another-app-client"},
        {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_another"},
        {"token_use": "access"},
        {"token_use": None},
        {"exp": None},
    ],
    ids=["expired", "foreign-audience", "foreign-issuer", "access-token", "no-token-use", "no-expiry"],
)
def test_tokens_with_a_wrong_claim_are_refused(identity, changes):
    with pytest.raises(Unauthorized):
        identity.verify(f"Bearer {signed(id_claims(identity, **changes))}")


def test_tampered_foreign_key_unknown_kid_and_unsigned_tokens_are_refused(identity, tenant_a):
    good = identity.sign_in(tenant_a.owner.email, "pw-owner")["id_token"]
    header, payload, signature = good.split(".")
    tampered = ".".join([header, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), signature])
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = signed(id_claims(identity), key=other_key)
    unknown_kid = signed(id_claims(identity), kid="not-in-the-jwks")
    unsigned = jwt.encode(id_claims(identity), None, algorithm="none")

    identity.verify(f"Bearer {good}")
    for token in (tampered, foreign, unknown_kid, unsigned):
        with pytest.raises(Unauthorized):
            identity.verify(f"Bearer {token}")


@pytest.mark.parametrize("authorization", [None, "", "Bearer ", "Basic dXNlcjpwYXNz", "not-even-a-scheme"])
def test_requests_without_a_bearer_token_are_refused(identity, authorization):
    with pytest.raises(Unauthorized):
        identity.verify(authorization)


def test_the_access_token_is_not_accepted_where_an_id_token_is(identity, tenant_a):
    access = identity.sign_in(tenant_a.owner.email, "pw-owner")["access_token"]

    with pytest.raises(Unauthorized):
        identity.verify(f"Bearer {access}")
