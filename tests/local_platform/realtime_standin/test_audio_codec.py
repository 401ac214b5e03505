import numpy as np
import pytest

from local_platform.realtime_standin.audio_codec import ALAW_TO_PCM, AudioFormat, decode, encode, resample
from voice_container.audio.mulaw import MULAW_TO_PCM16

PCMU, PCMA, PCM = AudioFormat("audio/pcmu"), AudioFormat("audio/pcma"), AudioFormat("audio/pcm")


def test_mu_law_is_the_runtimes_codec():  # its tables are tested against G.191 with the runtime
    samples = decode(PCMU, bytes([0xFF, 0x00, 0x80, 0xF0]))

    assert np.array_equal(np.round(samples * 32768).astype(np.int16), MULAW_TO_PCM16[[0xFF, 0x00, 0x80, 0xF0]])


def test_a_law_table_matches_g711():
    assert ALAW_TO_PCM[0xD5] == 8 and ALAW_TO_PCM[0x55] == -8
    assert ALAW_TO_PCM[0xAA] == 32256 and ALAW_TO_PCM[0x2A] == -32256


@pytest.mark.parametrize("fmt", [PCMU, PCMA])
def test_g711_encode_inverts_decode_for_every_code(fmt):
    table = MULAW_TO_PCM16 if fmt is PCMU else ALAW_TO_PCM
    codes = bytes(range(256))

    again = encode(fmt, decode(fmt, codes))

    assert np.array_equal(table[np.frombuffer(again, np.uint8)], table[np.frombuffer(codes, np.uint8)])


def test_pcm16_round_trips_and_ignores_a_trailing_odd_byte():
    samples = np.array([0.0, 0.5, -0.5, 0.999], dtype=np.float32)

    wire = encode(PCM, samples)

    assert len(wire) == 8
    assert np.allclose(decode(PCM, wire + b"\x01"), samples, atol=1e-4)


def test_formats_know_their_rates_and_sizes():
    assert (PCM.rate, PCMU.rate) == (24_000, 8_000)
    assert PCM.bytes_for_ms(20) == 960 and PCMU.bytes_for_ms(20) == 160
    assert PCMU.ms_for_bytes(8000) == 1000


def test_resample_keeps_duration():
    second = np.sin(np.linspace(0, 100, 24_000)).astype(np.float32)

    assert resample(second, 24_000, 8_000).size == 8_000
    assert resample(second, 24_000, 24_000).size == 24_000
    assert resample(second[:0], 24_000, 8_000).size == 0
