"""Clients: the businesses an agency serves. Create, read, list, update and delete within the caller's account.

A client cannot be deleted while it still has agents or phone numbers attached to its agents: its
callers would otherwise reach nothing.
"""

from __future__ import annotations

from vocadesk.auth import Caller
from vocadesk.errors import Conflict
from vocadesk.models.clients import Client, ClientPatch, NewClient
from vocadesk.models.pages import Page
from vocadesk.storage.clients import ClientRepo
from vocadesk.storage.repositories import Repositories


def create(repo: ClientRepo, caller: Caller, new: NewClient) -> Client:
    caller.require_write()
    return repo.create(Client(account_id=caller.account_id, **new.model_dump()))


def get(repo: ClientRepo, caller: Caller, client_id: str) -> Client:
    return repo.get(caller.account_id, client_id)


def list_page(repo: ClientRepo, caller: Caller, *, limit: int, cursor: str | None) -> Page[Client]:
    return repo.list(caller.account_id, limit=limit, cursor=cursor)


def update(
    repo: ClientRepo, caller: Caller, client_id: str, patch: ClientPatch, *, expected_version: int | None
) -> Client:
    caller.require_write()
    changes = patch.model_dump(exclude_unset=True)
    return repo.patch(caller.account_id, client_id, changes, expected_version=expected_version)


def delete(repos: Repositories, caller: Caller, client_id: str) -> None:
    """Delete a client that nothing routes to any more; 409 naming what is left otherwise."""
    caller.require_write()
    repos.clients.get(caller.account_id, client_id)
    agents = repos.agents.list_for_client(caller.account_id, client_id, limit=1).items
    if agents:
        raise Conflict(f"client still has agents (e.g. {agents[0].name!r}); delete them first", field="client_id")
    if repos.phone_numbers.list_for_client(caller.account_id, client_id, limit=1).items:
        raise Conflict("client still has phone numbers attached; detach them first", field="client_id")
    repos.clients.delete(caller.account_id, client_id)
