"""Fixed-window abuse limits over the table (moto): counting, the 429 details, windows, concurrency, keys."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from vocadesk.errors import RateLimited
from vocadesk.rate_limits import Limit, RateLimiter, client_key
from vocadesk.storage.rate_counters import EXPIRY_MARGIN_SECONDS, RateCounters

PER_IP = Limit("tokens_per_ip", allowed=3, window_seconds=60, what="tokens from this address")
START = 1_800_000_000  # a window start for any window length used here


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def counters(table):
    return RateCounters(table)


def test_the_limit_admits_exactly_allowed_requests_per_window(counters):
    limiter = RateLimiter(counters, clock=Clock(START + 15.2))
    for _ in range(3):
        limiter.hit(PER_IP, "203.0.113.7")

    with pytest.raises(RateLimited) as refused:
        limiter.hit(PER_IP, "203.0.113.7")

    assert refused.value.retry_after == 45  # the window ends at START + 60; rounded up
    assert refused.value.to_dict()["limit"] == "tokens_per_ip"
    assert counters.count("tokens_per_ip", "203.0.113.7", window_start=START) == 3  # refusals are not counted


def test_keys_and_limits_count_apart(counters):
    limiter = RateLimiter(counters, clock=Clock(START))
    other_limit = Limit("tokens_per_embed", allowed=1, window_seconds=60, what="tokens for this embed")
    for _ in range(3):
        limiter.hit(PER_IP, "203.0.113.7")

    limiter.hit(PER_IP, "203.0.113.8")
    limiter.hit(other_limit, "203.0.113.7")


def test_the_next_window_starts_from_zero(counters):
    clock = Clock(START + 59.9)
    limiter = RateLimiter(counters, clock=clock)
    for _ in range(3):
        limiter.hit(PER_IP, "203.0.113.7")
    with pytest.raises(RateLimited) as refused:
        limiter.hit(PER_IP, "203.0.113.7")
    assert refused.value.retry_after == 1  # never 0: a client told "retry in 0 s" would spin

    clock.at = START + 60

    limiter.hit(PER_IP, "203.0.113.7")


def test_a_windows_counter_expires_after_the_window(counters, table):
    RateLimiter(counters, clock=Clock(START + 1)).hit(PER_IP, "203.0.113.7")

    item = table.get("RATE#tokens_per_ip#203.0.113.7", f"WINDOW#{START}")

    assert item == {
        "PK": "RATE#tokens_per_ip#203.0.113.7",
        "SK": f"WINDOW#{START}",
        "hits": 1,
        "expires_at": START + 60 + EXPIRY_MARGIN_SECONDS,
    }


def test_concurrent_requests_never_push_a_window_past_its_limit(counters):
    limit = Limit("burst", allowed=5, window_seconds=60, what="requests")
    limiter = RateLimiter(counters, clock=Clock(START))

    def attempt(_):
        try:
            limiter.hit(limit, "one-key")
        except RateLimited:
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        admitted = sum(pool.map(attempt, range(20)))

    assert admitted == 5
    assert counters.count("burst", "one-key", window_start=START) == 5


@pytest.mark.parametrize(
    ("source_ip", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
        ("2001:db8:aa:bb:ffff::9", "2001:db8:aa:bb::/64"),  # same /64, same client
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("testclient", "testclient"),
    ],
)
def test_a_client_is_its_ipv4_address_or_its_ipv6_64(source_ip, key):
    assert client_key(source_ip) == key
