"""Twilio Media Streams wire format: the JSON text frames of a bidirectional `<Connect><Stream>` socket.

Pure: no sockets, clocks or asyncio. The base64 μ-law payload passes through as text, never decoded here
(this is the per-frame hot path: 50 frames/s per call in each direction).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _quote
from types import MappingProxyType
from typing import Any

import orjson

__all__ = [
    "Connected",
    "Dtmf",
    "MalformedFrame",
    "Mark",
    "Media",
    "MediaFormat",
    "Start",
    "Stop",
    "TwilioMessage",
    "clear",
    "decode",
    "mark",
    "media",
]

FRAME_MS = 20  # Twilio sends inbound audio in 20 ms frames: 160 bytes of 8 kHz μ-law


class MalformedFrame(ValueError):
    """A frame that is not a JSON object, or a known event missing a field. The message never quotes the payload."""


@dataclass(frozen=True, slots=True)
class Connected:
    """First frame of every stream."""

    protocol: str
    version: str


@dataclass(frozen=True, slots=True)
class MediaFormat:
    encoding: str  # always "audio/x-mulaw"
    sample_rate: int  # always 8000
    channels: int  # always 1


@dataclass(frozen=True, slots=True)
class Start:
    """Stream metadata, sent once right after `connected`; `custom_parameters` are the TwiML `<Parameter>`s."""

    sequence_number: int
    stream_sid: str
    account_sid: str
    call_sid: str
    tracks: tuple[str, ...]
    custom_parameters: Mapping[str, str]
    media_format: MediaFormat


@dataclass(frozen=True, slots=True)
class Media:
    """One frame of caller audio. `payload` is base64 μ-law exactly as received; `timestamp` is ms since start."""

    sequence_number: int
    stream_sid: str
    track: str
    chunk: int
    timestamp: int
    payload: str


@dataclass(frozen=True, slots=True)
class Mark:
    """Twilio played the audio sent before the mark named `name` (or a `clear` dropped it)."""

    sequence_number: int
    stream_sid: str
    name: str


@dataclass(frozen=True, slots=True)
class Stop:
    """The stream stopped or the call ended; Twilio closes the socket after it."""

    sequence_number: int
    stream_sid: str
    account_sid: str
    call_sid: str


@dataclass(frozen=True, slots=True)
class Dtmf:
    """The caller pressed a key (bidirectional streams only); `track` is always "inbound_track"."""

    sequence_number: int
    stream_sid: str
    track: str
    digit: str


TwilioMessage = Connected | Start | Media | Mark | Stop | Dtmf


def decode(raw: str | bytes) -> TwilioMessage | None:
    """One text frame from Twilio -> its message; None for an event this protocol version doesn't define.

    Raises MalformedFrame for invalid JSON, a non-object, or a known event without its documented fields.
    """
    try:
        frame = orjson.loads(raw)
    except ValueError as error:  # JSONDecodeError, or bytes that are not UTF-8
        raise MalformedFrame(f"not JSON ({type(error).__name__} at {getattr(error, 'pos', '?')})") from None
    if type(frame) is not dict:
        raise MalformedFrame(f"not a JSON object but {type(frame).__name__}")
    event = frame.get("event")
    if event == "media":  # checked first: all but a handful of frames are media
        decoder: Callable[[dict[str, Any]], TwilioMessage] | None = _media
    else:
        decoder = _DECODERS.get(event) if isinstance(event, str) else None
    if decoder is None:
        return None
    try:
        return decoder(frame)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise MalformedFrame(f"{event} frame: missing or invalid {_field_name(error)}") from None


def media(stream_sid: str, payload_b64: str) -> str:
    """Audio to play to the caller: base64 mulaw/8000, without file headers."""
    return '{"event":"media","streamSid":' + _quote(stream_sid) + ',"media":{"payload":' + _quote(payload_b64) + "}}"


def mark(stream_sid: str, name: str) -> str:
    """Ask Twilio to echo `name` once the audio sent before it has played."""
    return '{"event":"mark","streamSid":' + _quote(stream_sid) + ',"mark":{"name":' + _quote(name) + "}}"


def clear(stream_sid: str) -> str:
    """Drop all audio Twilio has buffered for playback; it then echoes every pending mark."""
    return '{"event":"clear","streamSid":' + _quote(stream_sid) + "}"


# Twilio sends sequenceNumber, chunk and timestamp as strings ("1"); int() accepts both strings and numbers.


def _media(frame: dict[str, Any]) -> Media:
    body = frame["media"]
    return Media(
        int(frame["sequenceNumber"]),
        _text(frame["streamSid"]),
        _text(body["track"]),
        int(body["chunk"]),
        int(body["timestamp"]),
        _text(body["payload"]),
    )


def _connected(frame: dict[str, Any]) -> Connected:
    return Connected(protocol=_text(frame["protocol"]), version=_text(frame["version"]))


def _start(frame: dict[str, Any]) -> Start:
    body = frame["start"]
    media_format = body["mediaFormat"]
    parameters = body.get("customParameters") or {}
    return Start(
        sequence_number=int(frame["sequenceNumber"]),
        stream_sid=_text(frame.get("streamSid") or body["streamSid"]),
        account_sid=_text(body["accountSid"]),
        call_sid=_text(body["callSid"]),
        tracks=tuple(_text(track) for track in body["tracks"]),
        custom_parameters=MappingProxyType({_text(key): _text(value) for key, value in parameters.items()}),
        media_format=MediaFormat(
            encoding=_text(media_format["encoding"]),
            sample_rate=int(media_format["sampleRate"]),
            channels=int(media_format["channels"]),
        ),
    )


def _mark(frame: dict[str, Any]) -> Mark:
    return Mark(int(frame["sequenceNumber"]), _text(frame["streamSid"]), _text(frame["mark"]["name"]))


def _stop(frame: dict[str, Any]) -> Stop:
    body = frame["stop"]
    return Stop(
        int(frame["sequenceNumber"]), _text(frame["streamSid"]), _text(body["accountSid"]), _text(body["callSid"])
    )


def _dtmf(frame: dict[str, Any]) -> Dtmf:
    body = frame["dtmf"]
    return Dtmf(int(frame["sequenceNumber"]), _text(frame["streamSid"]), _text(body["track"]), _text(body["digit"]))


_DECODERS: dict[str, Callable[[dict[str, Any]], TwilioMessage]] = {
    "connected": _connected,
    "start": _start,
    "media": _media,
    "mark": _mark,
    "stop": _stop,
    "dtmf": _dtmf,
}


def _text(value: object) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _field_name(error: Exception) -> str:
    """Names the field for a KeyError; otherwise the error's own words (they never contain the payload)."""
    if isinstance(error, KeyError):
        return repr(error.args[0])
    return f"field ({error})"
