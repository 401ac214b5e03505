"""What a call sends the AI provider, in order, written by one task of its own.

The caller's side only appends here and never waits on the provider's socket, so a slow provider cannot stall
the caller (and the caller's audio keeps being read and recorded). Overflow policy: the queue holds at most
`max_items` (5 s of 20 ms frames by default); past that the oldest item is dropped and counted
(`frames_dropped_to_provider`). Frames that queued up behind a slow socket go as one append: they are late
already, and one message instead of many (framing, masking, a urandom call each) is what lets a busy task
catch up (`frames_merged_to_provider`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from voice_container.metrics import METRICS
from voice_container.realtime import server_events as provider

log = logging.getLogger(__name__)

MAX_MERGED_FRAMES = 50  # one append carries at most 1 s of queued caller audio


class ProviderOutbox:
    def __init__(
        self,
        send_text: Callable[[str], Awaitable[None]],
        *,
        max_items: int = 250,
        log_keys: dict[str, str] | None = None,
    ) -> None:
        self._send = send_text
        # Items are provider events as JSON text, or caller audio payloads (base64 never starts with `{`).
        self._queue: deque[str] = deque(maxlen=max_items)
        self._ready = asyncio.Event()
        self._log_keys = log_keys or {}

    @property
    def depth(self) -> int:
        """Items waiting for the provider's socket (caller frames, events)."""
        return len(self._queue)

    def audio(self, payload_b64: str) -> None:
        """A caller frame for `input_audio_buffer.append` (the payload is spliced into JSON text as it is)."""
        if not payload_b64:
            return
        if '"' in payload_b64 or "\\" in payload_b64:
            log.warning("caller frame with a non-base64 payload dropped", extra=self._log_keys)
            return
        self._put(payload_b64)

    def event(self, event: dict[str, Any]) -> None:
        self._put(provider.json_text(event))

    def _put(self, item: str) -> None:
        if len(self._queue) == self._queue.maxlen:
            METRICS.frames_dropped_to_provider += 1  # the deque drops the oldest item itself
        self._queue.append(item)
        self._ready.set()

    async def pump(self) -> None:
        """Sends everything in order, until cancelled (the call's end) or the socket fails (ProviderClosed)."""
        queue, ready, send = self._queue, self._ready, self._send
        while True:
            while queue:
                item = queue.popleft()
                if item[0] == "{":
                    await send(item)
                    continue
                if queue and queue[0][0] != "{":
                    merged = self._merge_queued_audio(item)
                    if merged is None:
                        continue
                    item = merged
                await send(provider.append_audio(item))
            ready.clear()
            await ready.wait()

    def _merge_queued_audio(self, first: str) -> str | None:
        payloads = [first]
        queue = self._queue
        while queue and queue[0][0] != "{" and len(payloads) < MAX_MERGED_FRAMES:
            payloads.append(queue.popleft())
        METRICS.frames_merged_to_provider += len(payloads) - 1
        try:
            return provider.merged_audio(payloads)
        except ValueError:
            log.warning("%d caller frames dropped: one is not base64", len(payloads), extra=self._log_keys)
            return None
