import base64
import json

import pytest

from local_platform.realtime_standin import client_events
from local_platform.realtime_standin.client_events import (
    AudioAppend,
    AudioCommit,
    ItemCreate,
    ItemTruncate,
    ProtocolError,
    ResponseCancel,
    ResponseCreate,
    SessionUpdate,
    parse,
)


def refused(raw: str | bytes) -> ProtocolError:
    with pytest.raises(ProtocolError) as error:
        parse(raw)
    return error.value


def test_every_event_the_runtime_sends_parses_to_its_message():
    audio = base64.b64encode(b"\xff" * 160).decode()

    assert parse(json.dumps({"type": "session.update", "session": {"type": "realtime"}})) == SessionUpdate(
        None, {"type": "realtime"}
    )
    assert parse(f'{{"type":"input_audio_buffer.append","audio":"{audio}"}}') == AudioAppend(None, b"\xff" * 160)
    assert parse('{"type":"input_audio_buffer.commit","event_id":"e1"}') == AudioCommit("e1")
    truncate = {"type": "conversation.item.truncate", "item_id": "item_1", "content_index": 0, "audio_end_ms": 900}
    assert parse(json.dumps(truncate)) == ItemTruncate(None, "item_1", 0, 900)
    output = {"type": "function_call_output", "call_id": "call_1", "output": "{}"}
    assert parse(json.dumps({"type": "conversation.item.create", "item": output})) == ItemCreate(None, output)
    assert parse('{"type":"response.create"}') == ResponseCreate(None, {})
    assert parse('{"type":"response.cancel"}') == ResponseCancel(None)


def test_an_unknown_type_lists_the_supported_ones_like_the_provider():
    error = refused('{"type":"ping","event_id":"evt_9"}')

    assert error.body() == {
        "type": "invalid_request_error",
        "code": "invalid_value",
        "message": "Invalid value: 'ping'. Supported values are: "
        + ", ".join(f"'{t}'" for t in client_events.SUPPORTED_TYPES[:-1])
        + f", and '{client_events.SUPPORTED_TYPES[-1]}'.",
        "param": "type",
        "event_id": "evt_9",
    }


def test_malformed_messages_are_named():
    assert refused("not json").code == "invalid_json"
    assert refused(b"\x00\x01").code == "invalid_event"
    assert refused("[1, 2]").code == "invalid_type"
    assert refused("{}").code == "missing_required_parameter"


@pytest.mark.parametrize(
    ("event", "code", "param"),
    [
        ({"type": "input_audio_buffer.append"}, "missing_required_parameter", "audio"),
        ({"type": "input_audio_buffer.append", "audio": "***"}, "invalid_value", "audio"),
        ({"type": "input_audio_buffer.append", "audio": 12}, "invalid_type", "audio"),
        ({"type": "input_audio_buffer.commit", "bogus": 1}, "unknown_parameter", "bogus"),
        ({"type": "conversation.item.create", "item": {"type": "note"}}, "invalid_value", "item.type"),
        (
            {"type": "conversation.item.create", "item": {"type": "message", "role": "user", "content": [{}]}},
            "missing_required_parameter",
            "item.content[0].type",
        ),
        (
            {
                "type": "conversation.item.create",
                "item": {"type": "message", "role": "user", "content": [{"type": "output_text", "text": "x"}]},
            },
            "invalid_value",
            "item.content[0].type",
        ),
        (
            {"type": "conversation.item.create", "item": {"type": "function_call_output"}},
            "missing_required_parameter",
            "item.call_id",
        ),
        (
            {"type": "conversation.item.truncate", "item_id": "i", "content_index": 0, "audio_end_ms": -5},
            "integer_below_min_value",
            "audio_end_ms",
        ),
        (
            {"type": "conversation.item.truncate", "item_id": "i", "content_index": "0", "audio_end_ms": 5},
            "invalid_type",
            "content_index",
        ),
        ({"type": "response.create", "response": {"voice": "x"}}, "unknown_parameter", "response.voice"),
        ({"type": "response.create", "response": {"conversation": "other"}}, "invalid_value", "response.conversation"),
        (
            {"type": "response.create", "response": {"audio": {"output": {"format": {"type": "audio/mp3"}}}}},
            "invalid_value",
            "response.audio.output.format.type",
        ),
    ],
)
def test_invalid_fields_are_refused_with_the_parameter_path(event, code, param):
    error = refused(json.dumps(event))

    assert (error.code, error.param) == (code, param)
