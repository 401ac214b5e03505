"""G.711 μ-law <-> 16-bit linear PCM through numpy lookup tables (`audioop` is gone in Python 3.13).

For recordings, analysis and the caller simulator: the live relay passes μ-law through untouched.
The tables follow the ITU-T G.191 reference `ulaw_compress` / `ulaw_expand` (14-bit magnitude, bias 33).
"""

from __future__ import annotations

import numpy as np

__all__ = ["MULAW_TO_PCM16", "PCM16_TO_MULAW", "SILENCE", "decode", "encode"]

SILENCE = 0xFF  # μ-law code of 0 (0x7F is "negative zero")


def _expand_table() -> np.ndarray:
    code = np.arange(256, dtype=np.int32)
    inverted = ~code & 0xFF
    exponent = (inverted >> 4) & 0x07
    mantissa = inverted & 0x0F
    step = 4 << (exponent + 1)
    magnitude = (0x80 << exponent) + step * mantissa + step // 2 - 4 * 33
    return np.where(code < 0x80, -magnitude, magnitude).astype(np.int16)


def _compress_table() -> np.ndarray:
    """Indexed by the PCM sample's bit pattern as uint16 (so negative samples sit at 32768..65535)."""
    sample = np.arange(65536, dtype=np.int32).astype(np.uint16).view(np.int16).astype(np.int32)
    # G.191 takes the one's complement of negatives, so -1 encodes like 0 with the sign bit clear.
    magnitude = np.minimum(np.where(sample < 0, ~sample, sample) >> 2, 0x1FFF - 33) + 33
    segment = np.zeros_like(magnitude)
    rest = magnitude >> 6
    while rest.any():
        segment += rest > 0
        rest >>= 1
    segment += 1
    high = 0x8 - segment
    low = 0x0F - ((magnitude >> segment) & 0x0F)
    code = (high << 4) | low
    return np.where(sample >= 0, code | 0x80, code).astype(np.uint8)


MULAW_TO_PCM16: np.ndarray = _expand_table()
MULAW_TO_PCM16.flags.writeable = False
PCM16_TO_MULAW: np.ndarray = _compress_table()
PCM16_TO_MULAW.flags.writeable = False


def decode(mulaw: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    """μ-law bytes -> int16 samples (a new array; `.tobytes()` gives little-endian PCM16 on x86/ARM)."""
    codes = mulaw if isinstance(mulaw, np.ndarray) else np.frombuffer(mulaw, dtype=np.uint8)
    return MULAW_TO_PCM16[codes]


def encode(pcm: bytes | bytearray | memoryview | np.ndarray) -> bytes:
    """int16 samples (an array, or native-endian PCM16 bytes) -> μ-law bytes, one per sample."""
    samples = pcm if isinstance(pcm, np.ndarray) else np.frombuffer(pcm, dtype=np.int16)
    if samples.dtype != np.int16:
        raise TypeError(f"expected int16 samples, got {samples.dtype}")
    return PCM16_TO_MULAW[samples.view(np.uint16)].tobytes()
