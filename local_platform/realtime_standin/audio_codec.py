"""The Realtime audio formats as numpy samples: PCM16 (24 kHz), G.711 μ-law and A-law (8 kHz), and resampling.

Pure functions over bytes and arrays (no I/O). G.711 goes through lookup tables, so nothing depends on
`audioop` (gone in Python 3.13); μ-law is the runtime's own codec (`voice_container.audio.mulaw`, the
G.191 reference), A-law (which only the stand-in speaks) is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from voice_container.audio import mulaw

PCM_RATE = 24_000  # the only rate the provider accepts for audio/pcm
G711_RATE = 8_000

Kind = Literal["audio/pcm", "audio/pcmu", "audio/pcma"]
KINDS: list[str] = list(get_args(Kind))


@dataclass(frozen=True)
class AudioFormat:
    kind: Kind = "audio/pcm"

    @property
    def rate(self) -> int:
        return PCM_RATE if self.kind == "audio/pcm" else G711_RATE

    @property
    def sample_width(self) -> int:
        return 2 if self.kind == "audio/pcm" else 1

    def bytes_for_ms(self, ms: float) -> int:
        return int(self.rate * ms / 1000) * self.sample_width

    def ms_for_bytes(self, size: int) -> float:
        return size / self.sample_width / self.rate * 1000


def _alaw_table() -> np.ndarray:
    codes = np.arange(256, dtype=np.int32) ^ 0x55
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = np.where(exponent == 0, (mantissa << 4) + 8, ((mantissa << 4) + 0x108) << np.maximum(exponent - 1, 0))
    return np.where(codes & 0x80, magnitude, -magnitude).astype(np.int16)


ALAW_TO_PCM = _alaw_table()
# Straight to float samples: one lookup per frame instead of three array operations (every caller frame).
_TO_FLOAT = {
    kind: (table.astype(np.float32) / 32768.0)
    for kind, table in (("audio/pcmu", mulaw.MULAW_TO_PCM16), ("audio/pcma", ALAW_TO_PCM))
}
_ALAW_SEGMENTS = np.array([0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF])


def _encode_alaw(pcm: np.ndarray) -> bytes:
    values = pcm.astype(np.int32) >> 3
    mask = np.where(values >= 0, 0xD5, 0x55)
    magnitude = np.where(values >= 0, values, -values - 1)
    segment = np.searchsorted(_ALAW_SEGMENTS, magnitude)
    shift = np.where(segment < 2, 1, segment)
    code = np.where(segment >= 8, 0x7F, (np.minimum(segment, 7) << 4) | ((magnitude >> shift) & 0x0F))
    return (code ^ mask).astype(np.uint8).tobytes()


def decode(fmt: AudioFormat, data: bytes) -> np.ndarray:
    """Float samples in [-1, 1] at `fmt.rate` (a trailing odd PCM byte is the caller's to keep)."""
    if fmt.kind == "audio/pcm":
        pcm = np.frombuffer(data[: len(data) - len(data) % 2], dtype="<i2")
    else:
        return _TO_FLOAT[fmt.kind][np.frombuffer(data, dtype=np.uint8)]
    return pcm.astype(np.float32) / 32768.0


def encode(fmt: AudioFormat, samples: np.ndarray) -> bytes:
    """Wire bytes for float samples in [-1, 1] already at `fmt.rate`."""
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype(np.int16)
    if fmt.kind == "audio/pcm":
        return pcm.astype("<i2").tobytes()
    return mulaw.encode(pcm) if fmt.kind == "audio/pcmu" else _encode_alaw(pcm)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Linear-interpolation resampling: enough for a stand-in voice, not for hi-fi."""
    if from_rate == to_rate or samples.size == 0:
        return samples.astype(np.float32)
    count = max(1, round(samples.size * to_rate / from_rate))
    positions = np.arange(count, dtype=np.float64) * (from_rate / to_rate)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)
