"""μ-law tables against G.711 values, the ITU-T G.191 reference code, and round trips."""

import sys
import warnings

import numpy as np
import pytest

from voice_container.audio import mulaw


def g191_ulaw_compress(sample: int) -> int:
    """A line-by-line port of ITU-T G.191 `ulaw_compress` (g711.c), the reference the tables follow."""
    absno = ((~sample) >> 2) if sample < 0 else (sample >> 2)
    absno += 33
    if absno > 0x1FFF:
        absno = 0x1FFF
    i = absno >> 6
    segno = 1
    while i != 0:
        segno += 1
        i >>= 1
    high_nibble = 0x0008 - segno
    low_nibble = 0x000F - ((absno >> segno) & 0x000F)
    out = (high_nibble << 4) | low_nibble
    return out | 0x0080 if sample >= 0 else out


def g191_ulaw_expand(code: int) -> int:
    """A port of ITU-T G.191 `ulaw_expand`."""
    sign = -1 if code < 0x80 else 1
    mantissa = ~code & 0xFF
    exponent = (mantissa >> 4) & 0x07
    segment = exponent + 1
    mantissa &= 0x0F
    step = 4 << segment
    return sign * ((0x80 << exponent) + step * mantissa + step // 2 - 4 * 33)


@pytest.mark.parametrize(
    ("code", "pcm"),
    [(0x00, -32124), (0x01, -31100), (0x0F, -16764), (0x70, -120), (0x7E, -8), (0x7F, 0), (0x80, 32124), (0xFF, 0)],
)
def test_decoding_gives_the_g711_values(code, pcm):
    assert mulaw.decode(bytes([code])).tolist() == [pcm]


@pytest.mark.parametrize(
    ("pcm", "code"),
    [(0, 0xFF), (-1, 0x7F), (32767, 0x80), (-32768, 0x00), (32124, 0x80), (-32124, 0x00), (8, 0xFE), (-9, 0x7E)],
)
def test_encoding_gives_the_g711_codes(pcm, code):
    assert mulaw.encode(np.array([pcm], dtype=np.int16)) == bytes([code])


def test_the_expand_table_is_the_g191_one():
    assert mulaw.MULAW_TO_PCM16.tolist() == [g191_ulaw_expand(code) for code in range(256)]


def test_the_compress_table_is_the_g191_one_for_every_sample():
    samples = np.arange(-32768, 32768, dtype=np.int16)

    encoded = np.frombuffer(mulaw.encode(samples), dtype=np.uint8)

    assert encoded.tolist() == [g191_ulaw_compress(int(sample)) for sample in samples]


def test_every_code_survives_a_round_trip_except_negative_zero():
    codes = bytes(range(256))

    again = mulaw.encode(mulaw.decode(codes))

    assert [code for code in range(256) if again[code] != code] == [0x7F]
    assert again[0x7F] == mulaw.SILENCE


def test_pcm_round_trip_error_is_within_half_a_quantisation_step():
    samples = np.arange(-32768, 32768, 7, dtype=np.int16)

    again = mulaw.decode(mulaw.encode(samples)).astype(np.int32)

    error = np.abs(again - samples.astype(np.int32))
    # Steps double per segment: 8 around zero, 1024 at the top; the top is also clipped at 32124 + 512.
    allowed = np.maximum(np.abs(samples.astype(np.int32)) // 16, 8) + 4
    assert (error <= np.minimum(allowed, 1024)).all()


def test_bytes_in_and_out_match_arrays():
    pcm = np.array([0, 1000, -1000, 32767], dtype=np.int16)

    assert mulaw.encode(pcm.tobytes()) == mulaw.encode(pcm)
    assert mulaw.decode(np.frombuffer(mulaw.encode(pcm), dtype=np.uint8)).dtype == np.int16


def test_encoding_refuses_samples_that_are_not_int16():
    with pytest.raises(TypeError, match="int16"):
        mulaw.encode(np.zeros(4, dtype=np.float32))


def test_tables_cannot_be_changed_by_accident():
    with pytest.raises(ValueError):
        mulaw.MULAW_TO_PCM16[0] = 1


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="audioop was removed in Python 3.13")
def test_decoding_matches_the_old_audioop():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop

    codes = bytes(range(256))

    assert mulaw.decode(codes).tobytes() == audioop.ulaw2lin(codes, 2)
