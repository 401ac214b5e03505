"""A stand-in session driven through the real `openai` SDK, as the voice runtime drives it."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from local_platform.realtime_standin import StandinBehaviour, start_standin
from local_platform.realtime_standin.audio_codec import PCM_RATE, AudioFormat, decode
from tests.local_platform.realtime_standin.support import (
    PCMU,
    b64,
    events_until,
    front_desk,
    of_type,
    sdk,
    session_for,
    silence,
    tone,
)

pytestmark = pytest.mark.anyio
PCM = AudioFormat("audio/pcm")


async def opened(connection, session=None):
    """Configure the session for the front desk agent; the events up to `session.updated`."""
    await connection.session.update(session=session or session_for(front_desk()))
    return await events_until(connection, "session.updated")


async def speak(connection, *, fmt: AudioFormat = PCMU, ms: int = 600) -> None:
    """One caller turn: silence, a tone burst, then enough silence for the VAD to end it."""
    for chunk in (silence(200, fmt=fmt), tone(ms, fmt=fmt), silence(700, fmt=fmt)):
        await connection.input_audio_buffer.append(audio=b64(chunk))


async def test_session_created_then_updated_echo_the_configuration(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        events = await opened(connection)

    created, updated = events[0], events[-1]
    assert created.type == "session.created"
    assert created.session.model == "gpt-realtime"
    assert created.session.audio.input.format.type == "audio/pcm"
    session = updated.session
    assert session.instructions.startswith("# Role")
    assert session.audio.input.format.type == session.audio.output.format.type == "audio/pcmu"
    assert session.audio.output.voice == "coral"
    assert session.audio.input.turn_detection.silence_duration_ms == 500
    assert session.audio.input.transcription.model == "gpt-4o-mini-transcribe"
    assert [tool.name for tool in session.tools] == ["end_call", "transfer_call", "record_answer"]
    assert session.id == created.session.id and session.id.startswith("sess_")


async def test_first_response_greets_with_audio_and_its_transcript(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)

        await connection.response.create()
        events = await events_until(connection, "response.done")

    said = "Hi, this is Sam from Bright Smile. What is your full name?"
    assert of_type(events, "response.output_audio_transcript.done")[0].transcript == said
    assert "".join(e.delta for e in of_type(events, "response.output_audio_transcript.delta")).strip() == said
    deltas = of_type(events, "response.output_audio.delta")
    audio = b"".join(base64.b64decode(e.delta) for e in deltas)
    assert len(audio) / 8 == pytest.approx(len(said) * 60, rel=0.15)  # μ-law, 8 bytes per ms, ~60 ms a character
    assert np.sqrt(np.mean(decode(PCMU, audio) ** 2)) > 0.05  # it is not silence
    assert all(len(base64.b64decode(e.delta)) <= 320 for e in deltas)  # 40 ms chunks
    done = events[-1].response
    assert done.status == "completed"
    assert done.output[0].content[0].transcript == said
    assert {e.response_id for e in deltas} == {done.id}


async def test_server_vad_reports_speech_at_its_place_on_the_input_timeline(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)

        for chunk in (silence(500), tone(800), silence(1000)):
            await connection.input_audio_buffer.append(audio=b64(chunk))
        events = await events_until(connection, "conversation.item.done")

    started, stopped, committed = events[0], events[1], events[2]
    assert started.type == "input_audio_buffer.speech_started"
    assert started.audio_start_ms == 500 - 300  # onset minus prefix_padding_ms
    assert stopped.type == "input_audio_buffer.speech_stopped"
    assert stopped.audio_end_ms == 1300 + 500  # last speech plus silence_duration_ms
    assert committed.type == "input_audio_buffer.committed"
    assert started.item_id == stopped.item_id == committed.item_id == events[-1].item.id
    assert events[-1].item.role == "user"


async def test_a_caller_turn_is_transcribed_recorded_and_followed_by_the_next_question():
    standin = await start_standin(behaviour=StandinBehaviour(pace=0, caller_lines=("Alex Morgan",)))
    try:
        async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
            await opened(connection)
            await connection.response.create()
            await events_until(connection, "response.done")

            await speak(connection)
            turn = await events_until(connection, "response.done")
            call = of_type(turn, "response.function_call_arguments.done")[0]
            await connection.conversation.item.create(
                item={"type": "function_call_output", "call_id": call.call_id, "output": '{"ok": true}'}
            )
            await connection.response.create()
            follow_up = await events_until(connection, "response.done")
    finally:
        await standin.stop()

    transcription = of_type(turn, "conversation.item.input_audio_transcription.completed")[0]
    assert transcription.transcript == "Alex Morgan"
    assert call.name == "record_answer"
    assert json.loads(call.arguments) == {"key": "full_name", "value": "Alex Morgan"}
    assert turn[-1].response.output[0].type == "function_call"
    assert of_type(turn, "response.output_audio.delta") == []  # the model only called the tool
    assert of_type(follow_up, "response.output_audio_transcript.done")[0].transcript == (
        "Thank you. What is your email address?"
    )


async def test_talking_over_a_response_cancels_it():
    standin = await start_standin(behaviour=StandinBehaviour(pace=1.0))
    try:
        async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
            await opened(connection)
            await connection.response.create()
            before = await events_until(connection, "response.output_audio.delta", count=3)

            await connection.input_audio_buffer.append(audio=b64(tone(200)))
            after = await events_until(connection, "response.done")
    finally:
        await standin.stop()

    assert of_type(after, "input_audio_buffer.speech_started")
    done = after[-1].response
    assert done.status == "cancelled"
    assert done.status_details.reason == "turn_detected"
    assert done.output[0].status == "incomplete"
    heard_ms = len(b"".join(base64.b64decode(e.delta) for e in of_type(before + after, "response.output_audio.delta")))
    assert heard_ms / 8 < 1500  # cut well before the 3.5 s greeting ended


async def test_a_whole_barge_in_in_one_append_still_gets_its_answer():
    standin = await start_standin(behaviour=StandinBehaviour(pace=1.0))
    try:
        async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
            await opened(connection)
            await connection.response.create()
            await events_until(connection, "response.output_audio.delta")

            await connection.input_audio_buffer.append(audio=b64(tone(400) + silence(600)))
            events = await events_until(connection, "response.function_call_arguments.done")
    finally:
        await standin.stop()

    assert [e.response.status for e in of_type(events, "response.done")] == ["cancelled"]
    assert of_type(events, "response.function_call_arguments.done")[0].name == "record_answer"


async def test_truncate_reports_what_the_caller_heard(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)
        await connection.response.create()
        item_id = (await events_until(connection, "response.done"))[-1].response.output[0].id

        await connection.conversation.item.truncate(item_id=item_id, content_index=0, audio_end_ms=640)
        truncated = (await events_until(connection, "conversation.item.truncated"))[-1]
        await connection.conversation.item.truncate(item_id=item_id, content_index=0, audio_end_ms=60_000)
        refused = (await events_until(connection, "error"))[-1]

    assert (truncated.item_id, truncated.content_index, truncated.audio_end_ms) == (item_id, 0, 640)
    assert refused.error.type == "invalid_request_error"
    assert refused.error.param == "audio_end_ms"


async def test_a_typed_turn_is_answered_like_a_spoken_one(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)
        await connection.response.create()
        await events_until(connection, "response.done")

        await connection.conversation.item.create(
            item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Jo Bloggs"}]}
        )
        await connection.response.create()
        events = await events_until(connection, "response.done")

    added = of_type(events, "conversation.item.added")[0].item
    assert added.role == "user" and added.content[0].text == "Jo Bloggs"
    call = of_type(events, "response.function_call_arguments.done")[0]
    assert json.loads(call.arguments) == {"key": "full_name", "value": "Jo Bloggs"}


async def test_asking_for_a_person_says_the_handover_and_calls_transfer_call():
    standin = await start_standin(behaviour=StandinBehaviour(pace=0, caller_lines=("Can I talk to a real person?",)))
    try:
        async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
            await opened(connection)
            await connection.response.create()
            await events_until(connection, "response.done")

            await speak(connection)
            events = await events_until(connection, "response.done")
    finally:
        await standin.stop()

    transcript = of_type(events, "response.output_audio_transcript.done")[0].transcript
    assert transcript == "Let me transfer you to a colleague now."
    call = of_type(events, "response.function_call_arguments.done")[0]
    assert call.name == "transfer_call"
    assert json.loads(call.arguments)["rule_id"] == "human"


async def test_after_the_last_answer_the_agent_closes_and_ends_the_call(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)
        await connection.response.create()
        await events_until(connection, "response.done")
        calls = []
        for _ in range(2):  # both questions, answered with the default caller lines
            await speak(connection)
            call = of_type(await events_until(connection, "response.done"), "response.function_call_arguments.done")
            calls.append(json.loads(call[0].arguments))
            await connection.conversation.item.create(
                item={"type": "function_call_output", "call_id": call[0].call_id, "output": "{}"}
            )
            await connection.response.create()
            closing = await events_until(connection, "response.done")

    assert calls == [
        {"key": "full_name", "value": "Alex Morgan"},
        {"key": "email", "value": "alex.morgan@example.com"},
    ]
    assert of_type(closing, "response.output_audio_transcript.done")[0].transcript == "Thanks, bye now!"
    assert of_type(closing, "response.function_call_arguments.done")[0].name == "end_call"


async def test_pcm16_audio_both_ways(standin):
    pcm = {"type": "audio/pcm", "rate": PCM_RATE}
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection, session_for(front_desk(), fmt=pcm))
        await connection.response.create()
        greeting = await events_until(connection, "response.done")
        await speak(connection, fmt=PCM)
        turn = await events_until(connection, "response.done")

    chunks = [base64.b64decode(e.delta) for e in of_type(greeting, "response.output_audio.delta")]
    assert all(len(chunk) % 2 == 0 for chunk in chunks) and len(chunks[0]) == 40 * 48  # 40 ms at 24 kHz, 16 bit
    assert greeting[-1].response.audio.output.format.type == "audio/pcm"
    assert of_type(turn, "input_audio_buffer.speech_started")[0].audio_start_ms == 0  # 200 ms in, minus 300 ms


async def test_a_text_only_session_writes_text(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection, {**session_for(front_desk()), "output_modalities": ["text"]})
        await connection.response.create()
        events = await events_until(connection, "response.done")

    assert of_type(events, "response.output_audio.delta") == []
    assert of_type(events, "response.output_text.done")[0].text.startswith("Hi, this is Sam")
    assert events[-1].response.output[0].content[0].type == "output_text"


async def test_instructions_in_response_create_are_said_for_that_response(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)

        await connection.response.create(response={"instructions": 'Say exactly "Please hold the line."'})
        events = await events_until(connection, "response.done")

    assert of_type(events, "response.output_audio_transcript.done")[0].transcript == "Please hold the line."


async def test_a_second_response_while_one_streams_is_refused():
    standin = await start_standin(behaviour=StandinBehaviour(pace=1.0))
    try:
        async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
            await opened(connection)
            await connection.response.create()
            await events_until(connection, "response.output_audio.delta")

            await connection.response.create()
            refused = (await events_until(connection, "error"))[-1]
            await connection.response.cancel()
            done = (await events_until(connection, "response.done"))[-1]
    finally:
        await standin.stop()

    assert refused.error.code == "conversation_already_has_active_response"
    assert done.response.status == "cancelled" and done.response.status_details.reason == "client_cancelled"


async def test_invalid_client_events_get_errors_and_the_session_carries_on(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        await opened(connection)

        await connection.send_raw(json.dumps({"type": "ping", "event_id": "evt_1"}))
        await connection.response.cancel()
        await connection.input_audio_buffer.commit()
        errors = await events_until(connection, "error", count=3)
        await connection.response.create()
        await events_until(connection, "response.done")

    unknown, no_response, empty = (event.error for event in errors)
    assert (unknown.type, unknown.code, unknown.param, unknown.event_id) == (
        "invalid_request_error",
        "invalid_value",
        "type",
        "evt_1",
    )
    assert unknown.message.startswith("Invalid value: 'ping'. Supported values are: 'session.update'")
    assert no_response.code == "response_cancel_not_active"
    assert empty.code == "input_audio_buffer_commit_empty"


async def test_manual_commit_without_turn_detection(standin):
    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        session = session_for(front_desk())
        session["audio"]["input"]["turn_detection"] = None
        await opened(connection, session)

        await connection.input_audio_buffer.append(audio=b64(tone(300)))
        await connection.input_audio_buffer.commit()
        events = await events_until(connection, "conversation.item.input_audio_transcription.completed")

    assert [e.type for e in events] == [
        "input_audio_buffer.committed",
        "conversation.item.added",
        "conversation.item.done",
        "conversation.item.input_audio_transcription.completed",
    ]
