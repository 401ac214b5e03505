"""One call's identity and clock, and the events it publishes (each with the next per-call `seq`)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vocadesk.events import CallEvent
from vocadesk.models.agents import Agent
from vocadesk.models.calls import Channel


@dataclass
class CallContext:
    call_id: str
    account_id: str
    client_id: str
    agent: Agent
    channel: Channel
    caller: str | None = None
    called: str | None = None
    external_id: str | None = None  # Twilio's CallSid
    answered_at: float = field(default_factory=time.monotonic)  # when the webhook (or token) admitted it
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    _started_mono: float = field(default_factory=time.monotonic)
    _seq: itertools.count = field(default_factory=itertools.count)

    @property
    def media_started(self) -> float:
        """`time.monotonic()` when the call's media started: where its timeline (`elapsed_ms`) begins."""
        return self._started_mono

    def elapsed_ms(self) -> int:
        """Milliseconds since the call's media started: the timeline turns are placed on."""
        return int((time.monotonic() - self._started_mono) * 1000)

    def event(self, kind: type[CallEvent], **fields: Any) -> CallEvent:
        """A new event of this call, with the next seq and the current time."""
        return kind(
            account_id=self.account_id,
            client_id=self.client_id,
            agent_id=self.agent.id,
            call_id=self.call_id,
            channel=self.channel,
            seq=next(self._seq),
            occurred_at=datetime.now(UTC),
            **fields,
        )

    def log_keys(self) -> dict[str, str]:
        return {"call_id": self.call_id, "account_id": self.account_id, "agent_id": self.agent.id}
