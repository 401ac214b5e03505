"""One call's latency as its caller lives it: greeting, provider connect, each answer, each barge-in's stop.

The session tells the meter about moments (the caller finished a turn, an agent item's first audio went out,
a barge-in's clear was written) and the meter makes the `CallLatency` that `call.ended` carries. It is told
once per agent item, caller turn or barge-in, never per audio frame, and its memory is bounded: each
distribution keeps at most `LATENCY_SAMPLES` values (a uniform sample beyond), whatever the call's length.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from vocadesk.models.calls import LATENCY_SAMPLES, CallLatency, LatencyStats


class Samples:
    """The exact count and max of what was observed, and up to `capacity` of the values for percentiles:
    all of them, or past that a uniform sample (reservoir sampling, Vitter's algorithm R)."""

    __slots__ = ("_kept", "_pick", "capacity", "count", "max_ms")

    def __init__(self, capacity: int = LATENCY_SAMPLES, *, pick: Callable[[int], int] = random.randrange) -> None:
        self.capacity = capacity
        self.count = 0
        self.max_ms = 0
        self._kept: list[int] = []
        self._pick = pick  # pick(n): a uniform index in [0, n)

    def add(self, value_ms: int) -> None:
        self.count += 1
        self.max_ms = max(self.max_ms, value_ms)
        if len(self._kept) < self.capacity:
            self._kept.append(value_ms)
        elif (slot := self._pick(self.count)) < self.capacity:
            self._kept[slot] = value_ms

    @property
    def kept(self) -> int:
        return len(self._kept)

    def stats(self) -> LatencyStats | None:
        """None when nothing was measured."""
        if not self.count:
            return None
        ordered = sorted(self._kept)
        return LatencyStats(
            count=self.count, p50_ms=_rank(ordered, 0.50), p95_ms=_rank(ordered, 0.95), max_ms=self.max_ms
        )


def _rank(ordered: list[int], fraction: float) -> int:
    """The nearest-rank percentile: the smallest value with at least `fraction` of them at or below it."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


class LatencyMeter:
    """Measures one call on `clock` (seconds), from `started_at`: when the call's media started on that clock."""

    def __init__(
        self,
        started_at: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        samples: int = LATENCY_SAMPLES,  # values kept per distribution (see Samples)
    ) -> None:
        self._clock = clock
        self._started_at = started_at
        self._greeting_ms: int | None = None
        self._provider_connect_ms = 0
        self._prewarmed = False
        self._last_item: str | None = None
        self._turn_ended_at: float | None = None  # the caller's turn is waiting for its answer since then
        self._responses = Samples(samples)
        self._barge_ins = 0
        self._barge_in_stops = Samples(samples)

    def provider_ready(self, waited_ms: int, *, prewarmed: bool) -> None:
        """The call waited `waited_ms` for its provider session after its media started."""
        self._provider_connect_ms, self._prewarmed = max(0, waited_ms), prewarmed

    def caller_finished(self) -> None:
        """The caller ended a turn (speech stopped, or a typed turn sent): the wait for the answer starts.
        A later end of turn before the answer restarts it: the answer is to everything said by then."""
        self._turn_ended_at = self._clock()

    def caller_started(self) -> None:
        """The caller speaks (again): nothing waits for an answer until they stop."""
        self._turn_ended_at = None

    def agent_began(self, item_id: str) -> None:
        """The first audio of agent item `item_id` was sent: the greeting, or the answer to the caller's turn
        (agent audio nobody waited for, like a second sentence of the greeting, is neither)."""
        if item_id == self._last_item:
            return  # the same item again (its audio outlived its transcript): already counted
        self._last_item = item_id
        now = self._clock()
        if self._greeting_ms is None:
            self._greeting_ms = _ms(now - self._started_at)
            self._turn_ended_at = None  # whatever the caller said before the greeting, the greeting is no answer
        elif self._turn_ended_at is not None:
            self._responses.add(_ms(now - self._turn_ended_at))
            self._turn_ended_at = None

    def barged_in(self) -> Callable[[], None]:
        """The caller talked over the agent; returns what to call once the stop was written to the caller."""
        self._barge_ins += 1
        began = self._clock()
        return lambda: self._barge_in_stops.add(_ms(self._clock() - began))

    def summary(self) -> CallLatency:
        return CallLatency(
            greeting_ms=self._greeting_ms,
            provider_connect_ms=self._provider_connect_ms,
            prewarmed=self._prewarmed,
            response_ms=self._responses.stats(),
            barge_ins=self._barge_ins,
            barge_in_ms=self._barge_in_stops.stats(),
        )
