"""Event ingest's business: check an event's references, then record it (idempotently, in any order).

`Rejected` marks an event that can never be stored (it names an agent that does not exist, a recording
outside its account): it goes to the dead-letter path instead of being retried.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from vocadesk.errors import Invalid, NotFound
from vocadesk.events import CallAnalyzed, CallEnded, CallEvent, CallStarted, CallTranscript, CallTransferred
from vocadesk.storage.agents import AgentRepo
from vocadesk.storage.calls import CallRepo
from vocadesk.storage.recordings import account_prefix

log = logging.getLogger(__name__)


class Rejected(Invalid):
    """A well-formed event that can never be stored."""

    code = "rejected"


class Recordings(Protocol):
    def exists(self, key: str) -> bool: ...


class CallIngest:
    """Stores call events. Known agents are remembered for `agent_ttl_seconds` (most events of a call
    arrive within seconds), so the reference check costs one read per agent, not per event."""

    def __init__(
        self,
        calls: CallRepo,
        agents: AgentRepo,
        recordings: Recordings,
        *,
        agent_ttl_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.calls = calls
        self.agents = agents
        self.recordings = recordings
        self.agent_ttl_seconds = agent_ttl_seconds
        self.clock = clock
        self._known_agents: dict[tuple[str, str, str], float] = {}
        self._recorders: dict[type[CallEvent], Callable[[CallEvent], bool]] = {
            CallStarted: self.calls.record_started,  # type: ignore[dict-item]
            CallTranscript: self.calls.record_transcript,  # type: ignore[dict-item]
            CallTransferred: self.calls.record_transferred,  # type: ignore[dict-item]
            CallEnded: self._record_ended,  # type: ignore[dict-item]
            CallAnalyzed: self.calls.record_analyzed,  # type: ignore[dict-item]
        }

    def ingest(self, event: CallEvent) -> bool:
        """Store `event`; False when it changed nothing (a duplicate, or older than what is stored)."""
        self._check_agent(event)
        return self._recorders[type(event)](event)

    def _check_agent(self, event: CallEvent) -> None:
        key = (event.account_id, event.client_id, event.agent_id)
        if self._known_agents.get(key, 0.0) > self.clock():
            return
        try:
            agent = self.agents.get(event.account_id, event.agent_id)
        except NotFound as error:
            raise Rejected(
                f"agent {event.agent_id} does not exist in account {event.account_id}", field="detail.agent_id"
            ) from error
        if agent.client_id != event.client_id:
            raise Rejected(
                f"agent {event.agent_id} does not belong to client {event.client_id}", field="detail.client_id"
            )
        self._known_agents[key] = self.clock() + self.agent_ttl_seconds

    def _record_ended(self, event: CallEnded) -> bool:
        verified = False
        if event.recording:
            if not event.recording.s3_key.startswith(account_prefix(event.account_id)):
                raise Rejected("recording is outside the call's account", field="detail.recording.s3_key")
            verified = self.recordings.exists(event.recording.s3_key)
            if not verified:
                # The runtime uploads before it publishes; a missing object is its bug, not a reason to lose
                # the end of the call. Store the rest, say so loudly.
                log.error(
                    "recording missing; call stored without it",
                    extra={"call_id": event.call_id, "s3_key": event.recording.s3_key},
                )
        return self.calls.record_ended(event, recording_verified=verified)
