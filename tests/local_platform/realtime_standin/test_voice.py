import io
import os
import stat
import sys
import wave

import numpy as np
import pytest

from local_platform.realtime_standin.audio_codec import AudioFormat
from local_platform.realtime_standin.voice import Synthesizer, espeak_voice, tone_speech, wav_samples

pytestmark = pytest.mark.anyio
PCMU, PCM = AudioFormat("audio/pcmu"), AudioFormat("audio/pcm")


def test_the_tone_voice_takes_about_60_ms_a_character_and_is_deterministic():
    text = "Hello, how can I help you today?"

    audio = tone_speech(text, "alloy", 8000)

    assert audio.size / 8 == pytest.approx(len(text) * 60, rel=0.2)
    assert np.array_equal(audio, tone_speech(text, "alloy", 8000))
    assert not np.array_equal(audio, tone_speech(text, "ash", 8000))  # voices differ in pitch
    assert 0.3 < np.max(np.abs(audio)) <= 0.35


def test_pauses_at_punctuation_are_silent():
    audio = tone_speech("Yes. No", "alloy", 8000)

    assert np.max(np.abs(audio[8 * 200 : 8 * 400])) == 0  # the full stop's pause


async def test_speech_comes_in_the_sessions_format_and_is_cached():
    synthesizer = Synthesizer(engine="tone")

    mulaw = await synthesizer.speech("Thank you.", voice="alloy", locale="en-US", fmt=PCMU)
    pcm = await synthesizer.speech("Thank you.", voice="alloy", locale="en-US", fmt=PCM)

    assert len(pcm) == pytest.approx(len(mulaw) * 6, abs=6)  # 24 kHz x 2 bytes vs 8 kHz x 1 byte
    assert await synthesizer.speech("Thank you.", voice="alloy", locale="en-US", fmt=PCMU) is mulaw


def fake_espeak(directory) -> str:
    """An `espeak-ng` that writes a 22,050 Hz WAV, 10 ms per input character, to stdout (with a bogus size)."""
    script = directory / "espeak-ng"
    script.write_text(
        f"#!{sys.executable}\n"
        "import io, struct, sys, wave\n"
        "args = sys.argv[1:]\n"
        "assert args[:2] == ['--stdout', '--stdin'] and args[2] == '-v'\n"
        "text = sys.stdin.read()\n"
        "buffer = io.BytesIO()\n"
        "with wave.open(buffer, 'wb') as out:\n"
        "    out.setnchannels(1); out.setsampwidth(2); out.setframerate(22050)\n"
        "    out.writeframes(struct.pack('<h', 8000) * (len(text) * 221))\n"
        "data = bytearray(buffer.getvalue()); data[40:44] = b'\\xff\\xff\\xff\\x7f'\n"
        "sys.stdout.buffer.write(bytes(data))\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(directory)


async def test_espeak_speaks_when_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", fake_espeak(tmp_path) + os.pathsep + os.environ["PATH"])
    synthesizer = Synthesizer()

    audio = await synthesizer.speech("abcdefghij", voice="alloy", locale="en-US", fmt=PCMU)

    assert synthesizer.engine == "espeak"
    assert len(audio) == pytest.approx(800, abs=8)  # 100 ms at 8 kHz


async def test_a_failing_espeak_falls_back_to_the_tone_voice(tmp_path, monkeypatch):
    broken = tmp_path / "espeak-ng"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ["PATH"])

    audio = await Synthesizer().speech("Hi there", voice="alloy", locale="en-US", fmt=PCMU)

    assert len(audio) / 8 == pytest.approx(8 * 60, rel=0.2)


def test_wav_samples_reads_a_wave_file():
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.array([0, 16384, -16384], dtype="<i2").tobytes())

    samples, rate = wav_samples(buffer.getvalue())

    assert rate == 16000 and np.allclose(samples, [0, 0.5, -0.5])


def test_espeak_voices_follow_the_locale():
    assert (espeak_voice("en-US"), espeak_voice("en-GB"), espeak_voice("de-DE")) == ("en-us", "en", "de")
