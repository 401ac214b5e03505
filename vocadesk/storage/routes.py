"""Route items: platform-wide lookups from a public identifier to the account that owns it.

A dialled number, an embed id or a sign-in email arrives without an account; its route item says
which account (and item) it belongs to, and a phone number's also which agent answers it (kept in the
number's attach/detach transaction), so an incoming call is routed without reading the number. Creating
a route is conditional, which is what makes phone numbers and emails unique across the whole platform.
Routes hold ids only, never tenant data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from vocadesk.models.fields import Model
from vocadesk.storage import keys
from vocadesk.storage.dynamo import Table, serialize


class RouteKind(StrEnum):
    PHONE = "PHONE"
    EMBED = "EMBED"
    EMAIL = "EMAIL"


class Route(Model):
    account_id: str
    item_id: str
    agent_id: str | None = None  # phone numbers: the agent attached, if any


def normalise(kind: RouteKind, public_id: str) -> str:
    return public_id.lower() if kind is RouteKind.EMAIL else public_id


class RouteRepo:
    def __init__(self, table: Table) -> None:
        self.table = table

    def resolve(self, kind: RouteKind, public_id: str) -> Route | None:
        """Which account owns `public_id` (None when nobody does)."""
        item = self.table.get(keys.route_pk(kind, normalise(kind, public_id)), keys.ROUTE_SK)
        return Route.model_validate({k: item[k] for k in Route.model_fields if k in item}) if item else None

    def claim_operation(self, kind: RouteKind, public_id: str, route: Route) -> dict[str, Any]:
        """Transaction step claiming `public_id`; fails the transaction if anyone holds it already."""
        item = {
            "PK": keys.route_pk(kind, normalise(kind, public_id)),
            "SK": keys.ROUTE_SK,
            **route.model_dump(exclude_none=True),
        }
        return {"Put": {"Item": serialize(item), "ConditionExpression": "attribute_not_exists(PK)"}}

    def point_operation(self, kind: RouteKind, public_id: str, account_id: str, agent_id: str | None) -> dict[str, Any]:
        """Transaction step pointing a held route at `agent_id` (None: at no agent), only if `account_id` holds it."""
        key = serialize({"PK": keys.route_pk(kind, normalise(kind, public_id)), "SK": keys.ROUTE_SK})
        values: dict[str, Any] = {":account": account_id}
        if agent_id is not None:
            values[":agent"] = agent_id
        return {
            "Update": {
                "Key": key,
                "UpdateExpression": "SET agent_id = :agent" if agent_id is not None else "REMOVE agent_id",
                "ConditionExpression": "account_id = :account",
                "ExpressionAttributeValues": serialize(values),
            }
        }

    def release_operation(self, kind: RouteKind, public_id: str, account_id: str) -> dict[str, Any]:
        """Transaction step releasing a claim, only if `account_id` holds it."""
        return {
            "Delete": {
                "Key": serialize({"PK": keys.route_pk(kind, normalise(kind, public_id)), "SK": keys.ROUTE_SK}),
                "ConditionExpression": "account_id = :account",
                "ExpressionAttributeValues": serialize({":account": account_id}),
            }
        }
