"""The Realtime session object: its defaults, `session.update` merged and validated, and typed views of it.

Pure: the session is the wire dict `session.created` / `session.updated` echo; an invalid update raises
ProtocolError and leaves it untouched, as the provider discards a rejected update whole.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from local_platform.realtime_standin.audio_codec import KINDS, PCM_RATE, AudioFormat
from local_platform.realtime_standin.client_events import ProtocolError, invalid_value
from local_platform.realtime_standin.server_events import audio_format
from local_platform.realtime_standin.vad import VadSettings

DEFAULT_INSTRUCTIONS = "You are a helpful, friendly voice assistant. Keep your answers short."
SESSION_PARAMS = {
    "type",
    "audio",
    "include",
    "instructions",
    "max_output_tokens",
    "model",
    "output_modalities",
    "parallel_tool_calls",
    "prompt",
    "reasoning",
    "tool_choice",
    "tools",
    "tracing",
    "truncation",
}
PARAMS = {
    "session.audio.": {"input", "output"},
    "session.audio.input.": {"format", "noise_reduction", "transcription", "turn_detection"},
    "session.audio.output.": {"format", "voice", "speed"},
    "session.audio.input.transcription.": {"model", "language", "languages", "prompt", "delay", "keywords"},
    "session.audio.input.noise_reduction.": {"type", "strength"},
}
TURN_DETECTION_DEFAULTS = {
    "server_vad": {
        "threshold": 0.5,
        "prefix_padding_ms": 300,
        "silence_duration_ms": 500,
        "idle_timeout_ms": None,
        "create_response": True,
        "interrupt_response": True,
    },
    "semantic_vad": {"eagerness": "auto", "create_response": True, "interrupt_response": True},
}
# Semantic VAD has no energy settings: the stand-in waits longer for a less eager model.
EAGERNESS_SILENCE_MS = {"low": 1000, "medium": 600, "auto": 600, "high": 300}


@dataclass(frozen=True)
class TurnDetection:
    vad: VadSettings
    create_response: bool
    interrupt_response: bool


def default_session(*, session_id: str, model: str, expires_at: int) -> dict[str, Any]:
    """What `session.created` reports before any update (the provider's documented defaults)."""
    pcm = audio_format(AudioFormat("audio/pcm"))
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": session_id,
        "model": model,
        "output_modalities": ["audio"],
        "instructions": DEFAULT_INSTRUCTIONS,
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "truncation": "auto",
        "prompt": None,
        "expires_at": expires_at,
        "audio": {
            "input": {
                "format": dict(pcm),
                "transcription": None,
                "noise_reduction": None,
                "turn_detection": {"type": "server_vad", **TURN_DETECTION_DEFAULTS["server_vad"]},
            },
            "output": {"format": dict(pcm), "voice": "alloy", "speed": 1.0},
        },
        "include": None,
    }


def _fail(code: str, message: str, param: str, event_id: str | None) -> ProtocolError:
    return ProtocolError(code, message, param=param, event_id=event_id)


def _type_error(param: str, expected: str, event_id: str | None) -> ProtocolError:
    return _fail("invalid_type", f"Invalid type for '{param}': expected {expected}.", param, event_id)


def _object(value: Any, param: str, event_id: str | None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _type_error(param, "an object", event_id)
    allowed = PARAMS.get(f"{param}.")
    for name in value if allowed is not None else ():
        if name not in allowed:
            raise _fail("unknown_parameter", f"Unknown parameter: '{param}.{name}'.", f"{param}.{name}", event_id)
    return value


def _number(value: Any, param: str, low: float, high: float, event_id: str | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _type_error(param, "a number", event_id)
    if not low <= value <= high:
        raise _fail(
            "decimal_out_of_range",
            f"Invalid '{param}': expected a value between {low} and {high}, but got {value} instead.",
            param,
            event_id,
        )
    return value


def _audio_format(value: Any, param: str, event_id: str | None) -> dict[str, Any]:
    kind = _object(value, param, event_id).get("type")
    if kind not in KINDS:
        raise invalid_value(f"{param}.type", kind, KINDS, event_id)
    rate = value.get("rate", PCM_RATE)
    if kind == "audio/pcm" and rate != PCM_RATE:
        if isinstance(rate, bool) or not isinstance(rate, int):
            raise _type_error(f"{param}.rate", "an integer", event_id)
        below = rate < PCM_RATE
        raise _fail(
            "integer_below_min_value" if below else "integer_above_max_value",
            f"Invalid '{param}.rate': integer {'below minimum' if below else 'above maximum'} value. "
            f"Expected a value {'>=' if below else '<='} {PCM_RATE}, but got {rate} instead.",
            f"{param}.rate",
            event_id,
        )
    return audio_format(AudioFormat(kind))


def _turn_detection(value: Any, event_id: str | None) -> dict[str, Any] | None:
    param = "session.audio.input.turn_detection"
    if value is None:
        return None
    kind = _object(value, param, event_id).get("type")
    if kind not in TURN_DETECTION_DEFAULTS:
        raise invalid_value(f"{param}.type", kind, list(TURN_DETECTION_DEFAULTS), event_id)
    defaults = TURN_DETECTION_DEFAULTS[kind]
    for name in value:
        if name != "type" and name not in defaults:
            raise _fail("unknown_parameter", f"Unknown parameter: '{param}.{name}'.", f"{param}.{name}", event_id)
    merged = {"type": kind, **defaults, **{k: v for k, v in value.items() if v is not None or k == "idle_timeout_ms"}}
    if kind == "server_vad":
        _number(merged["threshold"], f"{param}.threshold", 0.0, 1.0, event_id)
        for name in ("prefix_padding_ms", "silence_duration_ms"):
            _number(merged[name], f"{param}.{name}", 0, 10_000, event_id)
    return merged


def _audio_input(current: dict[str, Any], patch: dict[str, Any], event_id: str | None) -> None:
    param = "session.audio.input"
    if "format" in patch:
        current["format"] = _audio_format(patch["format"], f"{param}.format", event_id)
    if "turn_detection" in patch:
        current["turn_detection"] = _turn_detection(patch["turn_detection"], event_id)
    for name in ("transcription", "noise_reduction"):
        if name in patch:
            value = patch[name]
            current[name] = None if value is None else dict(_object(value, f"{param}.{name}", event_id))


def _audio_output(current: dict[str, Any], patch: dict[str, Any], voice_locked: bool, event_id: str | None) -> None:
    param = "session.audio.output"
    if "format" in patch:
        current["format"] = _audio_format(patch["format"], f"{param}.format", event_id)
    if "voice" in patch:
        voice = patch["voice"]
        if not isinstance(voice, str) and not (isinstance(voice, dict) and isinstance(voice.get("id"), str)):
            raise _type_error(f"{param}.voice", "a string or an object with an 'id'", event_id)
        if voice_locked and voice != current.get("voice"):
            raise _fail(
                "cannot_update_voice",
                "Cannot update a conversation's voice if assistant audio is present.",
                f"{param}.voice",
                event_id,
            )
        current["voice"] = voice
    if "speed" in patch:
        current["speed"] = _number(patch["speed"], f"{param}.speed", 0.25, 1.5, event_id)


def _tools(value: Any, event_id: str | None) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise _type_error("session.tools", "an array", event_id)
    for index, tool in enumerate(value):
        param = f"session.tools[{index}]"
        if not isinstance(tool, dict):
            raise _type_error(param, "an object", event_id)
        if tool.get("type", "function") == "function" and not isinstance(tool.get("name"), str):
            raise _fail("missing_required_parameter", f"Missing required parameter: '{param}.name'.", param, event_id)
    return copy.deepcopy(value)


def _top_level(updated: dict[str, Any], patch: dict[str, Any], event_id: str | None) -> None:
    if "instructions" in patch:
        if not isinstance(patch["instructions"], str):
            raise _type_error("session.instructions", "a string", event_id)
        updated["instructions"] = patch["instructions"]
    if "output_modalities" in patch:
        if patch["output_modalities"] not in (["audio"], ["text"]):
            raise invalid_value("session.output_modalities", patch["output_modalities"], ["audio", "text"], event_id)
        updated["output_modalities"] = list(patch["output_modalities"])
    if "tools" in patch:
        updated["tools"] = _tools(patch["tools"], event_id)
    choice = patch.get("tool_choice")
    if choice is not None and choice not in ("auto", "none", "required") and not isinstance(choice, dict):
        raise invalid_value("session.tool_choice", choice, ["auto", "none", "required"], event_id)
    for name in ("tool_choice", "max_output_tokens", "tracing", "truncation", "prompt", "include", "model"):
        if name in patch:
            updated[name] = copy.deepcopy(patch[name])


def apply_update(
    session: dict[str, Any], patch: dict[str, Any], *, voice_locked: bool = False, event_id: str | None = None
) -> dict[str, Any]:
    """The session after `session.update` (only the fields present change); ProtocolError when refused."""
    if "type" not in patch:
        raise _fail(
            "missing_required_parameter", "Missing required parameter: 'session.type'.", "session.type", event_id
        )
    if patch["type"] == "transcription":
        raise _fail(
            "invalid_value",
            "Passing a transcription session update event to a realtime session is not allowed.",
            "session.type",
            event_id,
        )
    if patch["type"] != "realtime":
        raise invalid_value("session.type", patch["type"], ["realtime", "transcription"], event_id)
    for name in patch:
        if name not in SESSION_PARAMS:
            raise _fail("unknown_parameter", f"Unknown parameter: 'session.{name}'.", f"session.{name}", event_id)
    updated = copy.deepcopy(session)
    _top_level(updated, patch, event_id)
    audio = _object(patch.get("audio") or {}, "session.audio", event_id)
    if audio.get("input") is not None:
        _audio_input(updated["audio"]["input"], _object(audio["input"], "session.audio.input", event_id), event_id)
    if audio.get("output") is not None:
        output = _object(audio["output"], "session.audio.output", event_id)
        _audio_output(updated["audio"]["output"], output, voice_locked, event_id)
    return updated


def input_format(session: dict[str, Any]) -> AudioFormat:
    return AudioFormat(session["audio"]["input"]["format"]["type"])


def output_format(session: dict[str, Any]) -> AudioFormat:
    return AudioFormat(session["audio"]["output"]["format"]["type"])


def voice(session: dict[str, Any]) -> str:
    chosen = session["audio"]["output"]["voice"]
    return chosen["id"] if isinstance(chosen, dict) else chosen


def turn_detection(session: dict[str, Any]) -> TurnDetection | None:
    config = session["audio"]["input"]["turn_detection"]
    if config is None:
        return None
    if config["type"] == "semantic_vad":
        vad = VadSettings(silence_duration_ms=EAGERNESS_SILENCE_MS.get(config.get("eagerness"), 600))
    else:
        vad = VadSettings(config["threshold"], config["prefix_padding_ms"], config["silence_duration_ms"])
    return TurnDetection(vad, bool(config["create_response"]), bool(config["interrupt_response"]))


def transcribes(session: dict[str, Any]) -> bool:
    return session["audio"]["input"]["transcription"] is not None


def function_tools(session: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Declared function tools by name; none when `tool_choice` is "none"."""
    if session.get("tool_choice") == "none":
        return {}
    return {tool["name"]: tool for tool in session["tools"] if tool.get("type", "function") == "function"}
