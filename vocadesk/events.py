"""The call event contract: the one definition used by the publisher, ingest, tests and docs.

EventBridge envelope: `source = "vocadesk.voice"`, `detail-type` one of `DETAIL_TYPES`, `detail` one of
the models below. Delivery is at least once and unordered; `event_id` is the idempotency key and `seq`
(strictly increasing per call) is what ingest orders by.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import AwareDatetime, ConfigDict, Field, ValidationError

from vocadesk.errors import Invalid, first_error
from vocadesk.ids import new_id
from vocadesk.models.calls import (
    CallAnalysis,
    CallLatency,
    Channel,
    EndReason,
    Recording,
    Speaker,
    TransferResult,
)
from vocadesk.models.fields import (
    AccountId,
    AgentId,
    CallId,
    ClientId,
    Destination,
    EventId,
    Key,
    Model,
    ShortText,
)

SOURCE = "vocadesk.voice"


class CallEvent(Model):
    """Fields every call event carries."""

    # Tolerant reader: a field a newer runtime adds must not make an older ingest drop the event.
    model_config = ConfigDict(extra="ignore", frozen=True)
    detail_type: ClassVar[str]

    event_id: EventId = Field(default_factory=lambda: new_id("evt"))
    account_id: AccountId
    client_id: ClientId
    agent_id: AgentId
    call_id: CallId
    channel: Channel
    seq: int = Field(ge=0, description="Per call, strictly increasing in the order the runtime emitted.")
    occurred_at: AwareDatetime = Field(description="RFC 3339 time the event happened.")


class CallStarted(CallEvent):
    detail_type: ClassVar[str] = "call.started"

    caller: str | None = Field(None, max_length=200)
    called: str | None = Field(None, max_length=200)
    external_id: str | None = Field(None, max_length=100)


class CallTranscript(CallEvent):
    detail_type: ClassVar[str] = "call.transcript"

    speaker: Speaker
    text: str = Field(max_length=10_000)
    started_ms: int = Field(ge=0)
    ended_ms: int = Field(ge=0)
    interrupted: bool = False


class CallTransferred(CallEvent):
    detail_type: ClassVar[str] = "call.transferred"

    rule_id: Key | None = None
    destination: Destination | None = None
    mode: str = Field(pattern=r"^(warm|cold)$")
    result: TransferResult
    reason: ShortText = ""


class CallEnded(CallEvent):
    detail_type: ClassVar[str] = "call.ended"

    reason: EndReason
    duration_ms: int = Field(ge=0)
    recording: Recording | None = None
    latency: CallLatency | None = None  # absent from runtimes older than the measurement


class CallAnalyzed(CallEvent):
    detail_type: ClassVar[str] = "call.analyzed"

    analysis: CallAnalysis


EVENT_MODELS: dict[str, type[CallEvent]] = {
    model.detail_type: model for model in (CallStarted, CallTranscript, CallTransferred, CallEnded, CallAnalyzed)
}
DETAIL_TYPES = tuple(EVENT_MODELS)


def parse_detail(detail_type: str, detail: dict[str, Any]) -> CallEvent:
    """Validate one event's detail against the model its detail-type names."""
    model = EVENT_MODELS.get(detail_type)
    if model is None:
        raise Invalid(f"unknown detail-type {detail_type!r}", field="detail-type")
    try:
        return model.model_validate(detail)
    except ValidationError as error:
        path, message = first_error(error)
        raise Invalid(f"{detail_type}: {message}", field=f"detail.{path or 'detail'}") from error


def put_events_entry(event: CallEvent, *, bus_name: str) -> dict[str, Any]:
    """The `PutEvents` entry for one event (the publisher's only way to shape an envelope)."""
    return {
        "Source": SOURCE,
        "DetailType": event.detail_type,
        "Detail": event.model_dump_json(exclude_none=True),
        "EventBusName": bus_name,
        "Time": event.occurred_at,
    }


def envelope(event: CallEvent, *, account: str = "123456789012", region: str = "us-east-1") -> dict[str, Any]:
    """The EventBridge envelope a rule target receives for `event` (what tests and the docs show)."""
    occurred: datetime = event.occurred_at
    return {
        "version": "0",
        "id": str(uuid.uuid4()),  # EventBridge's own id; ours is detail.event_id
        "detail-type": event.detail_type,
        "source": SOURCE,
        "account": account,
        "time": occurred.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [],
        "detail": json.loads(event.model_dump_json(exclude_none=True)),
    }


# The EventBridge rule pattern that routes every call event to ingest (local bus and CDK alike).
INGEST_RULE_PATTERN: dict[str, list[str]] = {"source": [SOURCE], "detail-type": list(DETAIL_TYPES)}
