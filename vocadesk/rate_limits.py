"""Abuse limits: at most N requests per key (an IP address, an embed) in each fixed window of time.

Counted in DynamoDB (`vocadesk.storage.rate_counters`), so every Lambda instance shares the counts. A
fixed window is one conditional write per request and no read; its known cost is that a burst
straddling a window boundary may get up to twice the limit within one window's length.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from vocadesk.errors import RateLimited
from vocadesk.storage.rate_counters import RateCounters


@dataclass(frozen=True)
class Limit:
    name: str  # stable, in the 429 body and the counters' keys, e.g. "embed_tokens_per_ip"
    allowed: int
    window_seconds: int
    what: str  # for people, e.g. "call tokens from this address"


def now() -> float:
    """The limiter's clock (a module function, so tests can stop it between windows)."""
    return time.time()


class RateLimiter:
    def __init__(self, counters: RateCounters, *, clock: Callable[[], float] | None = None) -> None:
        self._counters = counters
        self._clock = clock or (lambda: now())

    def hit(self, limit: Limit, key: str) -> None:
        """Count one request for `key` against `limit`; RateLimited (with Retry-After seconds) when over."""
        at = self._clock()
        window_start = int(at // limit.window_seconds) * limit.window_seconds
        counted = self._counters.hit(
            limit.name, key, window_start=window_start, window_seconds=limit.window_seconds, allowed=limit.allowed
        )
        if not counted:
            retry_after = max(1, math.ceil(window_start + limit.window_seconds - at))
            raise RateLimited(
                f"too many {limit.what} (at most {limit.allowed} per {limit.window_seconds} s); "
                f"retry in {retry_after} s",
                limit=limit.name,
                allowed=limit.allowed,
                window_seconds=limit.window_seconds,
                retry_after=retry_after,
            )


def client_key(source_ip: str) -> str:
    """What one client is, by address: the IPv4 address, or the /64 of an IPv6 one (one host usually holds
    a whole /64, so counting single IPv6 addresses would let it rotate past the limit)."""
    try:
        address = ipaddress.ip_address(source_ip.strip())
    except ValueError:
        return source_ip.strip() or "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
