"""The caller's side of a call, whatever the channel: what arrives from them and how audio goes back.

Twilio Media Streams (phone) and the browser socket (web, test) each implement `CallerLink`; the call
session only sees these events and methods. One writer task per link (`pump`) owns the socket; the
session queues onto it, so a slow caller never blocks the provider's side.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CallerAudio:
    payload: str  # base64, in the session's input format


@dataclass(frozen=True, slots=True)
class PlaybackReached:
    mark: str  # the far end played everything sent before this mark


@dataclass(frozen=True, slots=True)
class KeyPressed:
    digit: str


@dataclass(frozen=True, slots=True)
class CallerText:
    text: str  # a typed turn (test calls in text mode)


InboundEvent = CallerAudio | PlaybackReached | KeyPressed | CallerText


class CallerLink(Protocol):
    def audio_ms(self, payload_b64: str) -> int:
        """Duration of a base64 chunk in this link's audio format."""
        ...

    @property
    def queued_ms(self) -> int:
        """Agent audio waiting to be written to the caller's socket."""
        ...

    def play(self, payload_b64: str, mark: str | None) -> bool:
        """Queue agent audio, followed by `mark` if given; False (and counted) if the queue was full."""
        ...

    def clear(self, on_sent: Callable[[], None] | None = None) -> None:
        """Drop queued agent audio here and at the far end (barge-in); `on_sent` runs once the far end was
        told (written to its socket)."""
        ...

    def inbound(self) -> AsyncIterator[InboundEvent]:
        """The caller's events until they hang up (then the iterator ends)."""
        ...

    async def pump(self) -> None:
        """Write queued messages to the caller until the link closes."""
        ...

    async def close(self) -> None: ...
