"""Agents, also listed per client (GSI1), each counted on its client (`ChildCounts`) as it is created and
deleted, so a client cannot be deleted from under a new agent; likewise an agent is deleted only while no
phone number or embed routes callers to it (they are counted on it)."""

from __future__ import annotations

from vocadesk.errors import Conflict, NotFound
from vocadesk.models.agents import Agent
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.child_counts import ChildCounts
from vocadesk.storage.clients import AGENTS_OF_CLIENT
from vocadesk.storage.dynamo import ConditionFailed
from vocadesk.storage.entity_repo import EntityRepo
from vocadesk.storage.tables import BY_CLIENT

ROUTES_TO_AGENT = ChildCounts("AGENT", "routes", "agent")  # its attached phone numbers and its embeds


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

    def create(self, entity: Agent) -> Agent:
        """Store a new agent of an existing client, counted on it; NotFound (client_id) if the client is gone."""
        try:
            self.table.transact(
                [self.put_operation(entity), *AGENTS_OF_CLIENT.add_operations(entity.account_id, entity.client_id)]
            )
        except ConditionFailed as error:
            if error.reasons[:1] == ["ConditionalCheckFailed"]:
                raise Conflict(f"agent {entity.id!r} already exists", field="id") from error
            raise NotFound("client", entity.client_id, field="client_id") from error
        return entity

    def delete(self, account_id: str, item_id: str) -> None:
        """Delete the agent (uncounted from its client) only while nothing routes to it (Conflict otherwise)."""
        agent = self.get(account_id, item_id, consistent=True)
        try:
            self.table.transact(
                [
                    self.delete_operation(account_id, item_id),
                    AGENTS_OF_CLIENT.change_operation(account_id, agent.client_id, -1),
                    ROUTES_TO_AGENT.none_left_operation(account_id, item_id),
                ]
            )
        except ConditionFailed as error:
            if error.reasons[:1] == ["ConditionalCheckFailed"]:
                raise NotFound(self.label, item_id, field=self.id_field) from error
            message = "phone numbers or embeds still route callers to the agent; detach or delete them first"
            raise Conflict(message, field="agent_id") from error
