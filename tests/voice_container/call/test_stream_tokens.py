import pytest

from voice_container.call.stream_tokens import StreamGrant, StreamTokens, TokenRefused

KEY = "k" * 32
GRANT = StreamGrant(
    call_id="call_1", account_id="acc_1", client_id="cli_1", agent_id="agt_1", channel="phone", task_id="t1"
)


class FakeTime:
    now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_is_redeemed_once():
    tokens = StreamTokens(KEY, ttl_seconds=30)
    token = tokens.issue(GRANT)

    assert tokens.redeem(token) == GRANT
    with pytest.raises(TokenRefused, match="already used"):
        tokens.redeem(token)


def test_an_expired_forged_or_missing_token_is_refused():
    time = FakeTime()
    tokens = StreamTokens(KEY, ttl_seconds=30, clock=time)
    expired = tokens.issue(GRANT)
    forged = StreamTokens("x" * 32, ttl_seconds=30, clock=time).issue(GRANT)
    time.now += 32

    for token in (expired, forged, "", None, "not-a-jwt"):
        with pytest.raises(TokenRefused):
            tokens.redeem(token)


def test_a_short_key_is_refused():
    with pytest.raises(ValueError):
        StreamTokens("short", ttl_seconds=30)
