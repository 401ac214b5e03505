"""Phone numbers: unique platform-wide (route item), found by the dialled number on an incoming call; an
attached number is counted on its agent (`ChildCounts`), in the same transaction as its attach or detach."""

from __future__ import annotations

from vocadesk.errors import NotFound
from vocadesk.models.pages import Page
from vocadesk.models.phone_numbers import PhoneNumber
from vocadesk.storage import keys
from vocadesk.storage.agents import ROUTES_TO_AGENT
from vocadesk.storage.dynamo import ConditionFailed
from vocadesk.storage.entity_repo import RoutedEntityRepo
from vocadesk.storage.routes import Route, RouteKind
from vocadesk.storage.tables import BY_AGENT, BY_CLIENT


class PhoneNumberRepo(RoutedEntityRepo[PhoneNumber]):
    model = PhoneNumber
    kind = "PHONE"
    label = "phone number"
    route_kind = RouteKind.PHONE
    public_id_field = "number"
    id_field = "number"
    parents = ((ROUTES_TO_AGENT, "agent_id"),)  # while attached

    def item_id(self, entity: PhoneNumber) -> str:
        return entity.number

    def index_keys(self, entity: PhoneNumber) -> dict[str, str]:
        """Only an attached number is indexed under its agent and that agent's client (sparse GSIs)."""
        if entity.agent_id is None or entity.client_id is None:
            return {}
        return {
            "GSI1PK": keys.client_partition(entity.account_id, entity.client_id),
            "GSI1SK": keys.sk(self.kind, entity.number),
            "GSI2PK": keys.agent_partition(entity.account_id, entity.agent_id),
            "GSI2SK": keys.sk(self.kind, entity.number),
        }

    def route_of(self, entity: PhoneNumber) -> Route:
        return Route(account_id=entity.account_id, item_id=entity.number, agent_id=entity.agent_id)

    def save(self, entity: PhoneNumber) -> PhoneNumber:
        """Store a number read at `entity.version`; attaching, detaching or moving it between agents also moves
        its count and points its route at the agent, all or nothing (NotFound naming `agent_id` if the agent it
        goes to is gone)."""
        stored = self.get(entity.account_id, entity.number, consistent=True)  # NotFound if deleted
        if stored.agent_id == entity.agent_id:
            return super().save(entity)
        updated = self.next_version(entity)
        steps = [
            self.save_operation(updated),
            self.routes.point_operation(self.route_kind, entity.number, entity.account_id, entity.agent_id),
            *self.uncount_operations(stored),
        ]
        try:
            self.table.transact([*steps, *self.count_operations(entity)])
        except ConditionFailed as error:
            if entity.agent_id is None or (error.first_failed() or 0) < len(steps):
                raise self.changed_since(entity) from error
            raise NotFound("agent", entity.agent_id, field="agent_id") from error
        return updated

    def list_for_agent(
        self, account_id: str, agent_id: str, *, limit: int, cursor: str | None = None
    ) -> Page[PhoneNumber]:
        return self.list_in(BY_AGENT, keys.agent_partition(account_id, agent_id), limit=limit, cursor=cursor)

    def list_for_client(
        self, account_id: str, client_id: str, *, limit: int, cursor: str | None = None
    ) -> Page[PhoneNumber]:
        """Numbers attached to any agent of the client."""
        return self.list_in(BY_CLIENT, keys.client_partition(account_id, client_id), limit=limit, cursor=cursor)
