"""Identifiers shaped like the provider's (`event_…`, `item_…`, `resp_…`, `call_…`, `sess_…`, `conv_…`)."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits
_LENGTHS = {"call": 16}  # OpenAI's call ids are shorter than its other ids


def new_id(prefix: str) -> str:
    length = _LENGTHS.get(prefix, 21)
    return f"{prefix}_" + "".join(secrets.choice(_ALPHABET) for _ in range(length))
