"""The `session.update` a call opens with, built from the agent: pure, so it is tested by comparing dicts.

Phone calls use `audio/pcmu` both ways, so Twilio's μ-law payloads pass through untouched; web and test
calls use PCM16 at 24 kHz, the provider's native rate, so nothing is resampled on the hot path either.
"""

from __future__ import annotations

from typing import Any

from vocadesk.call_tools import tools_for
from vocadesk.models.agents import Agent
from vocadesk.models.calls import Channel

PHONE_FORMAT = {"type": "audio/pcmu"}  # G.711 μ-law, 8 kHz: Twilio Media Streams' own format
WEB_FORMAT = {"type": "audio/pcm", "rate": 24000}  # PCM16 little-endian mono
TRANSCRIPTION_MODEL = "gpt-4o-mini-transcribe"

# Server VAD: the provider detects turns; it interrupts its own response when the caller talks over it.
TURN_DETECTION = {
    "type": "server_vad",
    "threshold": 0.5,
    "prefix_padding_ms": 300,
    "silence_duration_ms": 500,
    "create_response": True,
    "interrupt_response": True,
}


def audio_format(channel: Channel) -> dict[str, Any]:
    return dict(PHONE_FORMAT if channel is Channel.PHONE else WEB_FORMAT)


def session_update(agent: Agent, instructions: str, channel: Channel) -> dict[str, Any]:
    """The client event configuring the provider session for one call of `agent`."""
    audio = audio_format(channel)
    return {
        "type": "session.update",
        "session": {
            "type": "realtime",
            "instructions": instructions,
            "output_modalities": ["audio"],
            "audio": {
                "input": {
                    "format": audio,
                    "transcription": {"model": TRANSCRIPTION_MODEL, "language": agent.language.split("-")[0]},
                    "turn_detection": dict(TURN_DETECTION),
                },
                "output": {"format": audio, "voice": agent.voice.value},
            },
            "tools": tools_for(agent),
            "tool_choice": "auto",
        },
    }


def greet() -> dict[str, Any]:
    """Ask for the first response: the model opens with the greeting its instructions give."""
    return {"type": "response.create"}
