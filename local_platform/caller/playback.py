"""Twilio's outbound buffer as the caller hears it: audio plays in real time, marks echo when reached.

Pure: every method takes `now` (seconds, any monotonic origin). Twilio's docs: a `mark` comes back once the
audio sent before it has played; `clear` empties the buffer and sends every pending mark back.
"""

from __future__ import annotations

from collections import deque

BYTES_PER_SECOND = 8000  # μ-law, 8 kHz, one byte per sample
# Audio paced at real time arrives just as the last chunk ends: a chunk a few ms late makes the buffer run dry
# for a moment. To a listener that is a glitch in the same stretch of speech, not a new one (a caller who
# talks over the agent after a second of it does not start counting again). Longer than a chunk and its
# jitter, shorter than the pause before a reply (a reply after an echo of the caller is a new stretch).
GLITCH_SECONDS = 0.06


class Playback:
    def __init__(self) -> None:
        self._ends_at = 0.0  # when the queued audio will have finished playing
        self._began_at: float | None = None  # start of the current uninterrupted stretch of playback
        self._marks: deque[tuple[float, str]] = deque()  # (plays at, name), in order
        self._heard_any = False

    def queue_audio(self, now: float, byte_count: int) -> None:
        self._heard_any = True
        if self._ends_at <= now:  # the buffer ran dry: playback restarts now
            if self._began_at is not None and now - self._ends_at <= GLITCH_SECONDS:
                self._began_at += now - self._ends_at  # the same stretch, whose length counts audio heard
            else:
                self._began_at = now
            self._ends_at = now
        self._ends_at += byte_count / BYTES_PER_SECOND

    def queue_mark(self, now: float, name: str) -> None:
        self._marks.append((max(now, self._ends_at), name))

    def due_marks(self, now: float) -> list[str]:
        """Marks whose audio has played by `now`, to echo now, oldest first."""
        due = []
        while self._marks and self._marks[0][0] <= now:
            due.append(self._marks.popleft()[1])
        return due

    def clear(self, now: float) -> list[str]:
        """Drop what has not played yet; returns every pending mark (Twilio echoes them all)."""
        self._ends_at = min(self._ends_at, now)
        self._began_at = None
        pending = [name for _, name in self._marks]
        self._marks.clear()
        return pending

    def playing(self, now: float) -> bool:
        return self._ends_at > now

    def playing_since(self, now: float) -> float | None:
        """When the current uninterrupted stretch of agent audio began (None when silent)."""
        return self._began_at if self.playing(now) else None

    def playing_for(self, now: float) -> float:
        """Seconds the current stretch of agent audio has been playing (0 when silent)."""
        began = self.playing_since(now)
        return 0.0 if began is None else now - began

    def silent_since(self, now: float) -> float | None:
        """When playback last ran dry (None while playing or before any audio)."""
        if not self._heard_any or self.playing(now):
            return None
        return self._ends_at

    @property
    def pending_marks(self) -> int:
        return len(self._marks)
