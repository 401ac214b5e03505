"""Agents, also listed per client (GSI1), each counted on its client (`ChildCounts`) as it is created and
deleted, so a client cannot be deleted from under a new agent; likewise an agent is deleted only while no
phone number or embed routes callers to it (they are counted on it)."""

from __future__ import annotations

from vocadesk.models.agents import Agent
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.child_counts import ChildCounts
from vocadesk.storage.clients import AGENTS_OF_CLIENT
from vocadesk.storage.entity_repo import EntityRepo
from vocadesk.storage.tables import BY_CLIENT

ROUTES_TO_AGENT = ChildCounts(  # its attached phone numbers and its embeds
    "AGENT",
    "routes",
    "agent",
    still_counted="phone numbers or embeds still route callers to the agent; detach or delete them first",
)


class AgentRepo(EntityRepo[Agent]):
    model = Agent
    kind = "AGENT"
    label = "agent"
    parents = ((AGENTS_OF_CLIENT, "client_id"),)
    children = ROUTES_TO_AGENT

    def index_keys(self, entity: Agent) -> dict[str, str]:
        return {
            "GSI1PK": keys.client_partition(entity.account_id, entity.client_id),
            "GSI1SK": keys.sk(self.kind, entity.id),
        }

    def list_for_client(self, account_id: str, client_id: str, *, limit: int, cursor: str | None = None) -> Page[Agent]:
        return self.list_in(BY_CLIENT, keys.client_partition(account_id, client_id), limit=limit, cursor=cursor)
