"""Calls as stored by ingest and read by the API: the call, its turns, transfer, recording, analysis."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints, computed_field

from vocadesk.models.fields import (
    AccountId,
    AgentId,
    CallId,
    ClientId,
    Destination,
    Key,
    Model,
    ShortText,
)


class Channel(StrEnum):
    PHONE = "phone"
    WEB = "web"
    TEST = "test"


class CallStatus(StrEnum):
    """Moves only forward: ringing -> in_progress -> transferred -> ended."""

    RINGING = "ringing"
    IN_PROGRESS = "in_progress"
    TRANSFERRED = "transferred"
    ENDED = "ended"

    @property
    def rank(self) -> int:
        return _STATUS_ORDER.index(self)


_STATUS_ORDER = list(CallStatus)


class Speaker(StrEnum):
    CALLER = "caller"
    AGENT = "agent"


class EndReason(StrEnum):
    CALLER_HANGUP = "caller_hangup"
    AGENT_ENDED = "agent_ended"
    TRANSFERRED = "transferred"
    MAX_DURATION = "max_duration"
    SILENCE_TIMEOUT = "silence_timeout"
    PROVIDER_ERROR = "provider_error"
    SHUTDOWN = "shutdown"
    ERROR = "error"


class TransferResult(StrEnum):
    INITIATED = "initiated"
    CONNECTED = "connected"
    NO_ANSWER = "no_answer"
    FAILED = "failed"
    CALLBACK_OFFERED = "callback_offered"  # web and test calls cannot be dialled


class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Part(Model):
    model_config = ConfigDict(extra="forbid")


class Recording(Part):
    s3_key: Annotated[str, StringConstraints(pattern=r"^account/acc_[0-9A-Z]{26}/[\x21-\x7e]+$")]
    duration_ms: int = Field(ge=0)
    format: Annotated[str, StringConstraints(pattern=r"^(wav|mp3|ogg)$")] = "wav"


class TransferInfo(Part):
    rule_id: Key | None = None
    destination: Destination | None = None
    mode: Annotated[str, StringConstraints(pattern=r"^(warm|cold)$")]
    result: TransferResult
    reason: ShortText = ""
    at: AwareDatetime


CapturedValue = str | int | float | bool | None


class CallAnalysis(Part):
    summary: Annotated[str, StringConstraints(max_length=4000)] = ""
    sentiment: Sentiment = Sentiment.NEUTRAL
    sentiment_score: float | None = Field(None, ge=-1, le=1, description="-1 (negative) .. 1 (positive).")
    outcome: Annotated[str, StringConstraints(max_length=200)] = Field("", description="How the call ended up.")
    captured_data: dict[Key, CapturedValue] = Field(default_factory=dict)
    missing_answers: list[Key] = Field(default_factory=list, description="Required questions left unanswered.")
    success: bool | None = Field(None, description="Whether the call reached the agent's goals.")


LATENCY_SAMPLES = 128  # per measured latency and call: what the runtime keeps to compute percentiles


class LatencyStats(Model):
    """How one latency spread over a call, in milliseconds. The percentiles are exact up to 128 measurements,
    from a uniform sample of 128 beyond (count and max stay exact)."""

    # Tolerant reader, like the events that carry it: a newer runtime's extra figure is ignored, not refused.
    model_config = ConfigDict(extra="ignore")

    count: int = Field(ge=1, description="How many were measured.")
    p50_ms: int = Field(ge=0, description="Median.")
    p95_ms: int = Field(ge=0, description="95th percentile (nearest rank).")
    max_ms: int = Field(ge=0, description="The slowest one.")


class CallLatency(Model):
    """What the voice runtime measured on one call (its monotonic clock; every figure in milliseconds).

    "Sent" is the runtime handing audio to the caller's connection: the network and the far end's playout
    buffer come on top.
    """

    model_config = ConfigDict(extra="ignore")

    greeting_ms: int | None = Field(
        None,
        ge=0,
        description="Media stream start -> the agent's first audio sent to the caller (null: it never spoke).",
    )
    provider_connect_ms: int = Field(
        0,
        ge=0,
        description="How long the started stream waited for its AI provider session: the whole connect when "
        "opened on start, what was left of it when pre-warmed (0 if it was ready).",
    )
    prewarmed: bool = Field(False, description="The provider session was opened while the phone was answered.")
    response_ms: LatencyStats | None = Field(
        None,
        description="The caller finished a turn (the provider's speech_stopped, or a typed turn sent) -> the "
        "first audio of the agent's answer sent. The provider's end-of-speech silence window comes before it.",
    )
    barge_ins: int = Field(0, ge=0, description="Times the caller talked over the agent and it was cut off.")
    barge_in_ms: LatencyStats | None = Field(
        None, description="The provider's speech_started -> the clear (stop playing) written to the caller's socket."
    )


class Turn(Model):
    """One finished utterance; `seq` is its event's per-call sequence number, which orders turns."""

    call_id: CallId
    seq: int = Field(ge=0)
    speaker: Speaker
    text: Annotated[str, StringConstraints(max_length=10_000)]
    started_ms: int = Field(ge=0, description="Milliseconds from the start of the call.")
    ended_ms: int = Field(ge=0)
    interrupted: bool = False


class Call(Model):
    model_config = ConfigDict(extra="ignore")

    id: CallId
    account_id: AccountId
    client_id: ClientId
    agent_id: AgentId
    channel: Channel
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    caller: str | None = Field(None, description="Caller's number (phone), page origin (web) or user (test).")
    called: str | None = Field(None, description="The number dialled (phone calls).")
    external_id: str | None = Field(None, description="The telephony provider's id (Twilio CallSid).")
    end_reason: EndReason | None = None
    duration_ms: int | None = Field(None, ge=0)
    billable_seconds: int = Field(0, ge=0, description="Whole seconds, every started second counted.")
    caller_turn_seqs: set[int] = Field(default_factory=set, exclude=True)
    agent_turn_seqs: set[int] = Field(default_factory=set, exclude=True)
    transfer: TransferInfo | None = None
    recording: Recording | None = None
    analysis: CallAnalysis | None = None
    latency: CallLatency | None = Field(None, description="What the voice runtime measured (with the call's end).")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def caller_turns(self) -> int:
        return len(self.caller_turn_seqs)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def agent_turns(self) -> int:
        return len(self.agent_turn_seqs)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def turn_count(self) -> int:
        return self.caller_turns + self.agent_turns

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> CallStatus:
        """Derived from the facts ingest stored, so it cannot go backwards whatever order events came in."""
        if self.ended_at is not None:
            return CallStatus.ENDED
        if self.transfer is not None and self.transfer.result in (TransferResult.INITIATED, TransferResult.CONNECTED):
            return CallStatus.TRANSFERRED
        if self.started_at is not None:
            return CallStatus.IN_PROGRESS
        return CallStatus.RINGING


class CallFilter(Model):
    """What a calls list may be narrowed to; every filter is optional and they combine (AND)."""

    model_config = ConfigDict(extra="forbid")

    agent_id: str | None = None
    client_id: str | None = None
    channel: Channel | None = None
    status: CallStatus | None = None
    started_from: AwareDatetime | None = Field(None, description="Calls that began at or after this instant.")
    started_before: AwareDatetime | None = Field(None, description="Calls that began before this instant.")
