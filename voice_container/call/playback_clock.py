"""How much of the agent's audio the caller has actually heard, from the marks the caller side echoes.

Audio is sent faster than real time and buffered at the far end (Twilio, the browser), so "sent" is not
"heard". After an item's first chunk, and then after every `mark_every_ms` of its audio, the runtime sends a
mark; the far end echoes it when playback reaches it. Between echoes playback runs at real-time speed, which
gives the estimate barge-in truncates at. Not a mark per chunk: each is a message each way on every live
call (with 40 ms chunks, half of all the agent's messages), and the estimate between marks 200 ms apart is
as good as the far end's playback is steady.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MARK_EVERY_MS = 200


@dataclass
class _Item:
    item_id: str
    sent_ms: int = 0
    heard_ms: int = 0  # position of the last echoed mark
    heard_at: float | None = None  # when that echo arrived
    first_sent_at: float | None = None
    marked_ms: int | None = None  # position of the last mark sent


class PlaybackClock:
    def __init__(self, clock: Callable[[], float] = time.monotonic, *, mark_every_ms: int = MARK_EVERY_MS) -> None:
        self._now = clock
        self._mark_every_ms = mark_every_ms
        self._item: _Item | None = None
        self._marks: dict[str, tuple[str, int]] = {}
        self._next_mark = 0

    @property
    def item_id(self) -> str | None:
        """The assistant item whose audio was sent last (None before any, or after a clear)."""
        return self._item.item_id if self._item else None

    def sent(self, item_id: str, duration_ms: int) -> str | None:
        """Record a chunk sent for `item_id`; returns the name of a mark to send right after it, or None."""
        if self._item is None or self._item.item_id != item_id:
            self._item = _Item(item_id)
        item = self._item
        if item.first_sent_at is None:
            item.first_sent_at = self._now()
        item.sent_ms += duration_ms
        if item.marked_ms is not None and item.sent_ms - item.marked_ms < self._mark_every_ms:
            return None
        item.marked_ms = item.sent_ms
        self._next_mark += 1
        name = str(self._next_mark)
        self._marks[name] = (item_id, item.sent_ms)
        return name

    def acknowledged(self, mark: str) -> None:
        """The far end played up to `mark`."""
        position = self._marks.pop(mark, None)
        if position is None or self._item is None or position[0] != self._item.item_id:
            return
        self._item.heard_ms = max(self._item.heard_ms, position[1])
        self._item.heard_at = self._now()

    def heard_ms(self) -> int:
        """Milliseconds of the current item the caller has heard by now (never more than was sent)."""
        item = self._item
        if item is None or item.first_sent_at is None:
            return 0
        since, base = (item.heard_at, item.heard_ms) if item.heard_at is not None else (item.first_sent_at, 0)
        return min(item.sent_ms, base + round((self._now() - since) * 1000))

    def playing(self) -> bool:
        """Whether audio sent for the current item is still (estimated to be) playing."""
        return self._item is not None and self.heard_ms() < self._item.sent_ms

    def cleared(self) -> int:
        """The far end dropped its queued audio (barge-in): forget the item; returns what was heard."""
        heard = self.heard_ms()
        self._item = None
        self._marks.clear()
        return heard
