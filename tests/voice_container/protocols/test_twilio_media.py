"""The Media Streams codec, fed with the frames of Twilio's docs (tests/events/twilio/)."""

import json

import pytest

from tests.support import EVENTS
from voice_container.protocols import twilio_media
from voice_container.protocols.twilio_media import (
    Connected,
    Dtmf,
    MalformedFrame,
    Mark,
    Media,
    MediaFormat,
    Start,
    Stop,
)

SID = "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"


def frame(name: str) -> str:
    return (EVENTS / "twilio" / f"{name}.json").read_text()


def test_connected_is_the_protocol_and_version():
    assert twilio_media.decode(frame("connected")) == Connected(protocol="Call", version="1.0.0")


def test_start_carries_the_call_and_the_custom_parameters():
    start = twilio_media.decode(frame("start"))

    assert start == Start(
        sequence_number=1,
        stream_sid=SID,
        account_sid="ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        call_sid="CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        tracks=("inbound",),
        custom_parameters={"FirstName": "Jane", "LastName": "Doe", "RemoteParty": "Bob"},
        media_format=MediaFormat(encoding="audio/x-mulaw", sample_rate=8000, channels=1),
    )


def test_start_parameters_are_read_only():
    start = twilio_media.decode(frame("start"))

    with pytest.raises(TypeError):
        start.custom_parameters["FirstName"] = "Eve"


def test_start_without_custom_parameters_has_none():
    raw = json.loads(frame("start"))
    del raw["start"]["customParameters"]

    assert twilio_media.decode(json.dumps(raw)).custom_parameters == {}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("media_inbound", Media(4, SID, "inbound", 2, 5, "no+JhoaJjpzS...")),
        ("media_outbound", Media(3, SID, "outbound", 1, 5, "no+JhoaJjpz...")),
    ],
)
def test_media_numbers_become_ints_and_the_payload_passes_through_untouched(name, expected):
    assert twilio_media.decode(frame(name)) == expected


def test_mark_stop_and_dtmf():
    assert twilio_media.decode(frame("mark")) == Mark(4, SID, "my label")
    assert twilio_media.decode(frame("stop")) == Stop(
        5, SID, "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    )
    assert twilio_media.decode(frame("dtmf")) == Dtmf(5, SID, "inbound_track", "1")


def test_bytes_frames_decode_like_text():
    assert twilio_media.decode(frame("mark").encode()) == Mark(4, SID, "my label")


def test_messages_are_frozen():
    with pytest.raises(AttributeError):
        twilio_media.decode(frame("mark")).name = "other"


@pytest.mark.parametrize(
    "raw", ['{"event": "transcription", "streamSid": "MZ1"}', '{"streamSid": "MZ1"}', '{"event": 7}']
)
def test_unknown_events_are_none(raw):
    assert twilio_media.decode(raw) is None


@pytest.mark.parametrize("raw", ["", "{", "not json", b"\xff\xfe", "[1, 2]", '"media"', "null"])
def test_malformed_frames_raise_one_exception_type(raw):
    with pytest.raises(MalformedFrame):
        twilio_media.decode(raw)


def test_a_known_event_missing_a_field_names_the_field():
    raw = json.loads(frame("media_inbound"))
    del raw["media"]["timestamp"]

    with pytest.raises(MalformedFrame, match="media frame: missing or invalid 'timestamp'"):
        twilio_media.decode(json.dumps(raw))


def test_a_malformed_media_frame_never_quotes_its_payload():
    raw = json.loads(frame("media_inbound"))
    raw["media"]["chunk"] = "two"
    raw["media"]["payload"] = "SECRETAUDIO"

    with pytest.raises(MalformedFrame) as caught:
        twilio_media.decode(json.dumps(raw))

    assert "SECRETAUDIO" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_a_non_string_payload_is_malformed():
    raw = json.loads(frame("media_inbound"))
    raw["media"]["payload"] = 12

    with pytest.raises(MalformedFrame, match="media frame"):
        twilio_media.decode(json.dumps(raw))


@pytest.mark.parametrize(
    ("encoded", "doc_frame"),
    [
        (twilio_media.media(SID, "a3242sa..."), "send_media"),
        (twilio_media.mark(SID, "my label"), "send_mark"),
        (twilio_media.clear(SID), "send_clear"),
    ],
)
def test_frames_sent_to_twilio_are_the_documented_ones(encoded, doc_frame):
    assert json.loads(encoded) == json.loads(frame(doc_frame))


def test_encoders_escape_what_they_are_given():
    encoded = twilio_media.mark(SID, 'say "hi"\n\u00e9')

    assert json.loads(encoded)["mark"]["name"] == 'say "hi"\n\u00e9'
    assert encoded.isascii()


def test_the_media_payload_is_sent_byte_for_byte():
    payload = "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eDf3t3c29rZ2NfW1dTT0tHQz87NzMvKycjHxsXEw8LBwA=="

    assert json.loads(twilio_media.media(SID, payload))["media"]["payload"] == payload
