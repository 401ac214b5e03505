"""Media Streams frames from Twilio's side: what Twilio sends (encoders) and what it accepts (a decoder).

The mirror image of `voice_container.protocols.twilio_media`, kept apart so the runtime's codec holds only
what the runtime needs. Pure; field names and order as in Twilio's "WebSocket Messages" page, numbers as
strings the way Twilio sends them. `media` is a format string: the simulator sends 50 of them a second.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass

PROTOCOL = "Call"
VERSION = "1.0.0"
TRACK = "inbound"  # a bidirectional stream carries the caller's track only
DTMF_TRACK = "inbound_track"


def connected() -> str:
    return json.dumps({"event": "connected", "protocol": PROTOCOL, "version": VERSION})


def start(
    sequence_number: int, stream_sid: str, account_sid: str, call_sid: str, custom_parameters: Mapping[str, str]
) -> str:
    return json.dumps(
        {
            "event": "start",
            "sequenceNumber": str(sequence_number),
            "start": {
                "accountSid": account_sid,
                "streamSid": stream_sid,
                "callSid": call_sid,
                "tracks": [TRACK],
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                "customParameters": dict(custom_parameters),
            },
            "streamSid": stream_sid,
        }
    )


def media(sequence_number: int, stream_sid: str, chunk: int, timestamp_ms: int, payload_b64: str) -> str:
    """An inbound audio frame. `stream_sid` and `payload_b64` are trusted (SIDs are [A-Za-z0-9], base64 is safe)."""
    return (
        f'{{"event":"media","sequenceNumber":"{sequence_number}","media":{{"track":"{TRACK}","chunk":"{chunk}",'
        f'"timestamp":"{timestamp_ms}","payload":"{payload_b64}"}},"streamSid":"{stream_sid}"}}'
    )


def mark(sequence_number: int, stream_sid: str, name: str) -> str:
    return json.dumps(
        {"event": "mark", "sequenceNumber": str(sequence_number), "streamSid": stream_sid, "mark": {"name": name}}
    )


def dtmf(sequence_number: int, stream_sid: str, digit: str) -> str:
    return json.dumps(
        {
            "event": "dtmf",
            "streamSid": stream_sid,
            "sequenceNumber": str(sequence_number),
            "dtmf": {"track": DTMF_TRACK, "digit": digit},
        }
    )


def stop(sequence_number: int, stream_sid: str, account_sid: str, call_sid: str) -> str:
    return json.dumps(
        {
            "event": "stop",
            "sequenceNumber": str(sequence_number),
            "stop": {"accountSid": account_sid, "callSid": call_sid},
            "streamSid": stream_sid,
        }
    )


class BadCommand(ValueError):
    """A frame Twilio would not accept from the server; the message names why, never the payload."""


@dataclass(frozen=True, slots=True)
class Play:
    """`media` from the server: audio queued for the caller to hear."""

    stream_sid: str
    audio: bytes  # μ-law, 8000 bytes a second


@dataclass(frozen=True, slots=True)
class PlayMark:
    """`mark` from the server: echo `name` once everything queued before it has played."""

    stream_sid: str
    name: str


@dataclass(frozen=True, slots=True)
class Clear:
    """`clear` from the server: drop queued audio, echo pending marks."""

    stream_sid: str


Command = Play | PlayMark | Clear


def decode_command(raw: str | bytes) -> Command:
    """One frame from the server. Raises BadCommand for anything Twilio's docs don't define."""
    if isinstance(raw, bytes):
        raise BadCommand("binary frame (Twilio takes JSON text frames)")
    try:
        frame = json.loads(raw)
    except ValueError:
        raise BadCommand("not JSON") from None
    if type(frame) is not dict:
        raise BadCommand("not a JSON object")
    event, stream_sid = frame.get("event"), frame.get("streamSid")
    if type(stream_sid) is not str or not stream_sid:
        raise BadCommand(f"{event} without a streamSid")
    if event == "media":
        payload = (frame.get("media") or {}).get("payload")
        if type(payload) is not str or not payload:
            raise BadCommand("media without a payload")
        try:
            return Play(stream_sid, binascii.a2b_base64(payload, strict_mode=True))
        except binascii.Error:
            raise BadCommand("media payload is not base64") from None
    if event == "mark":
        name = (frame.get("mark") or {}).get("name")
        if type(name) is not str:
            raise BadCommand("mark without a name")
        return PlayMark(stream_sid, name)
    if event == "clear":
        return Clear(stream_sid)
    raise BadCommand(f"unknown event {event!r}")
