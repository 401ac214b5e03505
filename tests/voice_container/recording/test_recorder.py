"""The call recorder on a fake clock: placement on the timeline, barge-in cuts, the WAV it leaves, flat memory."""

from __future__ import annotations

import base64
import os
import wave

import numpy as np
import pytest

from vocadesk.models.calls import Channel
from voice_container.audio import mulaw
from voice_container.recording.recorder import MULAW, CallRecorder, pcm16, recorder_for

RATE = 8000
FRAME = 160  # 20 ms of μ-law


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms / 1000


def tone(ms: int, amplitude: int = 8000, rate: int = RATE) -> np.ndarray:
    t = np.arange(rate * ms // 1000) / rate
    return (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def ulaw_b64(samples: np.ndarray) -> str:
    return base64.b64encode(mulaw.encode(samples)).decode()


def silence_b64(ms: int) -> str:
    return ulaw_b64(np.zeros(RATE * ms // 1000, dtype=np.int16))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def recorder(tmp_path, clock):
    return CallRecorder(sample_rate=RATE, encoding=MULAW, directory=str(tmp_path), clock=clock)


def stereo(path: str) -> np.ndarray:
    with wave.open(path) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (2, 2, RATE)
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").reshape(-1, 2)


def loud(channel: np.ndarray, start_ms: int, end_ms: int) -> bool:
    piece = channel[start_ms * 8 : end_ms * 8].astype(np.float64)
    return bool(piece.size) and float(np.sqrt(np.mean(piece**2))) > 1000


def quiet(channel: np.ndarray, start_ms: int, end_ms: int) -> bool:
    return not np.any(channel[start_ms * 8 : end_ms * 8])


def caller_speaks(recorder, clock, pattern: list[tuple[int, bool]]) -> None:
    """Real-time caller frames: (ms, speaking) pieces, one 20 ms frame per tick."""
    for ms, speaking in pattern:
        for _ in range(ms // 20):
            clock.advance(20)
            recorder.caller_audio(ulaw_b64(tone(20)) if speaking else silence_b64(20))


def test_both_sides_land_where_they_were_heard_and_the_file_lasts_the_call(recorder, clock):
    # Given the agent greets (3 s of audio sent at once, faster than real time) while the caller is quiet
    recorder.agent_audio("greeting", ulaw_b64(tone(3000)))
    caller_speaks(recorder, clock, [(3500, False), (1000, True), (500, False)])

    # When the call ends after 5 s
    file = recorder.finish(5000)

    # Then the WAV is exactly 5 s: the agent on the right for 0-3 s, the caller on the left for 3.5-4.5 s
    samples = stereo(file.path)
    assert samples.shape == (5000 * 8, 2) and file.size_bytes == os.path.getsize(file.path) == 44 + 5000 * 8 * 4
    caller, agent = samples[:, 0], samples[:, 1]
    assert loud(agent, 0, 3000) and quiet(agent, 3000, 5000)
    assert quiet(caller, 0, 3500) and loud(caller, 3520, 4500) and quiet(caller, 4520, 5000)


def test_a_caller_who_sends_nothing_for_a_while_leaves_a_silent_gap(recorder, clock):
    caller_speaks(recorder, clock, [(500, True)])
    clock.advance(2000)  # a browser that stopped sending (muted)
    caller_speaks(recorder, clock, [(500, True)])

    caller = stereo(recorder.finish(3000).path)[:, 0]

    assert loud(caller, 0, 500) and quiet(caller, 520, 2500) and loud(caller, 2500, 3000)


def test_agent_audio_after_a_pause_starts_when_it_arrives(recorder, clock):
    recorder.agent_audio("a", ulaw_b64(tone(500)))
    clock.advance(2000)
    recorder.agent_audio("b", ulaw_b64(tone(500)))

    agent = stereo(recorder.finish(3000).path)[:, 1]

    assert loud(agent, 0, 500) and quiet(agent, 500, 2000) and loud(agent, 2000, 2500) and quiet(agent, 2500, 3000)


def test_a_barge_in_cuts_what_was_not_heard(recorder, clock):
    # Given 4 s of agent audio was sent at once and the caller came in 1.2 s into it
    recorder.agent_audio("greeting", ulaw_b64(tone(2000)))
    recorder.agent_audio("greeting", ulaw_b64(tone(2000)))
    caller_speaks(recorder, clock, [(1200, False)])

    # When the far end dropped the rest after 1200 ms were heard; later the agent answers at 3 s
    recorder.agent_cut(1200)
    caller_speaks(recorder, clock, [(1800, True)])
    recorder.agent_audio("answer", ulaw_b64(tone(500)))
    caller_speaks(recorder, clock, [(1000, False)])

    # Then the greeting stops at 1.2 s, and the answer starts at 3 s, not after the dropped audio
    agent = stereo(recorder.finish(4000).path)[:, 1]
    assert loud(agent, 0, 1200) and quiet(agent, 1200, 3000) and loud(agent, 3000, 3500) and quiet(agent, 3500, 4000)


def test_audio_still_queued_when_the_call_ends_is_not_in_the_recording(recorder, clock):
    recorder.agent_audio("closing", ulaw_b64(tone(5000)))
    clock.advance(1000)

    samples = stereo(recorder.finish(1000).path)

    assert samples.shape == (8000, 2) and loud(samples[:, 1], 0, 1000)


def test_memory_stays_flat_over_a_long_call(recorder, clock):
    # Ten minutes of a conversation: the caller talks every other second, the agent answers in bursts
    for second in range(600):
        if second % 10 == 0:
            recorder.agent_audio(f"item{second}", ulaw_b64(tone(3000)))
        caller_speaks(recorder, clock, [(1000, second % 2 == 0)])
        held = len(recorder._caller) + len(recorder._agent)
        assert held <= 2 * 2 * RATE * 3  # never more than a few seconds (the lag, the agent's lookahead)

    file = recorder.finish(600_000)

    assert file.size_bytes == 44 + 600 * RATE * 4


def test_web_calls_are_pcm16_at_24_khz(tmp_path):
    recorder = recorder_for(Channel.WEB, directory=str(tmp_path))
    assert recorder.sample_rate == 24000 and recorder_for(Channel.PHONE, directory=str(tmp_path)).sample_rate == 8000
    audio = tone(100, rate=24000)
    assert np.array_equal(pcm16(audio.tobytes()), audio)


def test_web_audio_is_written_as_it_came_and_a_gap_is_silent(tmp_path, clock):
    recorder = recorder_for(Channel.WEB, directory=str(tmp_path), clock=clock)
    speech = tone(100, rate=24000)
    clock.advance(100)
    recorder.caller_audio(base64.b64encode(speech.tobytes() + b"\x01").decode())  # a stray odd byte is dropped
    clock.advance(400)  # then nothing (a muted browser)
    clock.advance(100)
    recorder.caller_audio(base64.b64encode(speech.tobytes()).decode())

    with wave.open(recorder.finish(600).path) as wav:
        caller = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").reshape(-1, 2)[:, 0]

    assert np.array_equal(caller[:2400], speech) and not caller[2400:12000].any()
    assert np.array_equal(caller[12000:14400], speech)


def test_a_failing_disk_ends_the_recording_not_the_call(recorder, clock, monkeypatch):
    def full(_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder._file, "write", full)
    caller_speaks(recorder, clock, [(2000, True)])  # commits fail, quietly

    assert recorder.failed and recorder.finish(2000) is None and not os.path.exists(recorder.path)


def test_discard_removes_the_file(recorder, clock):
    file = recorder.finish(0)
    recorder.discard()

    assert file.size_bytes == 44 and not os.path.exists(file.path)
