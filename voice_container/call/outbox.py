"""What waits to be written to a caller's socket, and the one task that writes it.

Both caller links (Twilio, browser) queue here: agent audio is capped by duration (past the cap a chunk
is refused and the session counts it: that only happens when the far end stops reading, since it
buffers whatever it is sent for playback itself); control messages are always accepted; `clear`
drops what is queued. A callback may wait in line too, to learn when what precedes it was written (the
time a barge-in's clear really left). A socket that is gone ends the writer quietly: reading notices the
hang-up.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from starlette.websockets import WebSocketDisconnect

SOCKET_GONE = (WebSocketDisconnect, RuntimeError, OSError)  # starlette/uvicorn: the other side already left

Message = bytes | str
Queued = Message | Callable[[], None]  # a callable runs when the writer reaches it


class Outbox:
    def __init__(self, *, max_queued_ms: int = 120_000) -> None:
        self._queue: deque[tuple[Queued, int]] = deque()
        self._queued_ms = 0
        self._max_queued_ms = max_queued_ms
        self._wake = asyncio.Event()
        self.closed = False

    @property
    def queued_ms(self) -> int:
        """Audio waiting to be written (the far end is slow to read: it buffers what it was sent itself)."""
        return self._queued_ms

    def audio(self, message: Message, duration_ms: int, *then: Message) -> bool:
        """Queue an audio message (and the messages that follow it, e.g. its mark); False if over the cap."""
        if self.closed or self._queued_ms + duration_ms > self._max_queued_ms:
            return False
        self._queue.append((message, duration_ms))
        self._queue.extend((follower, 0) for follower in then)
        self._queued_ms += duration_ms
        self._wake.set()
        return True

    def control(self, message: Message, *, on_sent: Callable[[], None] | None = None) -> None:
        """Queue a control message; `on_sent` runs once it was written (never if it is dropped first)."""
        if not self.closed:
            self._queue.append((message, 0))
            if on_sent is not None:
                self._queue.append((on_sent, 0))
            self._wake.set()

    def clear(self) -> None:
        """Drop everything queued (the caller talked over the agent)."""
        self._queue.clear()
        self._queued_ms = 0

    def close(self) -> None:
        self.closed = True
        self._queue.clear()
        self._wake.set()

    async def pump(
        self, send_text: Callable[[str], Awaitable[None]], send_bytes: Callable[[bytes], Awaitable[None]]
    ) -> None:
        """Write queued messages in order until closed (or the socket is gone)."""
        queue, wake = self._queue, self._wake
        try:
            while True:
                while queue:
                    message, duration = queue.popleft()
                    self._queued_ms -= duration
                    if type(message) is str:
                        await send_text(message)
                    elif type(message) is bytes:
                        await send_bytes(message)
                    else:
                        message()  # type: ignore[operator]
                if self.closed:  # checked after sending: close() may come while a send is awaited
                    return
                wake.clear()
                await wake.wait()
        except SOCKET_GONE:
            self.closed = True
