"""Identifiers: prefixed, URL-safe and time-sortable (ULID layout), so newest-first lists are key order.

A call id sorts by when the call began, which lets DynamoDB range keys answer "newest first" and
date-range filters without a second index.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

# Crockford's base32: no I, L, O, U, so ids survive being read aloud or typed.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TIME_CHARS = 10  # 48 bits of milliseconds
_RANDOM_CHARS = 16  # 80 random bits

PREFIXES = ("acc", "usr", "cli", "agt", "emb", "call", "evt", "num")


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def ulid(at_ms: int | None = None) -> str:
    """A 26-character ULID: 10 chars of milliseconds since the epoch, then 16 random chars."""
    ms = int(time.time() * 1000) if at_ms is None else at_ms
    return _encode(ms, _TIME_CHARS) + _encode(int.from_bytes(os.urandom(10), "big"), _RANDOM_CHARS)


def new_id(prefix: str, *, at: datetime | None = None) -> str:
    """A new id such as `cli_01JD...`; `at` pins the time part (used for calls)."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    at_ms = None if at is None else int(at.timestamp() * 1000)
    return f"{prefix}_{ulid(at_ms)}"


def time_bound(prefix: str, at: datetime, *, upper: bool) -> str:
    """The smallest (or largest) id of `prefix` that could be minted at `at`: a range-key bound."""
    filler = _ALPHABET[-1] if upper else _ALPHABET[0]
    return f"{prefix}_{_encode(int(at.timestamp() * 1000), _TIME_CHARS)}{filler * _RANDOM_CHARS}"


def timestamp_of(identifier: str) -> datetime:
    """When an id was minted (its time part)."""
    encoded = identifier.split("_", 1)[1][:_TIME_CHARS]
    ms = 0
    for char in encoded:
        ms = ms * 32 + _ALPHABET.index(char)
    return datetime.fromtimestamp(ms / 1000, tz=UTC)
