import time as real_time

import pytest

from vocadesk.call_tokens import CallGrant, CallTokens
from voice_container.call.web_tokens import WebRefused, WebTokens

KEYS = [("k1", "s" * 32)]
PAGE = "https://shop.example.com"
GRANT = CallGrant(account_id="acc_1", client_id="cli_1", agent_id="agt_1", channel="web", origin=PAGE)


class FakeTime:
    """Starts at the real time: CallTokens.verify checks `exp` against the real clock."""

    def __init__(self) -> None:
        self.now = real_time.time()

    def __call__(self) -> float:
        return self.now


def issue(grant: CallGrant = GRANT, clock=None, keys=KEYS) -> str:
    return CallTokens(keys, clock=clock or FakeTime()).issue(grant, ttl_seconds=60)[0]


def refusal(tokens: WebTokens, token: str, origin: str | None = PAGE) -> str:
    with pytest.raises(WebRefused) as refused:
        tokens.admit(token, origin)
    return refused.value.code.value


def test_a_token_admits_one_call_from_its_own_origin():
    time = FakeTime()
    tokens = WebTokens(CallTokens(KEYS, clock=time), clock=time)
    token = issue(clock=time)

    assert tokens.admit(token, PAGE).grant == GRANT
    assert refusal(tokens, token) == "token_invalid"  # replayed


def test_the_origin_must_match_exactly():
    tokens = WebTokens(CallTokens(KEYS))
    token = issue()

    for origin in ("https://evil.example.com", "https://shop.example.com:443", "http://shop.example.com", None):
        assert refusal(tokens, token, origin) == "origin_not_allowed"
    assert tokens.admit(token, PAGE)  # refusing on origin did not spend the token


def test_forged_expired_and_phone_tokens_are_invalid():
    time = FakeTime()
    tokens = WebTokens(CallTokens(KEYS, clock=time), clock=time)
    forged = issue(clock=time, keys=[("k1", "x" * 32)])
    phone = issue(CallGrant(**{**GRANT.__dict__, "channel": "phone"}), clock=time)
    expired = issue(clock=lambda: real_time.time() - 120)

    for token in (forged, phone, expired, "", "not-a-jwt"):
        assert refusal(tokens, token) == "token_invalid"


def test_spent_tokens_are_forgotten_once_they_expire():
    time = FakeTime()
    tokens = WebTokens(CallTokens(KEYS, clock=time), clock=time)
    tokens.admit(issue(clock=time), PAGE)
    assert tokens.remembered == 1

    time.now += 120  # the first token's expiry (60 s) and the leeway are behind us
    tokens.admit(issue(), PAGE)

    assert tokens.remembered == 1


def test_without_keys_no_web_call_is_admitted():
    assert refusal(WebTokens(None), issue()) == "token_invalid"
