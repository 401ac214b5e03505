"""What the simulated caller sounds like: speech-like bursts and line noise, as ready-to-send base64 μ-law frames.

Made once per process (a few ms of numpy), so a call only picks strings from a tuple: with hundreds of calls
on one event loop, per-frame work must stay at formatting one f-string.
"""

from __future__ import annotations

import base64
from functools import lru_cache

import numpy as np

from voice_container.audio import mulaw

SAMPLE_RATE = 8000
FRAME_MS = 20
FRAME_BYTES = SAMPLE_RATE * FRAME_MS // 1000  # 160 bytes of μ-law per 20 ms frame
MS_PER_CHARACTER = 70  # how long a line of text takes to say


def speech_frame_count(text: str) -> int:
    """Frames of sound it takes to say `text` (~70 ms per character)."""
    return max(1, round(len(text) * MS_PER_CHARACTER / FRAME_MS))


@lru_cache(maxsize=1)
def speech_frames() -> tuple[str, ...]:
    """Four seconds of a voiced, syllabic signal: a gliding pitch with harmonics under a ~4.5 Hz envelope.

    Loud enough for an energy VAD (about -18 dBFS RMS), quiet enough never to clip.
    """
    t = np.arange(4 * SAMPLE_RATE) / SAMPLE_RATE
    pitch = 140 + 25 * np.sin(2 * np.pi * 0.7 * t) + 10 * np.sin(2 * np.pi * 2.3 * t)  # intonation, Hz
    phase = 2 * np.pi * np.cumsum(pitch) / SAMPLE_RATE
    harmonics = sum(weight * np.sin(k * phase) for k, weight in enumerate((1.0, 0.6, 0.45, 0.3, 0.2, 0.12), 1))
    syllables = (0.55 + 0.45 * np.sin(2 * np.pi * 4.5 * t - np.pi / 2)) ** 1.5  # 0.03 .. 1.0
    breath = np.random.default_rng(7).normal(0.0, 0.03, t.size)
    signal = harmonics / np.abs(harmonics).max() * syllables + breath
    return _frames(np.clip(signal * 0.4 * 32767, -32767, 32767).astype(np.int16))


@lru_cache(maxsize=1)
def silence_frames() -> tuple[str, ...]:
    """One second of faint line noise (about -70 dBFS): what a quiet phone line sends, not digital zero."""
    noise = np.random.default_rng(11).normal(0.0, 10.0, SAMPLE_RATE)
    return _frames(noise.astype(np.int16))


def _frames(pcm: np.ndarray) -> tuple[str, ...]:
    ulaw = mulaw.encode(pcm)
    return tuple(
        base64.b64encode(ulaw[at : at + FRAME_BYTES]).decode("ascii")
        for at in range(0, len(ulaw) - FRAME_BYTES + 1, FRAME_BYTES)
    )
