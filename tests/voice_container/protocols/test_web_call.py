import json

import pytest

from voice_container.protocols import web_call
from voice_container.protocols.web_call import ErrorCode, Hangup, MalformedMessage, Mark, Start, Text


def test_browser_messages_decode_to_their_types():
    assert web_call.decode('{"type":"start","token":"a.b.c"}') == Start("a.b.c")
    assert web_call.decode('{"type":"text","text":"What are your hours?"}') == Text("What are your hours?")
    assert web_call.decode('{"type":"mark","name":"17"}') == Mark("17")
    assert web_call.decode('{"type":"hangup"}') == Hangup()


def test_an_unknown_type_is_ignored_for_forward_compatibility():
    assert web_call.decode('{"type":"volume","level":3}') is None


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[1, 2]",
        '{"type":"start"}',
        '{"type":"start","token":5}',
        '{"type":"mark","name":"' + "9" * 65 + '"}',
        '{"type":"text","text":"' + "a" * 4001 + '"}',
    ],
)
def test_a_message_that_cannot_be_read_is_malformed(raw):
    with pytest.raises(MalformedMessage):
        web_call.decode(raw)


def test_runtime_messages_are_the_documented_shapes():
    assert json.loads(web_call.ready("call_1", "web")) == {
        "type": "ready",
        "call_id": "call_1",
        "sample_rate": 24000,
        "channel": "web",
    }
    assert json.loads(web_call.mark("3")) == {"type": "mark", "name": "3"}
    assert json.loads(web_call.clear()) == {"type": "clear"}
    assert json.loads(web_call.transcript("agent", 'Say "hi"')) == {
        "type": "transcript",
        "speaker": "agent",
        "text": 'Say "hi"',
    }
    assert json.loads(web_call.ended("agent_ended")) == {"type": "ended", "reason": "agent_ended"}
    assert json.loads(web_call.error(ErrorCode.ORIGIN_NOT_ALLOWED, "no")) == {
        "type": "error",
        "code": "origin_not_allowed",
        "message": "no",
    }


def test_pcm16_at_24_khz_is_48_bytes_a_millisecond():
    assert web_call.audio_ms(48_000) == 1000 and web_call.audio_ms(1_920) == 40
