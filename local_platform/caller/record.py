"""What a simulated call saw, with timestamps, and the latencies derived from it.

Times are seconds since the call was placed (the webhook POST), on the event loop's monotonic clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """Something the caller says; only its length matters here (~70 ms of sound per character).

    `barge_in_after_ms`: start this long into the agent's reply (audio that began after the caller's previous
    line), over it, instead of waiting for the agent to finish.
    """

    text: str
    barge_in_after_ms: int | None = None


@dataclass(frozen=True)
class Press:
    """Keys the caller presses (DTMF), one `dtmf` frame per digit, between lines."""

    digits: str


ScriptItem = str | Line | Press


@dataclass
class Turn:
    """One line the caller said and what came back."""

    text: str
    started_at: float  # first speech frame sent
    over_agent: bool  # the agent was audible when the caller started: a barge-in
    waited_out: bool = False  # the caller gave up waiting for the agent to finish or reply
    ended_at: float | None = None  # last speech frame sent
    first_audio_after_start: float | None = None
    first_audio_after_end: float | None = None
    clear_at: float | None = None  # first `clear` after the caller started

    @property
    def reply_latency(self) -> float | None:
        """From the end of the line to the agent's first audio frame after it."""
        if self.ended_at is None or self.first_audio_after_end is None:
            return None
        return self.first_audio_after_end - self.ended_at

    @property
    def barge_in_latency(self) -> float | None:
        """From the caller starting over the agent to the `clear` that silenced it."""
        if not self.over_agent or self.clear_at is None:
            return None
        return self.clear_at - self.started_at

    @property
    def echo_latency(self) -> float | None:
        """From the start of the line to the first audio after it: the relay round trip against an echo."""
        if self.over_agent or self.first_audio_after_start is None:
            return None
        return self.first_audio_after_start - self.started_at


@dataclass
class CallRecord:
    call_sid: str
    account_sid: str
    to: str
    from_: str
    outcome: str = "placed"  # see SimulatedCall.run
    webhook_status: int | None = None
    webhook_answered_at: float | None = None
    twiml: str = ""
    said: list[str] = field(default_factory=list)
    stream_url: str | None = None
    custom_parameters: dict[str, str] = field(default_factory=dict)
    stream_sid: str | None = None
    stream_open_at: float | None = None
    start_sent_at: float | None = None
    stop_sent_at: float | None = None
    closed_at: float | None = None
    close_code: int | None = None
    frames_sent: int = 0
    media_frames_received: int = 0
    media_bytes_received: int = 0
    received_audio: bytearray = field(default_factory=bytearray)  # kept only with keep_audio=True
    first_audio_at: float | None = None
    marks_received: list[tuple[float, str]] = field(default_factory=list)
    marks_echoed: list[tuple[float, str]] = field(default_factory=list)
    clears: list[float] = field(default_factory=list)
    dtmf_sent: list[tuple[float, str]] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # frames Twilio would reject, TwiML it would not run
    max_send_lag_ms: float = 0.0  # how late the simulator sent a frame: large means it is overloaded

    @property
    def time_to_first_audio(self) -> float | None:
        """From the `start` frame to the agent's first audio (the greeting)."""
        if self.first_audio_at is None or self.start_sent_at is None:
            return None
        return self.first_audio_at - self.start_sent_at

    @property
    def audio_seconds_received(self) -> float:
        return self.media_bytes_received / 8000

    def summary(self) -> dict[str, object]:
        def ms(seconds: float | None) -> int | None:
            return None if seconds is None else round(seconds * 1000)

        return {
            "call_sid": self.call_sid,
            "outcome": self.outcome,
            "time_to_first_audio_ms": ms(self.time_to_first_audio),
            "reply_latency_ms": [ms(turn.reply_latency) for turn in self.turns],
            "barge_in_latency_ms": [ms(turn.barge_in_latency) for turn in self.turns if turn.over_agent],
            "audio_received_s": round(self.audio_seconds_received, 2),
            "marks": len(self.marks_received),
            "clears": len(self.clears),
            "max_send_lag_ms": round(self.max_send_lag_ms, 1),
            "problems": self.problems,
        }
