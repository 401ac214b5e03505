"""Every builder's output validates against the `openai` SDK's model for that event type."""

import pytest

from local_platform.realtime_standin import server_events as wire
from local_platform.realtime_standin.audio_codec import AudioFormat
from local_platform.realtime_standin.session_config import default_session
from tests.local_platform.realtime_standin.support import SERVER_EVENT_MODELS, conforms

ASSISTANT = wire.assistant_item("item_a", "completed", "audio", "Hello.")
CALL = wire.function_call_item("item_c", "call_1", "end_call", '{"reason": "done"}', "completed")
RESPONSE = wire.response(
    "resp_1",
    status="completed",
    output=[ASSISTANT, CALL],
    conversation_id="conv_1",
    modalities=["audio"],
    output_format=wire.audio_format(AudioFormat("audio/pcmu")),
    voice="alloy",
    usage=wire.usage(input_text=10, input_audio=5, output_text=3, output_audio=40),
)
EVENTS = [
    wire.session_created(default_session(session_id="sess_1", model="gpt-realtime", expires_at=1)),
    wire.session_updated(default_session(session_id="sess_1", model="gpt-realtime", expires_at=1)),
    wire.error({"type": "invalid_request_error", "code": "invalid_value", "message": "x", "param": "type"}),
    wire.speech_started(200, "item_u"),
    wire.speech_stopped(1800, "item_u"),
    wire.committed("item_u", None),
    wire.cleared(),
    wire.item_added(wire.user_audio_item("item_u"), None),
    wire.item_done(
        wire.client_item(
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}, "item_t"
        ),
        "item_u",
    ),
    wire.item_done(
        wire.client_item({"type": "function_call_output", "call_id": "call_1", "output": "{}"}, "item_o"), None
    ),
    wire.item_deleted("item_u"),
    wire.item_retrieved(ASSISTANT),
    wire.item_truncated("item_a", 0, 640),
    wire.transcription_completed("item_u", "Alex Morgan", 1600),
    wire.response_created({**RESPONSE, "status": "in_progress", "output": [], "usage": None}),
    wire.output_item_added("resp_1", 0, wire.assistant_item("item_a", "in_progress", "audio", None)),
    wire.content_part_added("resp_1", "item_a", 0, {"type": "audio", "transcript": ""}),
    wire.audio_delta("resp_1", "item_a", 0, "/w=="),
    wire.transcript_delta("resp_1", "item_a", 0, "Hello."),
    wire.audio_done("resp_1", "item_a", 0),
    wire.transcript_done("resp_1", "item_a", 0, "Hello."),
    wire.text_delta("resp_1", "item_a", 0, "Hello."),
    wire.text_done("resp_1", "item_a", 0, "Hello."),
    wire.content_part_done("resp_1", "item_a", 0, {"type": "audio", "transcript": "Hello."}),
    wire.output_item_done("resp_1", 0, ASSISTANT),
    wire.arguments_delta("resp_1", "item_c", 1, "call_1", '{"reason": "done"}'),
    wire.arguments_done("resp_1", CALL, 1),
    wire.response_done(
        {**RESPONSE, "status": "cancelled", "status_details": {"type": "cancelled", "reason": "turn_detected"}}
    ),
    wire.rate_limits_updated(14_000_000),
]


@pytest.mark.parametrize("event", EVENTS, ids=[e["type"] for e in EVENTS])
def test_the_event_matches_the_sdk_model(event):
    conforms({"event_id": "event_1", **event})


def test_every_event_the_runtime_relies_on_is_built():
    needed = {
        "session.created", "session.updated", "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed", "conversation.item.added", "conversation.item.done",
        "conversation.item.input_audio_transcription.completed", "response.created", "response.output_item.added",
        "response.content_part.added", "response.output_audio.delta", "response.output_audio.done",
        "response.output_audio_transcript.delta", "response.output_audio_transcript.done",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.output_item.done", "response.done", "conversation.item.truncated", "error",
    }  # fmt: skip

    assert needed <= {event["type"] for event in EVENTS} <= set(SERVER_EVENT_MODELS)


def test_a_missing_field_would_be_caught():
    with pytest.raises(ValueError):
        conforms({"type": "response.output_audio.delta", "event_id": "e", "response_id": "r", "delta": "x"})
