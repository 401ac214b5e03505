import jwt
import pytest

from vocadesk.call_tokens import AUDIENCE, CallGrant, CallTokens, parse_keys
from vocadesk.errors import Unauthorized

OLD, NEW = ("k1", "a" * 32), ("k2", "b" * 32)
GRANT = CallGrant(account_id="acc_1", client_id="cli_1", agent_id="agt_1", channel="web", origin="https://a.com")


class FakeTime:
    now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_round_trips_and_names_its_key():
    tokens = CallTokens([NEW, OLD])

    token, issued = tokens.issue(GRANT, ttl_seconds=120)

    assert jwt.get_unverified_header(token)["kid"] == "k2"
    assert tokens.verify(token) == issued and issued.grant == GRANT


def test_keys_rotate_without_downtime():
    before = CallTokens([OLD]).issue(GRANT, ttl_seconds=60)[0]
    during = CallTokens([NEW, OLD])
    after = CallTokens([NEW])

    assert during.verify(before).grant == GRANT
    with pytest.raises(Unauthorized, match="unknown key"):
        after.verify(before)


def test_ttl_is_clamped_to_30_seconds_through_5_minutes():
    time = FakeTime()
    tokens = CallTokens([NEW], clock=time)

    assert tokens.issue(GRANT, ttl_seconds=1)[1].expires_at == time.now + 30
    assert tokens.issue(GRANT, ttl_seconds=3600)[1].expires_at == time.now + 300


def test_expired_tampered_and_foreign_tokens_are_refused():
    time = FakeTime()
    tokens = CallTokens([NEW], clock=time)
    token, _ = tokens.issue(GRANT, ttl_seconds=30)
    header, payload, signature = token.split(".")
    wrong_audience = jwt.encode({"aud": "other", "exp": 2e9, "iat": 1, "jti": "x"}, NEW[1], headers={"kid": "k2"})

    for bad in (f"{header}.{payload[:-2]}xx.{signature}", wrong_audience, "", None, "nonsense"):
        with pytest.raises(Unauthorized):
            tokens.verify(bad)
    time.now += 60
    with pytest.raises(Unauthorized, match="expired"):
        CallTokens([NEW]).verify(token)
    assert AUDIENCE == "vocadesk-voice"


def test_key_specs_are_checked():
    assert parse_keys(f"k2:{'b' * 32}, k1:{'a' * 32}") == [NEW, OLD]
    with pytest.raises(ValueError):
        parse_keys("k1:short")
