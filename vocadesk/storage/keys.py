"""Key builders: the only place key strings are spelled, so layouts cannot drift between repositories."""

from __future__ import annotations


def account_pk(account_id: str) -> str:
    return f"A#{account_id}"


def client_partition(account_id: str, client_id: str) -> str:
    """GSI1 partition: everything that belongs to one client."""
    return f"A#{account_id}#C#{client_id}"


def agent_partition(account_id: str, agent_id: str) -> str:
    """GSI2 partition: everything that belongs to one agent."""
    return f"A#{account_id}#G#{agent_id}"


def turns_pk(account_id: str, call_id: str) -> str:
    return f"A#{account_id}#CALL#{call_id}"


def turn_sk(seq: int) -> str:
    return f"TURN#{seq:010d}"


def route_pk(kind: str, public_id: str) -> str:
    """A platform-wide lookup (dialled number, embed id, sign-in email) -> its account."""
    return f"ROUTE#{kind}#{public_id}"


def rate_pk(scope: str, key: str) -> str:
    """The counters of one rate limit for one key (an IP, an embed id): no tenant data."""
    return f"RATE#{scope}#{key}"


def rate_window_sk(window_start: int) -> str:
    return f"WINDOW#{window_start}"


ACCOUNT_SK = "ACCOUNT"
ROUTE_SK = "ROUTE"


def count_sk(parent_kind: str, parent_id: str) -> str:
    """The item counting a parent's children (`storage/child_counts.py`), beside the parent in its account."""
    return f"COUNT#{parent_kind}#{parent_id}"


def sk(kind: str, item_id: str = "") -> str:
    """Sort key (or, with no id, its prefix) of an account's item of `kind`, e.g. `CLIENT#cli_..`."""
    return f"{kind}#{item_id}"
