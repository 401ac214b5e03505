"""Clients: the businesses an agency serves. Create, read and list within the caller's account."""

from __future__ import annotations

from vocadesk.auth import Caller
from vocadesk.models.clients import Client, NewClient
from vocadesk.models.pages import Page
from vocadesk.storage.clients import ClientRepo


def create(repo: ClientRepo, caller: Caller, new: NewClient) -> Client:
    caller.require_write()
    return repo.create(Client(account_id=caller.account_id, **new.model_dump()))


def get(repo: ClientRepo, caller: Caller, client_id: str) -> Client:
    return repo.get(caller.account_id, client_id)


def list_page(repo: ClientRepo, caller: Caller, *, limit: int, cursor: str | None) -> Page[Client]:
    return repo.list(caller.account_id, limit=limit, cursor=cursor)
