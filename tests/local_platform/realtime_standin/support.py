"""Helpers for driving the stand-in through the real `openai` SDK and checking what it sends."""

from __future__ import annotations

import asyncio
import base64
from typing import Any, get_args

import numpy as np
from openai import AsyncOpenAI
from openai.types.realtime.realtime_server_event import RealtimeServerEvent

from local_platform.realtime_standin.audio_codec import AudioFormat, encode
from vocadesk import instructions
from vocadesk.call_tools import tools_for
from vocadesk.ids import new_id
from vocadesk.models.agents import Agent, ConversationDesign, Question, TransferRule

SERVER_EVENT_MODELS = {
    get_args(model.model_fields["type"].annotation)[0]: model for model in get_args(get_args(RealtimeServerEvent)[0])
}
PCMU = AudioFormat("audio/pcmu")


def conforms(event: dict[str, Any]) -> None:
    """Validate a server event against the SDK's model for its type (raises when a field is wrong or missing)."""
    SERVER_EVENT_MODELS[event["type"]].model_validate(event)


def front_desk() -> Agent:
    return Agent(
        account_id=new_id("acc"),
        client_id=new_id("cli"),
        name="Front desk",
        persona="You are Sam, the front desk of Bright Smile Dental.",
        questions=[
            Question(key="full_name", prompt="What is your full name?"),
            Question(key="email", prompt="What is your email address?", type="email"),
        ],
        conversation=ConversationDesign(greeting="Hi, this is Sam from Bright Smile.", closing="Thanks, bye now!"),
        transfer_rules=[
            TransferRule(id="billing", condition="the caller asks about an invoice", destination="+14155550100"),
            TransferRule(id="human", condition="the caller asks for a person", destination="+14155550123"),
        ],
    )


def session_for(agent: Agent, *, fmt: dict[str, Any] | None = None, vad: dict[str, Any] | None = None) -> dict:
    """What the voice runtime sends in `session.update` for `agent` (phone audio unless told otherwise)."""
    audio_format = fmt or {"type": "audio/pcmu"}
    turn_detection = {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 500}
    return {
        "type": "realtime",
        "instructions": instructions.build(agent),
        "output_modalities": ["audio"],
        "audio": {
            "input": {
                "format": audio_format,
                "transcription": {"model": "gpt-4o-mini-transcribe", "language": "en"},
                "turn_detection": {**turn_detection, **(vad or {})},
            },
            "output": {"format": audio_format, "voice": "coral"},
        },
        "tools": tools_for(agent),
        "tool_choice": "auto",
    }


def sdk(url: str) -> AsyncOpenAI:
    return AsyncOpenAI(api_key="test", websocket_base_url=url, max_retries=0)


def tone(ms: int, *, fmt: AudioFormat = PCMU, level: float = 0.3, hz: float = 440.0) -> bytes:
    t = np.arange(fmt.rate * ms // 1000) / fmt.rate
    return encode(fmt, (level * np.sin(2 * np.pi * hz * t)).astype(np.float32))


def silence(ms: int, *, fmt: AudioFormat = PCMU) -> bytes:
    return encode(fmt, np.zeros(fmt.rate * ms // 1000, dtype=np.float32))


def b64(audio: bytes) -> str:
    return base64.b64encode(audio).decode()


async def events_until(connection: Any, last_type: str, *, count: int = 1, timeout: float = 10) -> list[Any]:
    """SDK events up to and including the `count`-th `last_type`, each checked against the SDK's model."""
    seen: list[Any] = []
    try:
        async with asyncio.timeout(timeout):
            async for event in connection:
                conforms(event.to_dict())
                seen.append(event)
                if event.type == last_type:
                    count -= 1
                    if count == 0:
                        return seen
    except TimeoutError:
        raise AssertionError(f"no {last_type} within {timeout} s; got {[e.type for e in seen]}") from None
    raise AssertionError(f"socket closed before {last_type}; got {[e.type for e in seen]}")


def of_type(events: list[Any], kind: str) -> list[Any]:
    return [event for event in events if event.type == kind]
