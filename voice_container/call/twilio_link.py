"""The phone caller over Twilio Media Streams: μ-law in, μ-law out, marks for playback, clear for barge-in."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from voice_container.call.caller_link import CallerAudio, InboundEvent, KeyPressed, PlaybackReached
from voice_container.call.outbox import SOCKET_GONE, Outbox
from voice_container.protocols import twilio_media
from voice_container.protocols.twilio_media import Dtmf, MalformedFrame, Mark, Media, Start, Stop

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

log = logging.getLogger(__name__)

HANDSHAKE_SECONDS = 10.0


class HandshakeFailed(Exception):
    """The socket closed or sent something else before Twilio's `start` frame."""


async def wait_for_start(websocket: WebSocket) -> Start:
    """Read `connected` then `start` (Twilio's first two frames) within HANDSHAKE_SECONDS."""
    try:
        async with asyncio.timeout(HANDSHAKE_SECONDS):
            for _ in range(3):
                message = twilio_media.decode(await websocket.receive_text())
                if isinstance(message, Start):
                    return message
    except (TimeoutError, MalformedFrame, KeyError, RuntimeError) as error:
        raise HandshakeFailed(str(error) or type(error).__name__) from error
    raise HandshakeFailed("no start frame")


class TwilioLink:
    """A `CallerLink` over one Media Streams socket (agent audio queued in an `Outbox`)."""

    def __init__(self, websocket: WebSocket, stream_sid: str, *, max_queued_ms: int = 120_000) -> None:
        self._ws = websocket
        self.stream_sid = stream_sid
        self._outbox = Outbox(max_queued_ms=max_queued_ms)

    def audio_ms(self, payload_b64: str) -> int:
        """μ-law at 8 kHz: 8 bytes per millisecond."""
        padding = payload_b64.count("=", -2)
        return (len(payload_b64) * 3 // 4 - padding) // 8

    @property
    def queued_ms(self) -> int:
        return self._outbox.queued_ms

    def play(self, payload_b64: str, mark: str | None) -> bool:
        media, duration = twilio_media.media(self.stream_sid, payload_b64), self.audio_ms(payload_b64)
        if mark is None:
            return self._outbox.audio(media, duration)
        return self._outbox.audio(media, duration, twilio_media.mark(self.stream_sid, mark))

    def clear(self, on_sent: Callable[[], None] | None = None) -> None:
        self._outbox.clear()
        self._outbox.control(twilio_media.clear(self.stream_sid), on_sent=on_sent)

    async def inbound(self) -> AsyncIterator[InboundEvent]:
        while True:
            try:
                raw = await self._ws.receive_text()
            except (*SOCKET_GONE, KeyError):  # disconnected / a binary or close message
                return
            try:
                message = twilio_media.decode(raw)
            except MalformedFrame as error:
                log.warning("malformed Twilio frame ignored: %s", error)
                continue
            kind = type(message)
            if kind is Media:
                yield CallerAudio(message.payload)  # type: ignore[union-attr]
            elif kind is Mark:
                yield PlaybackReached(message.name)  # type: ignore[union-attr]
            elif kind is Dtmf:
                yield KeyPressed(message.digit)  # type: ignore[union-attr]
            elif kind is Stop:
                return

    async def pump(self) -> None:
        await self._outbox.pump(self._ws.send_text, self._ws.send_bytes)

    async def close(self) -> None:
        if self._outbox.closed:
            return
        self._outbox.close()
        with contextlib.suppress(*SOCKET_GONE):
            await self._ws.close()
