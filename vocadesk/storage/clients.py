"""Clients of an account."""

from __future__ import annotations

from vocadesk.models.clients import Client
from vocadesk.storage.entity_repo import EntityRepo


class ClientRepo(EntityRepo[Client]):
    model = Client
    kind = "CLIENT"
    label = "client"
