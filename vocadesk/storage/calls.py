"""Calls and their turns: written only by event ingest, read by the API (newest first, per agent/client).

The call item holds *facts*; its status and counts are derived from them when read. Every write is
idempotent and commutative, so duplicates and any arrival order converge to the same item:
- identity facts (ids, channel, index keys) and `call.started` facts are set with `if_not_exists`;
- `call.ended` applies once (`attribute_not_exists(ended_at)`);
- `call.transferred` / `call.analyzed` keep the one with the highest `seq` (conditional on it);
- a transcript is a turn item (put only if absent) plus its seq added to a number set on the call
  (set union), so a retry after a half-done delivery completes it instead of double counting.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from vocadesk.errors import NotFound
from vocadesk.ids import time_bound
from vocadesk.models.calls import Call, CallFilter, CallStatus, Speaker, TransferInfo, TransferResult, Turn
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.dynamo import KEY_ATTRIBUTES, ConditionFailed, Filter, Table
from vocadesk.storage.tables import BY_AGENT, BY_CLIENT

if TYPE_CHECKING:  # only ingest, which has loaded the events, writes calls; the API just reads
    from vocadesk.events import CallAnalyzed, CallEnded, CallEvent, CallStarted, CallTranscript, CallTransferred

KIND = "CALL"
TURN_SEQ_SETS = {Speaker.CALLER: "caller_turn_seqs", Speaker.AGENT: "agent_turn_seqs"}


def call_keys(account_id: str, call_id: str) -> tuple[str, str]:
    return keys.account_pk(account_id), keys.sk(KIND, call_id)


def billable_seconds(duration_ms: int) -> int:
    """Every started second is billed: 1 ms -> 1 s, 1000 ms -> 1 s, 1001 ms -> 2 s, 0 ms -> 0 s."""
    return math.ceil(duration_ms / 1000)


class CallRepo:
    def __init__(self, table: Table, *, remembered_calls: int = 10_000) -> None:
        self.table = table
        # Calls this process has already written identity facts to: later writes carry only their own
        # facts, keeping update requests small. Only a *successful* identity write is remembered, so
        # every call item got its identity before any write that omits it (whichever process made it).
        self._identified: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._remembered_calls = remembered_calls

    # -- reads --------------------------------------------------------------------------------
    def get(self, account_id: str, call_id: str) -> Call:
        item = self.table.get(*call_keys(account_id, call_id))
        if item is None:
            raise NotFound("call", call_id)
        return _call(item)

    def list(self, account_id: str, where: CallFilter, *, limit: int, cursor: str | None = None) -> Page[Call]:
        """Newest first (call ids sort by start time), in one Query of the narrowest partition.

        Agent or client picks the index, the date range bounds the sort key, and channel/status
        become a filter expression.
        """
        partition, index = keys.account_pk(account_id), None
        if where.agent_id:
            partition, index = keys.agent_partition(account_id, where.agent_id), BY_AGENT
        elif where.client_id:
            partition, index = keys.client_partition(account_id, where.client_id), BY_CLIENT
        page = self.table.query(
            partition,
            index=index,
            sk_prefix=keys.sk(KIND),
            sk_between=_started_between(where.started_from, where.started_before),
            limit=limit,
            cursor=cursor,
            newest_first=True,
            where=_call_filter(where),
        )
        return Page[Call](items=[_call(i) for i in page.items], next_cursor=page.next_cursor)

    def started_between(
        self, account_id: str, start: datetime, end: datetime, attributes: tuple[str, ...]
    ) -> Iterator[dict[str, Any]]:
        """Only `attributes` of every call of the account that began in [start, end): for aggregates."""
        between = _started_between(start, end) or (keys.sk(KIND), keys.sk(KIND, "~"))
        return self.table.query_all(keys.account_pk(account_id), sk_between=between, attributes=attributes)

    def turns(self, account_id: str, call_id: str, *, limit: int, cursor: str | None = None) -> Page[Turn]:
        """A call's turns in `seq` order."""
        page = self.table.query(keys.turns_pk(account_id, call_id), sk_prefix="TURN#", limit=limit, cursor=cursor)
        return Page[Turn](items=[Turn.model_validate(_strip(i)) for i in page.items], next_cursor=page.next_cursor)

    # -- writes (event ingest only); each returns False when the event changed nothing -----------
    def record_started(self, event: CallStarted) -> bool:
        update = _CallUpdate(event)
        update.set_if_absent("started_at", event.occurred_at.isoformat())
        for optional in ("caller", "called", "external_id"):
            if (value := getattr(event, optional)) is not None:
                update.set_if_absent(optional, value)
        return self._apply(event, update)

    def record_transcript(self, event: CallTranscript) -> bool:
        """Two writes: the turn (only if absent) and its seq into the call's set for that speaker."""
        turn = Turn(
            call_id=event.call_id,
            seq=event.seq,
            speaker=event.speaker,
            text=event.text,
            started_ms=event.started_ms,
            ended_ms=event.ended_ms,
            interrupted=event.interrupted,
        )
        item = {
            "PK": keys.turns_pk(event.account_id, event.call_id),
            "SK": keys.turn_sk(event.seq),
            **turn.model_dump(mode="json"),
        }
        try:
            self.table.put(item, condition="attribute_not_exists(PK)")
            new_turn = True
        except ConditionFailed:
            new_turn = False  # a redelivery: still make sure the call counts it (set union is idempotent)
        update = _CallUpdate(event)
        update.add(TURN_SEQ_SETS[event.speaker], {event.seq})
        self._apply(event, update)
        return new_turn

    def record_transferred(self, event: CallTransferred) -> bool:
        transfer = TransferInfo(
            rule_id=event.rule_id,
            destination=event.destination,
            mode=event.mode,
            result=event.result,
            reason=event.reason,
            at=event.occurred_at,
        )
        update = _CallUpdate(event)
        update.set_latest("transfer", transfer.model_dump(mode="json"), seq_attribute="transfer_seq")
        return self._apply(event, update)

    def record_ended(self, event: CallEnded, *, recording_verified: bool) -> bool:
        update = _CallUpdate(event)
        update.set("ended_at", event.occurred_at.isoformat())
        update.set("end_reason", event.reason.value)
        update.set("duration_ms", event.duration_ms)
        update.set("billable_seconds", billable_seconds(event.duration_ms))
        if event.recording and recording_verified:
            update.set("recording", event.recording.model_dump(mode="json"))
        if event.latency is not None:
            update.set("latency", event.latency.model_dump(mode="json", exclude_none=True))
        update.only_if_absent("ended_at")  # a call ends once
        return self._apply(event, update)

    def record_analyzed(self, event: CallAnalyzed) -> bool:
        update = _CallUpdate(event)
        update.set_latest("analysis", event.analysis.model_dump(mode="json"), seq_attribute="analysis_seq")
        return self._apply(event, update)

    def _apply(self, event: CallEvent, update: _CallUpdate) -> bool:
        call = (event.account_id, event.call_id)
        if call not in self._identified:
            update.identify()
        try:
            self.table.update(
                *call_keys(*call),
                expression=update.expression(),
                values=update.values,
                names=update.names,
                condition=update.condition,
            )
        except ConditionFailed:
            return False
        self._identified[call] = None
        self._identified.move_to_end(call)
        if len(self._identified) > self._remembered_calls:
            self._identified.popitem(last=False)
        return True


class _CallUpdate:
    """One UpdateItem on a call: what one event adds (and, for a call new to this process, its identity)."""

    def __init__(self, event: CallEvent) -> None:
        self.event = event
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        self._sets: list[str] = []
        self._adds: list[str] = []
        self.condition: str | None = None

    def identify(self) -> None:
        """Also set the call's identity facts (any event may be the first to reach a call)."""
        for attribute, value in _identity(self.event).items():
            self.set_if_absent(attribute, value)

    def _name(self, attribute: str) -> str:
        placeholder = f"#a{len(self.names)}"
        self.names[placeholder] = attribute
        return placeholder

    def _value(self, value: Any) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = value
        return placeholder

    def set_if_absent(self, attribute: str, value: Any) -> None:
        name = self._name(attribute)
        self._sets.append(f"{name} = if_not_exists({name}, {self._value(value)})")

    def set(self, attribute: str, value: Any) -> None:
        self._sets.append(f"{self._name(attribute)} = {self._value(value)}")

    def add(self, attribute: str, members: set[int]) -> None:
        self._adds.append(f"{self._name(attribute)} {self._value(members)}")

    def only_if_absent(self, attribute: str) -> None:
        self.condition = f"attribute_not_exists({self._name(attribute)})"

    def set_latest(self, attribute: str, value: Any, *, seq_attribute: str) -> None:
        """Keep the value of the event with the highest seq (older or repeated events change nothing)."""
        self.set(attribute, value)
        seq_name, seq_value = self._name(seq_attribute), self._value(self.event.seq)
        self._sets.append(f"{seq_name} = {seq_value}")
        self.condition = f"attribute_not_exists({seq_name}) OR {seq_name} < {seq_value}"

    def expression(self) -> str:
        clauses = [("SET", self._sets), ("ADD", self._adds)]
        return " ".join(f"{verb} {', '.join(parts)}" for verb, parts in clauses if parts)


def _identity(event: CallEvent) -> dict[str, Any]:
    """What every event knows about its call; never changes, so each event may be the first to arrive."""
    return {
        "id": event.call_id,
        "account_id": event.account_id,
        "client_id": event.client_id,
        "agent_id": event.agent_id,
        "channel": event.channel.value,
        "GSI1PK": keys.client_partition(event.account_id, event.client_id),
        "GSI1SK": keys.sk(KIND, event.call_id),
        "GSI2PK": keys.agent_partition(event.account_id, event.agent_id),
        "GSI2SK": keys.sk(KIND, event.call_id),
    }


def _started_between(started_from: datetime | None, started_before: datetime | None) -> tuple[str, str] | None:
    """Sort-key bounds for calls that began in [from, before): call ids start with their start time."""
    if started_from is None and started_before is None:
        return None
    low = keys.sk(KIND, time_bound("call", started_from, upper=False)) if started_from else keys.sk(KIND)
    if started_before is None:
        high = keys.sk(KIND, "~")  # above every id
    else:
        high = keys.sk(KIND, time_bound("call", started_before - timedelta(milliseconds=1), upper=True))
    return low, high


# Mirrors `Call.status` (derived from stored facts); a test keeps the two in step for every status.
_LIVE_TRANSFER = "#transfer.#result IN (:initiated, :connected)"
_STATUS_FILTERS = {
    CallStatus.ENDED: "attribute_exists(ended_at)",
    CallStatus.TRANSFERRED: f"attribute_not_exists(ended_at) AND {_LIVE_TRANSFER}",
    CallStatus.IN_PROGRESS: f"attribute_not_exists(ended_at) AND attribute_exists(started_at) AND NOT {_LIVE_TRANSFER}",
    CallStatus.RINGING: f"attribute_not_exists(ended_at) AND attribute_not_exists(started_at) AND NOT {_LIVE_TRANSFER}",
}


def _call_filter(where: CallFilter) -> Filter | None:
    clauses, names, values = [], {}, {}
    if where.channel:
        clauses.append("#channel = :channel")
        names["#channel"], values[":channel"] = "channel", where.channel.value
    if where.status:
        clauses.append(f"({_STATUS_FILTERS[where.status]})")
        if where.status is not CallStatus.ENDED:
            names |= {"#transfer": "transfer", "#result": "result"}
            values |= {":initiated": TransferResult.INITIATED.value, ":connected": TransferResult.CONNECTED.value}
    return Filter(" AND ".join(clauses), names, values) if clauses else None


def _strip(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in KEY_ATTRIBUTES}


def _call(item: dict[str, Any]) -> Call:
    return Call.model_validate(_strip(item))
