"""Calls and their turns: written only by event ingest, read by the API (newest first, per agent/client).

A call item holds facts (when it started, ended, was transferred); its status is derived from them.
Writes set each fact with `if_not_exists`, so a repeated or late event cannot undo an earlier one.
"""

from __future__ import annotations

from typing import Any

from vocadesk.errors import NotFound
from vocadesk.events import CallStarted
from vocadesk.models.calls import Call, Turn
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.dynamo import KEY_ATTRIBUTES, Table
from vocadesk.storage.tables import BY_AGENT, BY_CLIENT, Index

KIND = "CALL"


def call_keys(account_id: str, call_id: str) -> tuple[str, str]:
    return keys.account_pk(account_id), keys.sk(KIND, call_id)


class CallRepo:
    def __init__(self, table: Table) -> None:
        self.table = table

    # -- reads --------------------------------------------------------------------------------
    def get(self, account_id: str, call_id: str) -> Call:
        item = self.table.get(*call_keys(account_id, call_id))
        if item is None:
            raise NotFound("call", call_id)
        return _call(item)

    def list(self, account_id: str, *, limit: int, cursor: str | None = None) -> Page[Call]:
        """The account's calls, newest first (call ids sort by start time)."""
        page = self.table.query(
            keys.account_pk(account_id), sk_prefix=keys.sk(KIND), limit=limit, cursor=cursor, newest_first=True
        )
        return Page[Call](items=[_call(i) for i in page.items], next_cursor=page.next_cursor)

    def list_for_agent(self, account_id: str, agent_id: str, *, limit: int, cursor: str | None = None) -> Page[Call]:
        return self._list_in(BY_AGENT, keys.agent_partition(account_id, agent_id), limit, cursor)

    def list_for_client(self, account_id: str, client_id: str, *, limit: int, cursor: str | None = None) -> Page[Call]:
        return self._list_in(BY_CLIENT, keys.client_partition(account_id, client_id), limit, cursor)

    def turns(self, account_id: str, call_id: str, *, limit: int, cursor: str | None = None) -> Page[Turn]:
        """A call's turns in `seq` order."""
        page = self.table.query(keys.turns_pk(account_id, call_id), sk_prefix="TURN#", limit=limit, cursor=cursor)
        return Page[Turn](items=[Turn.model_validate(_strip(i)) for i in page.items], next_cursor=page.next_cursor)

    def _list_in(self, index: Index, partition: str, limit: int, cursor: str | None) -> Page[Call]:
        page = self.table.query(
            partition, index=index, sk_prefix=keys.sk(KIND), limit=limit, cursor=cursor, newest_first=True
        )
        return Page[Call](items=[_call(i) for i in page.items], next_cursor=page.next_cursor)

    # -- writes (event ingest only) -------------------------------------------------------------
    def record_started(self, event: CallStarted) -> Call:
        """Store the facts of `call.started`; repeating it, or receiving it late, changes nothing."""
        facts: dict[str, Any] = {
            "id": event.call_id,
            "account_id": event.account_id,
            "client_id": event.client_id,
            "agent_id": event.agent_id,
            "channel": event.channel.value,
            "started_at": event.occurred_at.isoformat(),
            "GSI1PK": keys.client_partition(event.account_id, event.client_id),
            "GSI1SK": keys.sk(KIND, event.call_id),
            "GSI2PK": keys.agent_partition(event.account_id, event.agent_id),
            "GSI2SK": keys.sk(KIND, event.call_id),
        }
        for optional in ("caller", "called", "external_id"):
            if (value := getattr(event, optional)) is not None:
                facts[optional] = value
        names = {f"#f{i}": name for i, name in enumerate(facts)}
        expression = "SET " + ", ".join(f"#f{i} = if_not_exists(#f{i}, :f{i})" for i in range(len(facts)))
        values = {f":f{i}": value for i, value in enumerate(facts.values())}
        return _call(
            self.table.update(
                *call_keys(event.account_id, event.call_id), expression=expression, values=values, names=names
            )
        )


def _strip(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in KEY_ATTRIBUTES}


def _call(item: dict[str, Any]) -> Call:
    return Call.model_validate(_strip(item))
