import json

import pytest

from voice_container.realtime import server_events as events


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        (
            {
                "type": "response.output_audio.delta",
                "event_id": "e",
                "response_id": "r",
                "item_id": "i",
                "output_index": 0,
                "content_index": 0,
                "delta": "AAAA",
            },
            events.AudioDelta("r", "i", "AAAA"),
        ),
        (
            {"type": "input_audio_buffer.speech_started", "event_id": "e", "audio_start_ms": 1200, "item_id": "i"},
            events.SpeechStarted("i", 1200),
        ),
        (
            {
                "type": "response.function_call_arguments.done",
                "event_id": "e",
                "response_id": "r",
                "item_id": "i",
                "output_index": 0,
                "call_id": "c",
                "name": "record_answer",
                "arguments": '{"key": "name", "value": "Ann"}',
            },
            events.FunctionCall("c", "record_answer", {"key": "name", "value": "Ann"}),
        ),
        (
            {
                "type": "conversation.item.input_audio_transcription.completed",
                "event_id": "e",
                "item_id": "i",
                "content_index": 0,
                "transcript": "Hi there",
                "usage": {"type": "duration", "seconds": 1},
            },
            events.CallerTranscript("i", "Hi there"),
        ),
        (
            {"type": "response.done", "event_id": "e", "response": {"id": "r", "status": "cancelled", "output": []}},
            events.ResponseDone("r", "cancelled"),
        ),
        (
            {"type": "error", "event_id": "e", "error": {"type": "invalid_request_error", "code": "x", "message": "m"}},
            events.ProviderError("x", "m"),
        ),
        ({"type": "rate_limits.updated", "event_id": "e", "rate_limits": []}, None),
    ],
)
def test_provider_events_parse_to_what_the_runtime_acts_on(raw, parsed):
    assert events.parse(json.dumps(raw)) == parsed


def test_bad_function_arguments_parse_to_no_arguments():
    raw = {"type": "response.function_call_arguments.done", "call_id": "c", "name": "end_call", "arguments": "{oops"}

    assert events.parse(json.dumps(raw)) == events.FunctionCall("c", "end_call", {})


def test_audio_append_is_valid_json_and_refuses_injection():
    assert json.loads(events.append_audio("f/+9AA==")) == {"type": "input_audio_buffer.append", "audio": "f/+9AA=="}
    with pytest.raises(ValueError):
        events.append_audio('AA","type":"response.create')
