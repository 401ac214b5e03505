"""Embeds: found by id alone when a customer's page asks for a token (route item), listed per agent."""

from __future__ import annotations

from vocadesk.models.embeds import Embed
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.entity_repo import RoutedEntityRepo
from vocadesk.storage.routes import RouteKind
from vocadesk.storage.tables import BY_AGENT


class EmbedRepo(RoutedEntityRepo[Embed]):
    model = Embed
    kind = "EMBED"
    label = "embed"
    route_kind = RouteKind.EMBED

    def index_keys(self, entity: Embed) -> dict[str, str]:
        return {
            "GSI1PK": keys.client_partition(entity.account_id, entity.client_id),
            "GSI1SK": keys.sk(self.kind, entity.id),
            "GSI2PK": keys.agent_partition(entity.account_id, entity.agent_id),
            "GSI2SK": keys.sk(self.kind, entity.id),
        }

    def list_for_agent(self, account_id: str, agent_id: str, *, limit: int, cursor: str | None = None) -> Page[Embed]:
        return self.list_in(BY_AGENT, keys.agent_partition(account_id, agent_id), limit=limit, cursor=cursor)
