"""Phone numbers: unique platform-wide (route item), found by the dialled number on an incoming call."""

from __future__ import annotations

from vocadesk.models.pages import Page
from vocadesk.models.phone_numbers import PhoneNumber
from vocadesk.storage import keys
from vocadesk.storage.entity_repo import RoutedEntityRepo
from vocadesk.storage.routes import RouteKind
from vocadesk.storage.tables import BY_AGENT, BY_CLIENT


class PhoneNumberRepo(RoutedEntityRepo[PhoneNumber]):
    model = PhoneNumber
    kind = "PHONE"
    label = "phone number"
    route_kind = RouteKind.PHONE
    public_id_field = "number"
    id_field = "number"

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

    def list_for_agent(
        self, account_id: str, agent_id: str, *, limit: int, cursor: str | None = None
    ) -> Page[PhoneNumber]:
        return self.list_in(BY_AGENT, keys.agent_partition(account_id, agent_id), limit=limit, cursor=cursor)

    def list_for_client(
        self, account_id: str, client_id: str, *, limit: int, cursor: str | None = None
    ) -> Page[PhoneNumber]:
        """Numbers attached to any agent of the client."""
        return self.list_in(BY_CLIENT, keys.client_partition(account_id, client_id), limit=limit, cursor=cursor)
