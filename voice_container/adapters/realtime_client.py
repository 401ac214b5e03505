"""The AI provider adapter: one Realtime session per call, through the `openai` SDK's realtime client.

The SDK owns the WebSocket (URL, auth, handshake); this wraps it for the runtime: connect with a
deadline, send events (pre-serialized text on the audio path), and yield parsed server events. The
base URL is configurable, so the same code talks to OpenAI or to the local stand-in.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from voice_container.realtime.server_events import ServerEvent, parse

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.resources.realtime.realtime import AsyncRealtimeConnection

log = logging.getLogger(__name__)


class ProviderUnavailable(Exception):
    """The provider could not be reached, refused us, or did not answer in time."""


class ProviderClosed(Exception):
    """The provider's socket closed while the call was live."""


class ProviderSession:
    """One live Realtime session. Sends may come from several tasks; receiving is the reader's alone."""

    def __init__(self, connection: AsyncRealtimeConnection) -> None:
        self._connection = connection
        self.closed = False

    async def send(self, event: dict[str, Any]) -> None:
        await self.send_text(json.dumps(event))

    async def send_text(self, text: str) -> None:
        """Straight onto the SDK's WebSocket (the one its `recv_bytes` reads): the SDK's `send_raw` first
        admits the message to a queue kept for reconnects, which this runtime does not use (no
        `on_reconnecting`: a dropped provider ends the call), and that bookkeeping (anyio/sniffio task
        lookups) was ~9% of the runtime's CPU at 200 calls, on every caller frame."""
        from websockets.exceptions import ConnectionClosed

        try:
            await self._connection._connection.send(text)
        except ConnectionClosed as error:
            raise ProviderClosed("provider socket closed") from error

    async def events(self) -> AsyncIterator[ServerEvent]:
        """Server events the runtime acts on, until the socket closes (then ProviderClosed)."""
        from websockets.exceptions import ConnectionClosed

        while True:
            try:
                raw = await self._connection.recv_bytes()
            except ConnectionClosed as error:
                raise ProviderClosed(
                    f"provider socket closed ({error.rcvd.code if error.rcvd else 'no code'})"
                ) from error
            try:
                event = parse(raw)
            except (ValueError, KeyError, TypeError):
                log.warning("unparseable provider event ignored (%d bytes)", len(raw))
                continue
            if event is not None:
                yield event

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                await self._connection.close()
            except Exception:  # already gone: nothing left to release
                log.debug("provider close failed", exc_info=True)


class RealtimeProvider:
    """Opens sessions against one Realtime endpoint (OpenAI's, or the stand-in's `ws://.../v1`)."""

    def __init__(self, *, api_key: str, base_url: str, model: str, connect_timeout: float = 5.0) -> None:
        self.api_key = api_key or "local-standin"
        self.base_url = base_url or None
        self.model = model
        self.connect_timeout = connect_timeout
        self._client: AsyncOpenAI | None = None

    def _sdk(self) -> AsyncOpenAI:
        if self._client is None:
            from openai import AsyncOpenAI  # ~0.5 s import: paid once, at first call or at warm-up

            self._client = AsyncOpenAI(api_key=self.api_key, websocket_base_url=self.base_url, max_retries=0)
        return self._client

    def warm_up(self) -> None:
        """Load the SDK now (at start-up), not on the first call's hot path: the client, and the realtime
        modules it imports on first connect (~140 ms of the first call's time to greeting otherwise)."""
        import anyio._backends._asyncio  # noqa: F401  # the SDK's send queue runs on anyio
        import openai._websocket_connection
        import openai.lib._websocket  # noqa: F401

        self._sdk().realtime  # noqa: B018  # a lazy property: it imports the realtime resources

    async def connect(self) -> ProviderSession:
        manager = self._sdk().realtime.connect(
            model=self.model, websocket_connection_options={"open_timeout": self.connect_timeout, "max_queue": 256}
        )
        try:
            async with asyncio.timeout(self.connect_timeout):
                connection = await manager.enter()
        except Exception as error:  # refused upgrade, DNS, TLS, timeout: all mean "no provider"
            raise ProviderUnavailable(f"cannot open a Realtime session: {error}") from error
        return ProviderSession(connection)
