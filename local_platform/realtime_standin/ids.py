"""Identifiers shaped like the provider's (`event_…`, `item_…`, `resp_…`, `call_…`, `sess_…`, `conv_…`)."""

from __future__ import annotations

import random
import string

_ALPHABET = string.ascii_letters + string.digits
_LENGTHS = {"call": 16}  # OpenAI's call ids are shorter than its other ids
# Unique, not secret (62^21 ids): one draw per id from a seeded generator instead of a system call per
# character; every audio delta carries an event id, so this ran for each one.
_random = random.Random()


def new_id(prefix: str) -> str:
    length = _LENGTHS.get(prefix, 21)
    return f"{prefix}_" + "".join(_random.choices(_ALPHABET, k=length))
