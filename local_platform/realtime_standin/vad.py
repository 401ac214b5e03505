"""Energy-based voice activity detection on the input-audio timeline, the stand-in's `server_vad`.

Pure: samples in, events out, positions in milliseconds since the first appended audio. A 10 ms frame
is speech when its RMS level exceeds `-60 + 50 * threshold` dBFS (threshold 0.5 -> -35 dBFS); speech
starts after 20 ms of it and stops after `silence_duration_ms` without it. As the provider documents,
`audio_start_ms` includes `prefix_padding_ms` (onset minus the padding, never before the last commit)
and `audio_end_ms` includes the silence (last speech plus `silence_duration_ms`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FRAME_MS = 10
MIN_SPEECH_MS = 20  # a click is not a turn


@dataclass(frozen=True)
class VadSettings:
    threshold: float = 0.5
    prefix_padding_ms: int = 300
    silence_duration_ms: int = 500

    @property
    def level_dbfs(self) -> float:
        return -60.0 + 50.0 * self.threshold


@dataclass(frozen=True)
class SpeechStarted:
    audio_start_ms: int


@dataclass(frozen=True)
class SpeechStopped:
    audio_end_ms: int


class EnergyVad:
    """Feeds every appended sample; also the clock of the input timeline (`position_ms`)."""

    def __init__(self, settings: VadSettings | None = None) -> None:
        self.settings = settings or VadSettings()
        self.speaking = False
        self._frames_end_ms = 0  # end of the last whole frame
        self._residual = np.empty(0, dtype=np.float32)
        self._rate = 0
        self._loud_run_ms = 0
        self._onset_ms = 0
        self._last_speech_end_ms = 0
        self._floor_ms = 0.0

    @property
    def position_ms(self) -> float:
        """Milliseconds of input audio received so far in the session."""
        pending = self._residual.size * 1000 / self._rate if self._rate else 0.0
        return self._frames_end_ms + pending

    def feed(self, samples: np.ndarray, rate: int) -> list[SpeechStarted | SpeechStopped]:
        if rate != self._rate:  # a format change mid-session: a partial frame is dropped
            self._residual, self._rate = np.empty(0, dtype=np.float32), rate
        samples = samples.astype(np.float32, copy=False)
        size = rate * FRAME_MS // 1000
        data = np.concatenate([self._residual, samples]) if self._residual.size else samples
        count = data.size // size
        self._residual = data[count * size :]
        if count == 0:
            return []
        frames = data[: count * size].reshape(count, size)
        if count <= 4:  # a caller frame or two (20 ms is 2 frames): scalar math beats five array operations
            power = [float(np.dot(frame, frame)) / size for frame in frames]  # mean square, per frame
        else:
            power = (np.einsum("ij,ij->i", frames, frames, dtype=np.float64) / size).tolist()
        threshold = self.settings.level_dbfs
        events: list[SpeechStarted | SpeechStopped] = []
        for mean_square in power:
            loud = 10 * math.log10(max(mean_square, 1e-18)) > threshold  # dBFS of the RMS (floor: -180 dB)
            start = self._frames_end_ms
            self._frames_end_ms += FRAME_MS
            event = self._step(loud, start, self._frames_end_ms)
            if event is not None:
                events.append(event)
        return events

    def _step(self, loud: bool, start: int, end: int) -> SpeechStarted | SpeechStopped | None:
        if not self.speaking:
            if not loud:
                self._loud_run_ms = 0
                return None
            if self._loud_run_ms == 0:
                self._onset_ms = start
            self._loud_run_ms += FRAME_MS
            if self._loud_run_ms < MIN_SPEECH_MS:
                return None
            self.speaking, self._last_speech_end_ms = True, end
            padded = max(self._onset_ms - self.settings.prefix_padding_ms, self._floor_ms)
            return SpeechStarted(round(padded))
        if loud:
            self._last_speech_end_ms = end
            return None
        if end - self._last_speech_end_ms < self.settings.silence_duration_ms:
            return None
        self.speaking, self._loud_run_ms = False, 0
        return SpeechStopped(end)

    def restart(self) -> None:
        """After a commit or clear: what came before now belongs to an earlier item (or to none)."""
        self.speaking, self._loud_run_ms = False, 0
        self._floor_ms = self.position_ms
