"""Clients of an account. A client is deleted only while it has no agents (`ChildCounts`)."""

from __future__ import annotations

from vocadesk.errors import Conflict, NotFound
from vocadesk.models.clients import Client
from vocadesk.storage.child_counts import ChildCounts
from vocadesk.storage.dynamo import ConditionFailed
from vocadesk.storage.entity_repo import EntityRepo

AGENTS_OF_CLIENT = ChildCounts("CLIENT", "agents", "client")


class ClientRepo(EntityRepo[Client]):
    model = Client
    kind = "CLIENT"
    label = "client"

    def delete(self, account_id: str, item_id: str) -> None:
        """Delete the client and its count of agents, only while that count is zero (Conflict otherwise)."""
        try:
            self.table.transact(
                [self.delete_operation(account_id, item_id), AGENTS_OF_CLIENT.none_left_operation(account_id, item_id)]
            )
        except ConditionFailed as error:
            if error.reasons[:1] == ["ConditionalCheckFailed"]:
                raise NotFound(self.label, item_id, field=self.id_field) from error
            raise Conflict("client still has agents; delete them first", field="client_id") from error
