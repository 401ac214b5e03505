import pytest

from local_platform.realtime_standin import session_config
from local_platform.realtime_standin.audio_codec import AudioFormat
from local_platform.realtime_standin.client_events import ProtocolError
from local_platform.realtime_standin.vad import VadSettings


def fresh() -> dict:
    return session_config.default_session(session_id="sess_1", model="gpt-realtime", expires_at=1)


def refused(patch: dict, **kwargs) -> ProtocolError:
    with pytest.raises(ProtocolError) as error:
        session_config.apply_update(fresh(), patch, **kwargs)
    return error.value


def test_defaults_are_the_providers():
    session = fresh()

    assert session_config.input_format(session) == session_config.output_format(session) == AudioFormat("audio/pcm")
    assert session["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}
    detection = session_config.turn_detection(session)
    assert detection.vad == VadSettings(0.5, 300, 500)
    assert detection.create_response and detection.interrupt_response
    assert not session_config.transcribes(session)


def test_an_update_changes_only_what_it_names():
    updated = session_config.apply_update(
        fresh(),
        {
            "type": "realtime",
            "instructions": "Be brief.",
            "audio": {
                "input": {
                    "format": {"type": "audio/pcmu"},
                    "turn_detection": {"type": "server_vad", "silence_duration_ms": 800, "create_response": False},
                },
                "output": {"voice": "marin"},
            },
            "tools": [{"type": "function", "name": "end_call", "parameters": {}}],
        },
    )

    assert updated["instructions"] == "Be brief."
    assert session_config.input_format(updated) == AudioFormat("audio/pcmu")
    assert session_config.output_format(updated) == AudioFormat("audio/pcm")  # untouched
    assert session_config.voice(updated) == "marin"
    detection = session_config.turn_detection(updated)
    assert detection.vad == VadSettings(0.5, 300, 800) and not detection.create_response
    assert list(session_config.function_tools(updated)) == ["end_call"]


def test_nulls_turn_things_off():
    updated = session_config.apply_update(
        fresh(), {"type": "realtime", "audio": {"input": {"turn_detection": None, "transcription": None}}}
    )

    assert session_config.turn_detection(updated) is None
    assert not session_config.transcribes(updated)


def test_semantic_vad_waits_by_eagerness():
    patch = {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "semantic_vad", "eagerness": "low"}}}}

    detection = session_config.turn_detection(session_config.apply_update(fresh(), patch))

    assert detection.vad.silence_duration_ms == 1000


def test_tool_choice_none_hides_the_tools():
    patch = {"type": "realtime", "tools": [{"type": "function", "name": "end_call"}], "tool_choice": "none"}

    assert session_config.function_tools(session_config.apply_update(fresh(), patch)) == {}


def test_refusals_name_the_parameter_and_leave_the_session_alone():
    assert refused({}).param == "session.type"
    assert refused({"type": "transcription"}).message.startswith("Passing a transcription session update")
    assert refused({"type": "realtime", "bogus_field": 1}).code == "unknown_parameter"
    assert refused({"type": "realtime", "audio": {"input": {"speed": 1}}}).param == "session.audio.input.speed"
    rate = refused({"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}})
    assert (rate.code, rate.param) == ("integer_below_min_value", "session.audio.input.format.rate")
    assert refused({"type": "realtime", "audio": {"output": {"format": {"type": "audio/mp3"}}}}).code == "invalid_value"
    threshold = {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 2}}}}
    assert refused(threshold).param == "session.audio.input.turn_detection.threshold"
    assert refused({"type": "realtime", "output_modalities": ["audio", "text"]}).code == "invalid_value"


def test_the_voice_is_fixed_once_the_assistant_has_spoken():
    patch = {"type": "realtime", "audio": {"output": {"voice": "ash"}}}

    assert refused(patch, voice_locked=True).code == "cannot_update_voice"
    assert session_config.voice(session_config.apply_update(fresh(), patch)) == "ash"
