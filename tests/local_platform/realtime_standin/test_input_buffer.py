import numpy as np

from local_platform.realtime_standin.audio_codec import AudioFormat, encode
from local_platform.realtime_standin.input_buffer import InputBuffer
from local_platform.realtime_standin.vad import SpeechStarted, SpeechStopped, VadSettings

PCM = AudioFormat("audio/pcm")


def test_pcm16_split_mid_sample_keeps_the_timeline_exact():
    buffer = InputBuffer()
    audio = encode(PCM, np.zeros(2400, dtype=np.float32))  # 100 ms

    buffer.append(PCM, audio[:1001])
    buffer.append(PCM, audio[1001:])

    assert buffer.position_ms == 100


def test_commit_and_clear_empty_the_buffer_but_not_the_timeline():
    buffer = InputBuffer()
    buffer.append(PCM, encode(PCM, np.zeros(7200, dtype=np.float32)))

    assert buffer.commit(200) == 200 and buffer.buffered_ms == 100
    buffer.clear()

    assert buffer.buffered_ms == 0 and buffer.position_ms == 300


def test_speech_is_reported_with_the_configured_settings():
    buffer = InputBuffer()
    buffer.configure(VadSettings(prefix_padding_ms=0, silence_duration_ms=100))
    t = np.arange(4800) / 24000
    speech = np.concatenate([np.zeros(2400), 0.3 * np.sin(2 * np.pi * 300 * t), np.zeros(4800)])

    assert buffer.append(PCM, encode(PCM, speech.astype(np.float32))) == [SpeechStarted(100), SpeechStopped(400)]
