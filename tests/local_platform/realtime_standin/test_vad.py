import numpy as np

from local_platform.realtime_standin.vad import EnergyVad, SpeechStarted, SpeechStopped, VadSettings

RATE = 8_000


def tone(ms: int, level: float = 0.3) -> np.ndarray:
    t = np.arange(RATE * ms // 1000) / RATE
    return (level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def quiet(ms: int) -> np.ndarray:
    return np.zeros(RATE * ms // 1000, dtype=np.float32)


def test_a_tone_burst_between_silences_starts_and_stops_speech_at_the_documented_offsets():
    vad = EnergyVad(VadSettings(threshold=0.5, prefix_padding_ms=300, silence_duration_ms=500))

    events = vad.feed(np.concatenate([quiet(500), tone(800), quiet(1000)]), RATE)

    assert events == [SpeechStarted(200), SpeechStopped(1800)]
    assert vad.position_ms == 2300


def test_audio_fed_in_odd_sized_pieces_gives_the_same_offsets():
    vad = EnergyVad(VadSettings(prefix_padding_ms=100, silence_duration_ms=200))
    audio = np.concatenate([quiet(300), tone(400), quiet(300)])

    events = [e for start in range(0, audio.size, 77) for e in vad.feed(audio[start : start + 77], RATE)]

    assert events == [SpeechStarted(200), SpeechStopped(900)]


def test_a_click_is_not_speech_and_a_short_pause_does_not_end_it():
    vad = EnergyVad(VadSettings(silence_duration_ms=300))

    events = vad.feed(np.concatenate([quiet(100), tone(10), quiet(200), tone(300), quiet(200), tone(300)]), RATE)

    assert events == [SpeechStarted(10)]  # 310 ms onset minus 300 ms padding
    assert vad.speaking


def test_the_threshold_sets_how_loud_speech_must_be():
    soft = np.concatenate([tone(300, level=0.01), quiet(600)])  # about -43 dBFS

    assert EnergyVad(VadSettings(threshold=0.2)).feed(soft, RATE) != []
    assert EnergyVad(VadSettings(threshold=0.5)).feed(soft, RATE) == []


def test_padding_never_reaches_back_before_the_last_commit():
    vad = EnergyVad(VadSettings(prefix_padding_ms=300, silence_duration_ms=200))
    vad.feed(quiet(1000), RATE)
    vad.restart()

    assert vad.feed(np.concatenate([quiet(100), tone(200)]), RATE) == [SpeechStarted(1000)]
