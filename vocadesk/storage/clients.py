"""Clients of an account. A client is deleted only while it has no agents (`ChildCounts`)."""

from __future__ import annotations

from vocadesk.models.clients import Client
from vocadesk.storage.child_counts import ChildCounts
from vocadesk.storage.entity_repo import EntityRepo

AGENTS_OF_CLIENT = ChildCounts("CLIENT", "agents", "client", still_counted="client still has agents; delete them first")


class ClientRepo(EntityRepo[Client]):
    model = Client
    kind = "CLIENT"
    label = "client"
    children = AGENTS_OF_CLIENT
