"""Fixed-window request counters in the table: one conditional write per request, no read.

Counters hold no tenant data (a limit's name, an IP or an embed id, a count), so they are not
account-scoped; TTL removes each window's item once it is over.
"""

from __future__ import annotations

from vocadesk.storage import keys
from vocadesk.storage.dynamo import ConditionFailed, Table

# TTL deletion runs within a day or two of `expires_at`; until then an old window is merely unused.
EXPIRY_MARGIN_SECONDS = 60


class RateCounters:
    def __init__(self, table: Table) -> None:
        self.table = table

    def hit(self, scope: str, key: str, *, window_start: int, window_seconds: int, allowed: int) -> bool:
        """Count one request in `key`'s window of `scope`; False (and nothing counted) once `allowed` are in.

        `ADD` creates the item on the window's first request; the condition makes the check and the
        increment one atomic step, so concurrent requests can never push a window past `allowed`.
        """
        try:
            self.table.update(
                keys.rate_pk(scope, key),
                keys.rate_window_sk(window_start),
                expression="ADD hits :one SET expires_at = :expires",
                condition="attribute_not_exists(hits) OR hits < :allowed",
                values={
                    ":one": 1,
                    ":allowed": allowed,
                    ":expires": window_start + window_seconds + EXPIRY_MARGIN_SECONDS,
                },
            )
        except ConditionFailed:
            return False
        return True

    def count(self, scope: str, key: str, *, window_start: int) -> int:
        """Requests counted so far in one window (for tests and operators; the request path never reads)."""
        item = self.table.get(keys.rate_pk(scope, key), keys.rate_window_sk(window_start), consistent=True)
        return int(item["hits"]) if item else 0
