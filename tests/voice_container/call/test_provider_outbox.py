"""voice_container/call/provider_outbox.py: in order, bounded, late frames merged, bad payloads dropped."""

import asyncio
import base64
import json

from voice_container.call.provider_outbox import ProviderOutbox
from voice_container.metrics import METRICS


def frame(n: int) -> str:
    return base64.b64encode(bytes([n]) * 160).decode()


def drain(outbox: ProviderOutbox, sent: list[str]) -> list[dict]:
    async def run() -> None:
        pump = asyncio.create_task(outbox.pump())
        for _ in range(5):
            await asyncio.sleep(0)
        pump.cancel()

    asyncio.run(run())
    return [json.loads(text) for text in sent]


def test_events_and_audio_go_in_order_with_queued_frames_merged_between_events():
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    outbox = ProviderOutbox(send)
    outbox.audio(frame(1))
    outbox.audio(frame(2))
    outbox.event({"type": "response.cancel"})
    outbox.audio(frame(3))
    messages = drain(outbox, sent)
    assert [m["type"] for m in messages] == [
        "input_audio_buffer.append",
        "response.cancel",
        "input_audio_buffer.append",
    ]
    assert base64.b64decode(messages[0]["audio"]) == bytes([1]) * 160 + bytes([2]) * 160
    assert base64.b64decode(messages[2]["audio"]) == bytes([3]) * 160


def test_past_its_bound_the_oldest_item_is_dropped_and_counted():
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    before = METRICS.frames_dropped_to_provider
    outbox = ProviderOutbox(send, max_items=2)
    for n in range(3):
        outbox.audio(frame(n))
    assert outbox.depth == 2  # what /metrics reports as the call's provider queue
    (message,) = drain(outbox, sent)
    assert outbox.depth == 0
    assert base64.b64decode(message["audio"]) == bytes([1]) * 160 + bytes([2]) * 160
    assert METRICS.frames_dropped_to_provider == before + 1


def test_payloads_that_could_break_out_of_the_json_string_are_refused():
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    outbox = ProviderOutbox(send)
    outbox.audio('AAAA","type":"session.update')
    outbox.audio("")
    outbox.audio(frame(7))
    (message,) = drain(outbox, sent)
    assert base64.b64decode(message["audio"]) == bytes([7]) * 160
