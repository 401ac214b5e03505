"""The input audio buffer: appended bytes decoded in the session's input format, fed to the VAD, and the span
since the last commit or clear. No I/O; the session turns what it reports into server events.
"""

from __future__ import annotations

from local_platform.realtime_standin.audio_codec import AudioFormat, decode
from local_platform.realtime_standin.vad import EnergyVad, SpeechStarted, SpeechStopped, VadSettings


class InputBuffer:
    def __init__(self) -> None:
        self.vad = EnergyVad()
        self._start_ms = 0.0  # where uncommitted audio begins on the session's input timeline
        self._carry = b""  # an odd PCM16 byte waits for its pair

    @property
    def position_ms(self) -> float:
        return self.vad.position_ms

    @property
    def buffered_ms(self) -> float:
        return self.vad.position_ms - self._start_ms

    def configure(self, settings: VadSettings | None) -> None:
        """New turn-detection settings; switching detection on or off forgets any speech in progress."""
        if settings is not None:
            self.vad.settings = settings
        else:
            self.vad.restart()

    def append(self, fmt: AudioFormat, audio: bytes) -> list[SpeechStarted | SpeechStopped]:
        data = self._carry + audio
        usable = len(data) - len(data) % fmt.sample_width
        self._carry = data[usable:]
        return self.vad.feed(decode(fmt, data[:usable]), fmt.rate)

    def commit(self, end_ms: float | None = None) -> float:
        """Audio up to `end_ms` (default: all of it) leaves the buffer; how many ms that was."""
        end = self.vad.position_ms if end_ms is None else end_ms
        committed, self._start_ms = end - self._start_ms, end
        self.vad.restart()
        return committed

    def clear(self) -> None:
        self._start_ms = self.vad.position_ms
        self.vad.restart()
