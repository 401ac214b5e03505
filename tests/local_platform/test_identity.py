import time

import jwt
import pytest

from local_platform.identity import LocalIdentity
from vocadesk.errors import Unauthorized
from vocadesk.settings import Settings


@pytest.fixture
def identity(repos, tenant_a):
    identity = LocalIdentity(repos.users, Settings(local_jwt_secret="test-secret-long-enough-for-hs256-0123"))
    identity.set_password(tenant_a.owner.email, "correct horse")
    return identity


def test_signing_in_returns_an_id_token_naming_account_and_user(identity, tenant_a):
    tokens = identity.sign_in(tenant_a.owner.email.upper(), "correct horse")

    claims = identity.verify(f"Bearer {tokens['id_token']}")
    assert claims["custom:account_id"] == tenant_a.account_id
    assert claims["custom:user_id"] == claims["sub"] == tenant_a.owner.id
    assert claims["token_use"] == "id"


@pytest.mark.parametrize(("email", "password"), [("owner@alpha.com", "wrong"), ("nobody@alpha.com", "x")])
def test_wrong_credentials_get_one_vague_error(identity, email, password):
    with pytest.raises(Unauthorized, match="email or password"):
        identity.sign_in(email, password)


def test_expired_tampered_foreign_and_missing_tokens_are_refused(identity, tenant_a):
    good = identity.issue(tenant_a.account_id, tenant_a.owner.id, tenant_a.owner.email)
    header, payload, signature = good.split(".")
    tampered = ".".join([header, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), signature])
    expired = identity.issue(tenant_a.account_id, tenant_a.owner.id, tenant_a.owner.email, ttl=-10)
    foreign = jwt.encode(
        {
            "sub": "x",
            "iss": "vocadesk-local-identity",
            "aud": "vocadesk-dashboard",
            "iat": int(time.time()),
            "exp": int(time.time()) + 60,
            "token_use": "id",
        },
        "another-key-also-long-enough-for-hs256-0123",
        algorithm="HS256",
    )

    identity.verify(f"Bearer {good}")
    for authorization in (f"Bearer {tampered}", f"Bearer {expired}", f"Bearer {foreign}", good, None, "Bearer "):
        with pytest.raises(Unauthorized):
            identity.verify(authorization)
