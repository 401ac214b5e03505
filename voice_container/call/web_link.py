"""The browser caller (web and test calls): PCM16 24 kHz as binary frames both ways, JSON for the rest.

The provider session of a browser call is `audio/pcm` at 24 kHz too, so audio is only re-wrapped: binary
frame -> base64 for `input_audio_buffer.append`, and base64 deltas -> binary frames. Nothing is resampled.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from voice_container.call.caller_link import CallerAudio, CallerText, InboundEvent, PlaybackReached
from voice_container.call.outbox import SOCKET_GONE, Outbox
from voice_container.call.web_tokens import WebRefused
from voice_container.protocols import web_call
from voice_container.protocols.web_call import ErrorCode, Hangup, MalformedMessage, Mark, Start, Text

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

log = logging.getLogger(__name__)

START_SECONDS = 5.0  # the browser's `start` must arrive this soon after the socket opens
MAX_PIECE_BYTES = 200 * web_call.BYTES_PER_MS  # caller audio is cut to <= 200 ms per provider append


async def wait_for_browser_start(websocket: WebSocket, *, timeout: float = START_SECONDS) -> Start | None:
    """The browser's `start` message; None if the socket closed first; WebRefused if time ran out or the
    first message was something else."""
    try:
        async with asyncio.timeout(timeout):
            message = await websocket.receive()
    except TimeoutError:
        raise WebRefused(ErrorCode.TIMEOUT, f"no start message within {timeout:g} s") from None
    if message["type"] == "websocket.disconnect":
        return None
    try:
        start = web_call.decode(message.get("text") or "")
    except MalformedMessage as error:
        raise WebRefused(ErrorCode.TOKEN_INVALID, f"the first message must be start ({error})") from None
    if not isinstance(start, Start):
        raise WebRefused(ErrorCode.TOKEN_INVALID, "the first message must be start")
    return start


async def refuse(websocket: WebSocket, refused: WebRefused) -> None:
    """Tell the browser why, then close with 1008 (policy violation)."""
    with contextlib.suppress(*SOCKET_GONE):
        await websocket.send_text(web_call.error(refused.code, refused.message))
        await websocket.close(code=1008)


class WebLink:
    """A `CallerLink` over one browser socket (agent audio queued in an `Outbox`)."""

    def __init__(self, websocket: WebSocket, *, max_queued_ms: int = 120_000) -> None:
        self._ws = websocket
        self._outbox = Outbox(max_queued_ms=max_queued_ms)
        self._finished = False
        self._odd_byte = b""  # a frame of odd length leaves half a sample for the next one

    # -- to the browser -------------------------------------------------------------------------
    def audio_ms(self, payload_b64: str) -> int:
        """PCM16 at 24 kHz: 48 bytes per millisecond."""
        padding = payload_b64.count("=", -2)
        return web_call.audio_ms(len(payload_b64) * 3 // 4 - padding)

    @property
    def queued_ms(self) -> int:
        return self._outbox.queued_ms

    def play(self, payload_b64: str, mark: str | None) -> bool:
        try:
            audio = base64.b64decode(payload_b64, validate=True)
        except (binascii.Error, ValueError):
            log.warning("agent audio that is not base64 dropped")
            return False
        if mark is None:
            return self._outbox.audio(audio, web_call.audio_ms(len(audio)))
        return self._outbox.audio(audio, web_call.audio_ms(len(audio)), web_call.mark(mark))

    def clear(self, on_sent: Callable[[], None] | None = None) -> None:
        self._outbox.clear()
        self._outbox.control(web_call.clear(), on_sent=on_sent)

    def transcript(self, speaker: str, text: str) -> None:
        """A finished turn, for the browser's live transcript (queued behind the audio already sent)."""
        self._outbox.control(web_call.transcript(speaker, text))

    async def pump(self) -> None:
        await self._outbox.pump(self._ws.send_text, self._ws.send_bytes)

    # -- from the browser -----------------------------------------------------------------------
    async def inbound(self) -> AsyncIterator[InboundEvent]:
        while True:
            try:
                message = await self._ws.receive()
            except SOCKET_GONE:
                return
            if message["type"] == "websocket.disconnect":
                return
            audio = message.get("bytes")
            if audio is not None:
                for piece in self._pieces(audio):
                    yield CallerAudio(base64.b64encode(piece).decode("ascii"))
                continue
            try:
                decoded = web_call.decode(message.get("text") or "")
            except MalformedMessage as error:
                log.warning("malformed browser message ignored: %s", error)
                continue
            kind = type(decoded)
            if kind is Mark:
                yield PlaybackReached(decoded.name)  # type: ignore[union-attr]
            elif kind is Text:
                if decoded.text.strip():  # type: ignore[union-attr]
                    yield CallerText(decoded.text.strip())  # type: ignore[union-attr]
            elif kind is Hangup:
                return

    def _pieces(self, audio: bytes) -> list[bytes]:
        """Whole samples, in pieces of at most MAX_PIECE_BYTES: the session's provider queue is bounded by
        count, so a huge frame must not make one huge entry."""
        audio = self._odd_byte + audio
        whole = len(audio) & ~1
        audio, self._odd_byte = audio[:whole], audio[whole:]
        return [audio[at : at + MAX_PIECE_BYTES] for at in range(0, whole, MAX_PIECE_BYTES)]

    # -- the end --------------------------------------------------------------------------------
    async def close(self) -> None:
        """Stop writing (the session is over); `finish` tells the browser why and closes the socket."""
        self._outbox.close()

    async def finish(self, reason: str) -> None:
        """`ended` with the reason, then close with 1000 (once; nothing if the browser already left)."""
        if self._finished:
            return
        self._finished = True
        await self.close()
        with contextlib.suppress(*SOCKET_GONE):
            await self._ws.send_text(web_call.ended(reason))
            await self._ws.close(code=1000)
