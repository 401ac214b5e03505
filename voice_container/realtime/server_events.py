"""Provider server events the runtime acts on, parsed from raw WebSocket messages (pure; no sockets).

The `openai` SDK owns the connection; parsing its raw bytes here (instead of into the SDK's full
pydantic models) keeps the per-audio-chunk cost to one `json.loads`. Events the runtime does not act
on parse to None.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True, slots=True)
class AudioDelta:
    response_id: str
    item_id: str
    delta: str  # base64 audio in the session's output format, passed on untouched


@dataclass(frozen=True, slots=True)
class AgentTranscript:
    item_id: str
    transcript: str


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    item_id: str
    audio_start_ms: int


@dataclass(frozen=True, slots=True)
class SpeechStopped:
    item_id: str
    audio_end_ms: int


@dataclass(frozen=True, slots=True)
class CallerTranscript:
    item_id: str
    transcript: str


@dataclass(frozen=True, slots=True)
class FunctionCall:
    call_id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ResponseCreated:
    response_id: str


@dataclass(frozen=True, slots=True)
class ResponseDone:
    response_id: str
    status: str


@dataclass(frozen=True, slots=True)
class ProviderError:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class SessionReady:
    """`session.updated`: the provider took our configuration."""


ServerEvent = (
    AudioDelta
    | AgentTranscript
    | SpeechStarted
    | SpeechStopped
    | CallerTranscript
    | FunctionCall
    | ResponseCreated
    | ResponseDone
    | ProviderError
    | SessionReady
)


def _arguments(raw: str) -> dict[str, Any]:
    try:
        parsed = json.loads(raw or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


_PARSERS = {
    "response.output_audio.delta": lambda e: AudioDelta(e["response_id"], e["item_id"], e["delta"]),
    "response.output_audio_transcript.done": lambda e: AgentTranscript(e["item_id"], e.get("transcript", "")),
    "input_audio_buffer.speech_started": lambda e: SpeechStarted(e["item_id"], int(e.get("audio_start_ms", 0))),
    "input_audio_buffer.speech_stopped": lambda e: SpeechStopped(e["item_id"], int(e.get("audio_end_ms", 0))),
    "conversation.item.input_audio_transcription.completed": lambda e: CallerTranscript(
        e["item_id"], e.get("transcript", "")
    ),
    "response.function_call_arguments.done": lambda e: FunctionCall(
        e["call_id"], e["name"], _arguments(e.get("arguments", ""))
    ),
    "response.created": lambda e: ResponseCreated(e["response"]["id"]),
    "response.done": lambda e: ResponseDone(e["response"]["id"], e["response"].get("status", "completed")),
    "error": lambda e: ProviderError(
        str(e["error"].get("code") or e["error"].get("type")), e["error"].get("message", "")
    ),
    "session.updated": lambda e: SessionReady(),
}


def parse(raw: bytes | str) -> ServerEvent | None:
    """The event in one provider message, or None when the runtime has nothing to do with it."""
    event = orjson.loads(raw)
    parser = _PARSERS.get(event.get("type"))
    return parser(event) if parser else None


def append_audio(payload_b64: str) -> str:
    """`input_audio_buffer.append` as wire text, built without re-encoding the (already base64) audio.

    The payload comes from the caller's socket: a quote or backslash would let it inject JSON, and base64
    never contains either, so such a frame is refused.
    """
    if '"' in payload_b64 or "\\" in payload_b64:
        raise ValueError("audio payload is not base64")
    return '{"type":"input_audio_buffer.append","audio":"' + payload_b64 + '"}'


def merged_audio(payloads_b64: list[str]) -> str:
    """Several base64 audio chunks as one (decoded, joined, encoded again: base64 strings of chunks whose
    length is not a multiple of 3 bytes cannot just be concatenated). ValueError for a payload that is not
    base64."""
    return base64.b64encode(b"".join(base64.b64decode(p, validate=True) for p in payloads_b64)).decode("ascii")


def truncate(item_id: str, audio_end_ms: int) -> dict[str, Any]:
    """Cut the assistant item at what the caller actually heard, so the model's memory matches."""
    return {"type": "conversation.item.truncate", "item_id": item_id, "content_index": 0, "audio_end_ms": audio_end_ms}


def function_output(call_id: str, output: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "conversation.item.create",
        "item": {"type": "function_call_output", "call_id": call_id, "output": json.dumps(output)},
    }


def user_text(text: str) -> dict[str, Any]:
    """A typed caller turn (test calls in text mode)."""
    return {
        "type": "conversation.item.create",
        "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]},
    }


def respond() -> dict[str, Any]:
    return {"type": "response.create"}


def json_text(event: dict[str, Any]) -> str:
    return json.dumps(event)
