"""Recordings end to end: a simulated phone call through the runtime and the stand-in, its stereo WAV uploaded to
the emulator's S3, referenced by `call.ended`, and played back through the API's presigned URL."""

from __future__ import annotations

import asyncio
import io
import wave

import boto3
import numpy as np
import pytest
import requests

from local_platform.caller_simulator import Line, place_call
from tests.voice_container.conftest import AUTH_TOKEN, NUMBER
from tests.voice_container.test_phone_calls import CALLER, ingest_published, the_call, voice_stack
from vocadesk.settings import get_settings

pytestmark = pytest.mark.slow
RATE = 8000
WINDOW = RATE // 50  # 20 ms


def call_with(monkeypatch, repos, script, *, before=None):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, runtime):
            if before is not None:
                before(runtime)
            return await place_call(
                f"{url}/twilio/voice",
                to=NUMBER,
                from_=CALLER,
                auth_token=AUTH_TOKEN,
                script=script,
                pause_after_agent=0.3,
                max_call_seconds=40,
            )

    return asyncio.run(scenario())


def read_wav(data: bytes) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(io.BytesIO(data)) as wav:
        params = wav.getparams()
        samples = np.frombuffer(wav.readframes(params.nframes), dtype="<i2").reshape(-1, params.nchannels)
    return params, samples


def rms(channel: np.ndarray, start_s: float, end_s: float) -> float:
    piece = channel[max(0, int(start_s * RATE)) : int(end_s * RATE)].astype(np.float64)
    return float(np.sqrt(np.mean(piece**2))) if piece.size else 0.0


def loud_windows(channel: np.ndarray, start_s: float, end_s: float, level: float = 300.0) -> int:
    return sum(rms(channel, t, t + 0.02) > level for t in np.arange(start_s, end_s, 0.02))


def recordings_in_bucket() -> list[str]:
    listed = boto3.client("s3").list_objects_v2(Bucket=get_settings().recordings_bucket)
    return [item["Key"] for item in listed.get("Contents", [])]


def test_a_call_is_recorded_as_a_stereo_wav_with_each_side_where_it_spoke(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    record = call_with(monkeypatch, repos, ["Alex Morgan"])
    events = ingest_published(platform)

    call = the_call(repos, tenant_a)
    ended = next(e for e in events if "reason" in e)
    assert ended["recording"] == {
        "s3_key": f"account/{tenant_a.account_id}/calls/{call.id}/recording.wav",
        "duration_ms": call.duration_ms,
        "format": "wav",
    }
    # The API's link plays it: a WAV with both sides, as long as the call (to the frame)
    response = requests.get(call.recording_url, timeout=5)
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    wav, samples = read_wav(response.content)
    assert (wav.nchannels, wav.sampwidth, wav.framerate) == (2, 2, RATE)
    assert abs(wav.nframes - call.duration_ms * RATE // 1000) <= WINDOW
    assert abs(wav.nframes / RATE - (record.closed_at - record.start_sent_at)) < 0.5
    caller, agent = samples[:, 0], samples[:, 1]
    # Where each side spoke (the simulator's clock, from its `start` frame = the recording's start)
    zero = record.start_sent_at
    turn = record.turns[0]
    spoke_from, spoke_to = turn.started_at - zero, turn.ended_at - zero
    assert rms(caller, spoke_from + 0.1, spoke_to - 0.1) > 1000  # the caller's line: ~-18 dBFS speech
    greeting_from = record.first_audio_at - zero
    assert rms(caller, greeting_from, spoke_from - 0.1) < 100  # line noise only while the agent greeted
    assert loud_windows(agent, greeting_from, spoke_from - 0.1) > 20  # the greeting, on the right
    assert rms(agent, spoke_from + 0.1, spoke_to - 0.1) < 100  # the agent was quiet while the caller spoke


def test_a_barge_in_cuts_the_agent_where_the_caller_stopped_hearing_it(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    record = call_with(monkeypatch, repos, [Line("Alex Morgan", barge_in_after_ms=800)])
    ingest_published(platform)

    call = the_call(repos, tenant_a)
    _, samples = read_wav(requests.get(call.recording_url, timeout=5).content)
    agent = samples[:, 1]
    zero, turn = record.start_sent_at, record.turns[0]
    cleared, spoke_to = record.clears[0] - zero, turn.ended_at - zero
    greeting = call.turns[0]
    assert greeting.interrupted
    # The greeting played until the clear, and what the caller did not hear is not in the recording
    assert loud_windows(agent, turn.started_at - zero - 0.5, turn.started_at - zero) > 5
    assert rms(agent, cleared + 0.15, spoke_to) < 50
    last_loud = max(t for t in np.arange(0, spoke_to, 0.02) if rms(agent, t, t + 0.02) > 300)
    heard_until = (greeting.ended_ms - greeting.started_ms) / 1000 + (record.first_audio_at - zero)
    assert abs(last_loud - heard_until) < 0.3  # cut at what the playback clock said was heard


def test_an_agent_that_does_not_record_leaves_no_recording(monkeypatch, repos, platform, tenant_a, phone_agent):
    repos.agents.save(phone_agent.model_copy(update={"record_calls": False}))

    call_with(monkeypatch, repos, ["Alex Morgan"])
    events = ingest_published(platform)

    ended = next(e for e in events if "reason" in e)
    assert "recording" not in ended and recordings_in_bucket() == []
    call = the_call(repos, tenant_a)
    assert call.recording is None and call.recording_url is None and call.status == "ended"


def test_a_failing_upload_still_publishes_the_end_of_the_call(monkeypatch, repos, platform, tenant_a, phone_agent):
    def without_a_bucket(runtime):
        runtime.after_call.uploader.bucket = "no-such-bucket"
        runtime.after_call.uploader.backoff_seconds = 0.01

    call_with(monkeypatch, repos, ["Alex Morgan"], before=without_a_bucket)
    events = ingest_published(platform)

    ended = next(e for e in events if "reason" in e)
    assert ended["reason"] == "agent_ended" and "recording" not in ended
    call = the_call(repos, tenant_a)
    assert (call.status, call.recording) == ("ended", None)
    assert call.analysis.captured_data == {"name": "Alex Morgan"}  # and the rest of the call is all there


def test_a_web_call_is_recorded_at_24_khz_and_analysed(monkeypatch, repos, platform, tenant_a, phone_agent):
    from local_platform.web_caller import place_web_call
    from tests.voice_container.test_web_calls import KEYS, PAGE, mint, web_url

    monkeypatch.setenv("VOCADESK_CALL_TOKEN_KEYS", ",".join(f"{kid}:{secret}" for kid, secret in KEYS))

    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            return await place_web_call(
                web_url(url), mint(phone_agent), origin=PAGE, script=["Alex Morgan"], pause_after_agent=0.3
            )

    record = asyncio.run(scenario())
    ingest_published(platform)

    call = the_call(repos, tenant_a)
    assert call.id == record.call_id
    wav, samples = read_wav(requests.get(call.recording_url, timeout=5).content)
    assert (wav.nchannels, wav.framerate) == (2, 24000)
    assert abs(wav.nframes - call.duration_ms * 24) <= 24 * 20
    caller, agent = samples[:, 0].astype(np.float64), samples[:, 1].astype(np.float64)
    assert np.sqrt(np.mean(caller**2)) > 50 and np.sqrt(np.mean(agent**2)) > 300  # both sides are in it
    # The analysis came after the end, with the answer typed and nothing required missing
    analysis = call.analysis
    assert analysis.captured_data == {"name": "Alex Morgan"} and analysis.missing_answers == []
    assert (analysis.outcome, analysis.sentiment, analysis.success) == ("completed", "neutral", True)
    assert analysis.summary.startswith(f"A caller reached {phone_agent.name} (web call, ")
