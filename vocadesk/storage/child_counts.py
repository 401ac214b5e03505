"""How many children of one kind a parent has (a client's agents; the numbers and embeds routing to an
agent), kept so that deleting the parent and creating a child cannot both succeed.

A parent's delete that checked for children with a query could pass while a child is being created (the
query is a moment old, and the index behind it eventually consistent): the child would outlive its
parent. So each child's create and delete change a count in the same transaction as the child, and the
parent's delete removes the count only while it is zero, in the same transaction as the parent. DynamoDB
serializes the two transactions: either the child lands first and the delete is refused, or the parent
is gone first and the child's create is refused.

The count is an item of its own (`COUNT#<PARENT KIND>#<id>` beside the parent): the parent's item is
replaced whole on every edit (`EntityRepo.save`), which would overwrite a count kept on it.
"""

from __future__ import annotations

from typing import Any

from vocadesk.storage import keys
from vocadesk.storage.dynamo import serialize


class ChildCounts:
    """The count of `child` items (e.g. "agents") under parents of `parent_kind` (e.g. "CLIENT"), which
    errors call `parent_label` and name by `parent_field`; `still_counted` is the 409 of a parent's delete.

    Repositories declare it (`EntityRepo.parents`, `EntityRepo.children`) and `EntityRepo` writes it."""

    def __init__(self, parent_kind: str, child: str, parent_label: str, *, still_counted: str) -> None:
        self.parent_kind, self.child, self.parent_label = parent_kind, child, parent_label
        self.parent_field = parent_label.replace(" ", "_") + "_id"
        self.still_counted = still_counted

    def _key(self, account_id: str, parent_id: str) -> dict[str, Any]:
        return serialize({"PK": keys.account_pk(account_id), "SK": keys.count_sk(self.parent_kind, parent_id)})

    def parent_exists_operation(self, account_id: str, parent_id: str) -> dict[str, Any]:
        """The transaction step that fails unless the parent is (still) there."""
        key = serialize({"PK": keys.account_pk(account_id), "SK": keys.sk(self.parent_kind, parent_id)})
        return {"ConditionCheck": {"Key": key, "ConditionExpression": "attribute_exists(PK)"}}

    def change_operation(self, account_id: str, parent_id: str, by: int) -> dict[str, Any]:
        """The transaction step that counts one child more (`by=1`) or fewer (`by=-1`)."""
        return {
            "Update": {
                "Key": self._key(account_id, parent_id),
                "UpdateExpression": "ADD #count :by",
                "ExpressionAttributeNames": {"#count": self.child},
                "ExpressionAttributeValues": serialize({":by": by}),
            }
        }

    def add_operations(self, account_id: str, parent_id: str) -> list[dict[str, Any]]:
        """The transaction steps that count one child more on a parent that must (still) be there."""
        return [self.parent_exists_operation(account_id, parent_id), self.change_operation(account_id, parent_id, 1)]

    def none_left_operation(self, account_id: str, parent_id: str) -> dict[str, Any]:
        """The transaction step that removes the count, failing while any child is counted."""
        return {
            "Delete": {
                "Key": self._key(account_id, parent_id),
                "ConditionExpression": "attribute_not_exists(#count) OR #count <= :none",
                "ExpressionAttributeNames": {"#count": self.child},
                "ExpressionAttributeValues": serialize({":none": 0}),
            }
        }
