import asyncio
import base64

import pytest

from local_platform.realtime_standin.audio_codec import AudioFormat
from local_platform.realtime_standin.conversation import ToolCall, Turn
from local_platform.realtime_standin.conversation_items import ConversationItems
from local_platform.realtime_standin.responder import ResponsePlan, ResponseStream
from local_platform.realtime_standin.voice import Synthesizer
from tests.local_platform.realtime_standin.support import conforms

pytestmark = pytest.mark.anyio


def stream(turn: Turn, *, pace: float = 0, modality: str = "audio", in_conversation: bool = True):
    sent, calls, done = [], [], []
    items = ConversationItems()

    async def emit(event):
        conforms({"event_id": "event_1", **event})
        sent.append(event)

    plan = ResponsePlan(
        "resp_1", turn, modality, AudioFormat("audio/pcmu"), "alloy", "en-US", in_conversation, "conv_1"
    )
    response = ResponseStream(
        plan,
        emit=emit,
        synthesizer=Synthesizer(engine="tone"),
        items=items,
        pace=pace,
        chunk_ms=20,
        on_call=lambda call_id, name: calls.append(name),
        on_done=done.append,
    )
    return response, sent, calls, items, done


def types(sent):
    return [event["type"] for event in sent]


async def test_speech_then_a_call_stream_in_the_providers_order():
    response, sent, calls, items, done = stream(Turn(say="Bye now.", call=ToolCall("end_call", {"reason": "done"})))

    await response.run()

    kinds = types(sent)
    deltas = {"response.output_audio.delta", "response.output_audio_transcript.delta"}
    assert [kind for kind in kinds if kind not in deltas] == [
        "response.created",
        "response.output_item.added",
        "conversation.item.added",
        "response.content_part.added",
        "response.output_audio.done",
        "response.output_audio_transcript.done",
        "response.content_part.done",
        "conversation.item.done",
        "response.output_item.done",
        "response.output_item.added",
        "conversation.item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "conversation.item.done",
        "response.output_item.done",
        "response.done",
        "rate_limits.updated",
    ]
    assert kinds.index("response.output_audio_transcript.delta") < kinds.index("response.output_audio.delta")
    assert calls == ["end_call"] and done == [response]
    audio = b"".join(base64.b64decode(e["delta"]) for e in sent if e["type"] == "response.output_audio.delta")
    assert items.audio_ms[sent[1]["item"]["id"]] == len(audio) / 8


async def test_cancelling_closes_the_open_parts_and_drops_the_call():
    response, sent, calls, _, _ = stream(Turn(say="A long sentence " * 5, call=ToolCall("end_call", {})), pace=1.0)

    task = asyncio.create_task(response.run())
    await asyncio.sleep(0.1)
    response.cancel("client_cancelled")
    await task

    done = sent[-2]["response"]
    assert done["status"] == "cancelled" and done["status_details"]["reason"] == "client_cancelled"
    assert done["output"][0]["status"] == "incomplete"
    assert len(done["output"]) == 1 and calls == [] and not response.call_sent
    assert 0 < response.audio_ms < 1000


async def test_text_responses_and_out_of_band_ones_stay_out_of_the_conversation():
    response, sent, _, items, _ = stream(Turn(say="Summary."), modality="text", in_conversation=False)

    await response.run()

    assert "conversation.item.added" not in types(sent)
    assert [e["text"] for e in sent if e["type"] == "response.output_text.done"] == ["Summary."]
    assert sent[-2]["response"]["conversation_id"] is None and items.last_id is None
