"""Pre-warmed provider sessions: opened while the webhook answers, so the greeting is ready on connect.

The webhook starts `open` for its call; by the time Twilio opens the media socket (typically a few
hundred ms later) the Realtime session is configured and already producing the greeting, which waits in
the socket's receive buffer. A session nobody claims within `ttl_seconds` (the caller hung up while
ringing) is closed. Sessions are per task: when the media socket reaches another task (see
`VoiceRuntime` for routing), that task connects on `start` instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from voice_container.adapters.realtime_client import ProviderSession
from voice_container.metrics import METRICS

log = logging.getLogger(__name__)

Opener = Callable[[], Awaitable[ProviderSession]]


class Prewarmer:
    def __init__(self, *, ttl_seconds: float) -> None:
        self._ttl = ttl_seconds
        self._pending: dict[str, asyncio.Task[ProviderSession]] = {}

    def start(self, call_id: str, opener: Opener) -> None:
        """Begin opening the session for `call_id` in the background."""
        task = asyncio.create_task(_timed(opener), name=f"prewarm-{call_id}")
        self._pending[call_id] = task
        asyncio.get_running_loop().call_later(self._ttl, self._expire, call_id)

    def holds(self, call_id: str) -> bool:
        """Whether this task is opening (or has opened) a session for `call_id` that nobody claimed yet."""
        return call_id in self._pending

    async def claim(self, call_id: str, opener: Opener) -> ProviderSession:
        """The pre-warmed session of `call_id` if this task has one, else a newly opened one.

        Raises ProviderUnavailable when neither can be had.
        """
        task = self._pending.pop(call_id, None)
        if task is not None:
            return await task
        return await _timed(opener)

    def _expire(self, call_id: str) -> None:
        task = self._pending.pop(call_id, None)
        if task is None:
            return
        log.info("pre-warmed session unclaimed; closing it", extra={"call_id": call_id})
        task.add_done_callback(_close_quietly)

    @property
    def waiting(self) -> int:
        return len(self._pending)


async def _timed(opener: Opener) -> ProviderSession:
    began = time.perf_counter()
    session = await opener()
    METRICS.provider_connect_ms.observe((time.perf_counter() - began) * 1000)
    return session


def _close_quietly(task: asyncio.Task[ProviderSession]) -> None:
    if task.cancelled() or task.exception() is not None:
        return
    asyncio.get_running_loop().create_task(task.result().close())
