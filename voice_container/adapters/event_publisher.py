"""The one process-wide publisher of call events to EventBridge: batched, retried, off the audio path.

`emit` only appends to a buffer, so a call never waits on AWS. A background task sends up to 10
entries per PutEvents (the API's limit), as soon as 10 are waiting or `linger_seconds` after the first
of a batch arrived, whichever comes first: under load requests go out full (each PutEvents costs the
process ~1.5 ms of botocore CPU, taken from the audio relay's loop), when quiet an event waits no longer
than the linger. It retries failed entries and outages with capped exponential
backoff and jitter, and keeps everything buffered meanwhile (bounded: past `max_buffered` the oldest
event is dropped and counted). `flush` drains the buffer at shutdown. Ingest is idempotent and
order-independent, so a retry that duplicates or reorders events is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Callable
from typing import Any

from vocadesk.events import CallEvent, put_events_entry

log = logging.getLogger(__name__)

BATCH = 10  # PutEvents takes at most 10 entries


class EventPublisher:
    def __init__(
        self,
        bus_name: str,
        client_factory: Callable[[], Any],
        *,
        max_buffered: int = 100_000,
        linger_seconds: float = 0.2,
        max_backoff_seconds: float = 20.0,
    ) -> None:
        self.bus_name = bus_name
        self._client_factory = client_factory
        self._client: Any = None
        self._buffer: deque[dict[str, Any]] = deque()
        self._max_buffered = max_buffered
        self._linger = linger_seconds
        self._max_backoff = max_backoff_seconds
        self._wake = asyncio.Event()
        self._full = asyncio.Event()  # a whole batch is waiting
        self._idle = asyncio.Event()
        self._idle.set()
        self.published = 0
        self.dropped = 0
        self.failures = 0

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def emit(self, event: CallEvent) -> None:
        """Queue `event` for publishing; never blocks, never raises for AWS trouble."""
        if len(self._buffer) >= self._max_buffered:
            self._buffer.popleft()
            self.dropped += 1
            log.error("event buffer full: dropped the oldest event")
        self._buffer.append(put_events_entry(event, bus_name=self.bus_name))
        self._idle.clear()
        self._wake.set()
        if len(self._buffer) >= BATCH:
            self._full.set()

    async def run(self) -> None:
        """Send buffered events until cancelled."""
        backoff = 0.0
        while True:
            if not self._buffer:
                self._idle.set()
                self._wake.clear()
                await self._wake.wait()
            if len(self._buffer) < BATCH and self._linger:  # let more events gather into this request
                self._full.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._linger):
                        await self._full.wait()
            if backoff:
                await asyncio.sleep(backoff * random.uniform(0.5, 1.0))
            sent = await self._send_batch()
            backoff = 0.0 if sent else min(max(backoff * 2, 0.2), self._max_backoff)

    async def flush(self, timeout: float) -> bool:
        """Wait until every buffered event is published (True), or `timeout` passes (False)."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            log.error("shutdown with %d call events unpublished", len(self._buffer))
            return False
        return True

    async def _send_batch(self) -> bool:
        """Send one batch; failed entries go back to the front. False when nothing could be sent."""
        batch = [self._buffer.popleft() for _ in range(min(BATCH, len(self._buffer)))]
        try:
            response = await asyncio.to_thread(self._put, batch)
        except Exception:  # the bus or the network is down: keep the events, back off
            self.failures += 1
            log.warning("PutEvents failed; %d events kept for retry", len(batch) + len(self._buffer), exc_info=True)
            self._buffer.extendleft(reversed(batch))
            return False
        failed = [entry for entry, result in zip(batch, response["Entries"], strict=True) if "ErrorCode" in result]
        self.published += len(batch) - len(failed)
        if failed:
            self.failures += 1
            self._buffer.extendleft(reversed(failed))
            log.warning("PutEvents refused %d of %d entries; retrying them", len(failed), len(batch))
        return len(failed) < len(batch)

    def _put(self, batch: list[dict[str, Any]]) -> dict[str, Any]:
        if self._client is None:
            self._client = self._client_factory()
        return self._client.put_events(Entries=batch)
