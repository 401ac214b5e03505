"""Agents, also listed per client (GSI1)."""

from __future__ import annotations

from vocadesk.models.agents import Agent
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.entity_repo import EntityRepo
from vocadesk.storage.tables import BY_CLIENT


class AgentRepo(EntityRepo[Agent]):
    model = Agent
    kind = "AGENT"
    label = "agent"

    def index_keys(self, entity: Agent) -> dict[str, str]:
        return {
            "GSI1PK": keys.client_partition(entity.account_id, entity.client_id),
            "GSI1SK": keys.sk(self.kind, entity.id),
        }

    def list_for_client(self, account_id: str, client_id: str, *, limit: int, cursor: str | None = None) -> Page[Agent]:
        return self.list_in(BY_CLIENT, keys.client_partition(account_id, client_id), limit=limit, cursor=cursor)
