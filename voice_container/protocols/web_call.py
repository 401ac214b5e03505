"""The browser side of web and test calls (`docs/web-call-protocol.md`): JSON text messages in and out.

Pure: text in, typed messages out, and the runtime's messages built as text. Audio never passes through
here: it travels as binary frames of raw PCM16 (little-endian, mono, 24 kHz) both ways.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

import orjson

SAMPLE_RATE = 24_000
BYTES_PER_MS = SAMPLE_RATE * 2 // 1000  # PCM16 mono: 48 bytes per millisecond
MAX_TEXT_CHARS = 4_000  # a typed turn; longer ones are refused rather than cut mid-sentence
MAX_MARK_CHARS = 64  # the runtime's marks are short numbers; anything longer is not one of ours


class ErrorCode(StrEnum):
    TOKEN_INVALID = "token_invalid"  # bad, expired, wrong audience, replayed
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"  # the socket's Origin differs from the token's
    AGENT_UNAVAILABLE = "agent_unavailable"  # agent gone / account suspended
    BUSY = "busy"  # the runtime is draining
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    TIMEOUT = "timeout"  # no start message in time


class MalformedMessage(ValueError):
    """A text message that is not JSON, not an object, or misses a field its type needs."""


@dataclass(frozen=True, slots=True)
class Start:
    token: str


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Mark:
    name: str


@dataclass(frozen=True, slots=True)
class Hangup:
    pass


BrowserMessage = Start | Text | Mark | Hangup


def _string(message: dict, field: str, limit: int) -> str:
    value = message.get(field)
    if not isinstance(value, str):
        raise MalformedMessage(f"{message.get('type')}: {field} must be a string")
    if len(value) > limit:
        raise MalformedMessage(f"{message.get('type')}: {field} is longer than {limit} characters")
    return value


_DECODERS = {
    "start": lambda m: Start(_string(m, "token", 8_192)),
    "text": lambda m: Text(_string(m, "text", MAX_TEXT_CHARS)),
    "mark": lambda m: Mark(_string(m, "name", MAX_MARK_CHARS)),
    "hangup": lambda m: Hangup(),
}


def decode(raw: str) -> BrowserMessage | None:
    """The message in one text frame; None for a type this runtime does not know (ignored, for forward
    compatibility); MalformedMessage when it cannot be read."""
    try:
        message = orjson.loads(raw)
    except ValueError as error:
        raise MalformedMessage("not JSON") from error
    if not isinstance(message, dict):
        raise MalformedMessage("not a JSON object")
    decoder = _DECODERS.get(message.get("type"))  # type: ignore[arg-type]
    return decoder(message) if decoder else None


def audio_ms(byte_count: int) -> int:
    return byte_count // BYTES_PER_MS


def ready(call_id: str, channel: str) -> str:
    return json.dumps({"type": "ready", "call_id": call_id, "sample_rate": SAMPLE_RATE, "channel": channel})


def mark(name: str) -> str:
    return json.dumps({"type": "mark", "name": name})


def clear() -> str:
    return '{"type": "clear"}'


def transcript(speaker: str, text: str) -> str:
    return json.dumps({"type": "transcript", "speaker": speaker, "text": text})


def ended(reason: str) -> str:
    return json.dumps({"type": "ended", "reason": reason})


def error(code: ErrorCode, message: str) -> str:
    return json.dumps({"type": "error", "code": code.value, "message": message})
