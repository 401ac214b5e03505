"""Embeds: found by id alone when a customer's page asks for a token (route item), listed per agent."""

from __future__ import annotations

from vocadesk.errors import PreconditionFailed
from vocadesk.ids import new_id
from vocadesk.models.embeds import Embed
from vocadesk.models.fields import utc_now
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.agents import ROUTES_TO_AGENT
from vocadesk.storage.dynamo import ConditionFailed, serialize
from vocadesk.storage.entity_repo import RoutedEntityRepo
from vocadesk.storage.routes import RouteKind
from vocadesk.storage.tables import BY_AGENT


class EmbedRepo(RoutedEntityRepo[Embed]):
    model = Embed
    kind = "EMBED"
    label = "embed"
    route_kind = RouteKind.EMBED
    parents = ((ROUTES_TO_AGENT, "agent_id"),)

    def index_keys(self, entity: Embed) -> dict[str, str]:
        return {
            "GSI1PK": keys.client_partition(entity.account_id, entity.client_id),
            "GSI1SK": keys.sk(self.kind, entity.id),
            "GSI2PK": keys.agent_partition(entity.account_id, entity.agent_id),
            "GSI2SK": keys.sk(self.kind, entity.id),
        }

    def list_for_agent(self, account_id: str, agent_id: str, *, limit: int, cursor: str | None = None) -> Page[Embed]:
        return self.list_in(BY_AGENT, keys.agent_partition(account_id, agent_id), limit=limit, cursor=cursor)

    def rotate(self, current: Embed) -> Embed:
        """Replace the embed's public id (its snippets stop working at once) in one transaction.

        The old item and route go, the new ones come, only if nobody changed the embed since `current`
        was read: a rotation never leaves two live ids or none.
        """
        rotated = current.model_copy(
            update={"id": new_id("emb"), "version": current.version + 1, "updated_at": utc_now()}
        )
        remove_old = self.delete_operation(current.account_id, current.id)
        remove_old["Delete"]["ConditionExpression"] = "version = :read"
        remove_old["Delete"]["ExpressionAttributeValues"] = serialize({":read": current.version})
        try:
            self.table.transact(
                [
                    self.routes.release_operation(self.route_kind, current.id, current.account_id),
                    remove_old,
                    *self.create_operations(rotated),
                ]
            )
        except ConditionFailed as error:
            raise PreconditionFailed("embed changed while rotating; reload and retry", field="version") from error
        return rotated
