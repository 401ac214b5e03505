"""Calls as the API reads them: newest-first lists (by account, agent or client) and one call with its turns.

Calls are written only by event ingest (`vocadesk.call_ingest`).
"""

from __future__ import annotations

from pydantic import BaseModel

from vocadesk.auth import Caller
from vocadesk.errors import Invalid
from vocadesk.models.calls import Call, Turn
from vocadesk.models.pages import Page
from vocadesk.storage.calls import CallRepo


class CallDetail(Call):
    """A call with its turns, as the API returns it."""

    turns: list[Turn]


class CallFilter(BaseModel):
    agent_id: str | None = None
    client_id: str | None = None


def get_detail(repo: CallRepo, caller: Caller, call_id: str, *, max_turns: int = 1000) -> CallDetail:
    call = repo.get(caller.account_id, call_id)
    turns = repo.turns(caller.account_id, call_id, limit=max_turns).items
    return CallDetail(**call.model_dump(exclude={"status"}), turns=turns)


def list_page(repo: CallRepo, caller: Caller, where: CallFilter, *, limit: int, cursor: str | None) -> Page[Call]:
    """Newest first; one Query whichever filter is used."""
    if where.agent_id and where.client_id:
        raise Invalid("filter by agent or by client, not both", field="client_id")
    if where.agent_id:
        return repo.list_for_agent(caller.account_id, where.agent_id, limit=limit, cursor=cursor)
    if where.client_id:
        return repo.list_for_client(caller.account_id, where.client_id, limit=limit, cursor=cursor)
    return repo.list(caller.account_id, limit=limit, cursor=cursor)
