"""A thin layer over the low-level DynamoDB client: (de)serialization, conditional writes, paging.

Repositories call this instead of boto3 so conditional-failure handling and cursors live in one place.
The low-level client (not the `Table` resource) keeps the request path lean.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from vocadesk import aws_clients
from vocadesk.errors import Invalid

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from vocadesk.storage.tables import Index

KEY_ATTRIBUTES = frozenset({"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"})
BATCH_GET_ATTEMPTS = 4


class ConditionFailed(Exception):
    """A conditional write did not apply; `reasons` has one code per transaction item when known."""

    def __init__(self, reasons: list[str] | None = None) -> None:
        super().__init__("condition failed")
        self.reasons = reasons or []

    def first_failed(self) -> int | None:
        """Which transaction step's condition failed first (None when DynamoDB did not say)."""
        return next((at for at, reason in enumerate(self.reasons) if reason == "ConditionalCheckFailed"), None)


def _to_attr(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | float | Decimal):
        return {"N": str(value)}
    if isinstance(value, set | frozenset):
        if all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in value):
            return {"NS": sorted(str(v) for v in value)}
        return {"SS": sorted(str(v) for v in value)}
    if isinstance(value, dict):
        return {"M": {k: _to_attr(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [_to_attr(v) for v in value]}
    raise TypeError(f"cannot store {type(value).__name__}")


def _from_attr(attr: dict[str, Any]) -> Any:
    ((kind, value),) = attr.items()
    if kind == "S" or kind == "BOOL":
        return value
    if kind == "N":
        return int(value) if value.lstrip("-").isdigit() else float(value)
    if kind == "M":
        return {k: _from_attr(v) for k, v in value.items()}
    if kind == "L":
        return [_from_attr(v) for v in value]
    if kind == "NULL":
        return None
    if kind == "NS":
        return {int(v) if v.lstrip("-").isdigit() else float(v) for v in value}
    if kind == "SS":
        return set(value)
    raise TypeError(f"unsupported DynamoDB type {kind}")


def serialize(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON-shaped dict (as `model_dump(mode="json")` gives) -> DynamoDB attribute values."""
    return {k: _to_attr(v) for k, v in item.items()}


def deserialize(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _from_attr(v) for k, v in item.items()}


def encode_cursor(key: dict[str, Any]) -> str:
    plain = {k: v["S"] for k, v in key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, partition_attr: str, partition: str) -> dict[str, Any]:
    """Decode a cursor and check it points into `partition`, so it cannot page another tenant's data."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        plain = json.loads(base64.urlsafe_b64decode(padded.encode()))
        valid = (
            isinstance(plain, dict)
            and plain.get(partition_attr) == partition
            and all(k in KEY_ATTRIBUTES and isinstance(v, str) for k, v in plain.items())
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise Invalid("cursor is not valid for this list", field="cursor")
    return {k: {"S": v} for k, v in plain.items()}


@dataclass(frozen=True)
class Filter:
    """A FilterExpression with its placeholders (names `#f..`, values `:f..`, distinct from the key's)."""

    expression: str
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


FILTERED_READ_BUDGET = 1000  # items one filtered page may read before returning what it has


@dataclass(frozen=True)
class QueryPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


class Table:
    """One DynamoDB table, reached through boto3 (moto locally and in tests, DynamoDB in AWS)."""

    def __init__(self, name: str, client: DynamoDBClient | None = None) -> None:
        self.name = name
        self._client = client

    @property
    def client(self) -> DynamoDBClient:
        if self._client is None:
            self._client = aws_clients.client("dynamodb")
        return self._client

    def get(self, pk: str, sk: str, *, consistent: bool = False) -> dict[str, Any] | None:
        response = self.client.get_item(
            TableName=self.name, Key={"PK": {"S": pk}, "SK": {"S": sk}}, ConsistentRead=consistent
        )
        item = response.get("Item")
        return deserialize(item) if item else None

    def get_many(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """Several items in one BatchGetItem (at most 100 keys): each found one under its (PK, SK). Keys DynamoDB
        leaves unprocessed (throttling) are asked for again, a few times, then that is an error."""
        wanted = [{"PK": {"S": pk}, "SK": {"S": sk}} for pk, sk in dict.fromkeys(keys)]
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for attempt in range(BATCH_GET_ATTEMPTS):
            response = self.client.batch_get_item(RequestItems={self.name: {"Keys": wanted}})
            for raw in response.get("Responses", {}).get(self.name, []):
                item = deserialize(raw)
                found[(item["PK"], item["SK"])] = item
            wanted = response.get("UnprocessedKeys", {}).get(self.name, {}).get("Keys", [])
            if not wanted:
                return found
            time.sleep(0.01 * 2**attempt)
        raise RuntimeError(f"DynamoDB left {len(wanted)} keys unprocessed {BATCH_GET_ATTEMPTS} times")

    def put(self, item: dict[str, Any], *, condition: str | None = None, values: dict[str, Any] | None = None) -> None:
        """Put an item; with `condition`, raise ConditionFailed instead of overwriting."""
        kwargs: dict[str, Any] = {"TableName": self.name, "Item": serialize(item)}
        if condition:
            kwargs["ConditionExpression"] = condition
        if values:
            kwargs["ExpressionAttributeValues"] = serialize(values)
        try:
            self.client.put_item(**kwargs)
        except self.client.exceptions.ConditionalCheckFailedException as error:
            raise ConditionFailed() from error

    def update(
        self,
        pk: str,
        sk: str,
        *,
        expression: str,
        values: dict[str, Any],
        names: dict[str, str] | None = None,
        condition: str | None = None,
    ) -> None:
        """Apply an update expression (the item is not read back)."""
        kwargs: dict[str, Any] = {
            "TableName": self.name,
            "Key": {"PK": {"S": pk}, "SK": {"S": sk}},
            "UpdateExpression": expression,
            "ExpressionAttributeValues": serialize(values),
            "ReturnValues": "NONE",
        }
        if names:
            kwargs["ExpressionAttributeNames"] = names
        if condition:
            kwargs["ConditionExpression"] = condition
        try:
            self.client.update_item(**kwargs)
        except self.client.exceptions.ConditionalCheckFailedException as error:
            raise ConditionFailed() from error

    def delete(self, pk: str, sk: str, *, condition: str | None = None, values: dict[str, Any] | None = None) -> None:
        kwargs: dict[str, Any] = {"TableName": self.name, "Key": {"PK": {"S": pk}, "SK": {"S": sk}}}
        if condition:
            kwargs["ConditionExpression"] = condition
        if values:
            kwargs["ExpressionAttributeValues"] = serialize(values)
        try:
            self.client.delete_item(**kwargs)
        except self.client.exceptions.ConditionalCheckFailedException as error:
            raise ConditionFailed() from error

    def transact(self, operations: list[dict[str, Any]]) -> None:
        """All-or-nothing writes; each operation is `{"Put"|"Delete"|"Update"|"ConditionCheck": {...}}`
        in boto3's shape without `TableName` (added here)."""
        for operation in operations:
            (body,) = operation.values()
            body["TableName"] = self.name
        try:
            self.client.transact_write_items(TransactItems=operations)
        except self.client.exceptions.TransactionCanceledException as error:
            reasons = [r.get("Code", "None") for r in error.response.get("CancellationReasons", [])]
            if "ConditionalCheckFailed" in reasons:
                raise ConditionFailed(reasons) from error
            raise

    def query(
        self,
        partition: str,
        *,
        sk_prefix: str = "",
        sk_between: tuple[str, str] | None = None,
        index: Index | None = None,
        limit: int,
        cursor: str | None = None,
        newest_first: bool = False,
        where: Filter | None = None,
    ) -> QueryPage:
        """One page of a partition; asks for `limit + 1` items so the last page carries no cursor.

        With `where`, DynamoDB filters after reading, so this reads on (bigger pages, at most
        `FILTERED_READ_BUDGET` items) until the page is full; a page cut short by the budget still
        carries a cursor, so a sparse filter costs the caller more pages, never a timeout.
        """
        pk_attr, sk_attr = (index.partition_key, index.sort_key) if index else ("PK", "SK")
        kwargs = self._query_kwargs(partition, pk_attr, sk_attr, sk_prefix, sk_between, index, newest_first, where)
        key_names = {"PK", "SK"} | ({pk_attr, sk_attr} if index else set())
        start = self._start_key(cursor, pk_attr, sk_attr, partition, key_names, sk_prefix, sk_between)
        matched: list[dict[str, Any]] = []
        read = 0
        while True:
            wanted = limit + 1 - len(matched)
            kwargs["Limit"] = wanted if where is None else min(max(wanted * 4, 100), FILTERED_READ_BUDGET - read)
            if start:
                kwargs["ExclusiveStartKey"] = start
            response = self.client.query(**kwargs)
            matched += response["Items"]
            read += response.get("ScannedCount", len(response["Items"]))
            start = response.get("LastEvaluatedKey")
            if len(matched) > limit or not start or read >= FILTERED_READ_BUDGET:
                break
        if len(matched) > limit:
            matched = matched[:limit]
            next_cursor = encode_cursor({k: v for k, v in matched[-1].items() if k in key_names})
        else:
            next_cursor = encode_cursor(start) if start else None
        return QueryPage(items=[deserialize(item) for item in matched], next_cursor=next_cursor)

    @staticmethod
    def _start_key(
        cursor: str | None,
        pk_attr: str,
        sk_attr: str,
        partition: str,
        key_names: set[str],
        sk_prefix: str,
        sk_between: tuple[str, str] | None,
    ) -> dict[str, Any] | None:
        """The cursor as an ExclusiveStartKey, refused (400) unless it lies inside this very query:
        DynamoDB would otherwise fail the request (or page someone else's range)."""
        if not cursor:
            return None
        start = decode_cursor(cursor, partition_attr=pk_attr, partition=partition)
        sort = start.get(sk_attr, {}).get("S", "")
        inside = sk_between[0] <= sort <= sk_between[1] if sk_between else sort.startswith(sk_prefix)
        if set(start) != key_names or not inside:
            raise Invalid("cursor is not valid for this list", field="cursor")
        return start

    def query_all(
        self,
        partition: str,
        *,
        sk_between: tuple[str, str],
        index: Index | None = None,
        attributes: tuple[str, ...],
    ) -> Iterator[dict[str, Any]]:
        """Every item of a key range, only `attributes` of each (for aggregates; follows every page)."""
        pk_attr, sk_attr = (index.partition_key, index.sort_key) if index else ("PK", "SK")
        kwargs = self._query_kwargs(partition, pk_attr, sk_attr, "", sk_between, index, False, None)
        names = {f"#p{i}": name for i, name in enumerate(attributes)}
        kwargs["ExpressionAttributeNames"] |= names
        kwargs["ProjectionExpression"] = ", ".join(names)
        paginator = self.client.get_paginator("query")
        for page in paginator.paginate(**kwargs):
            yield from (deserialize(item) for item in page["Items"])

    def _query_kwargs(
        self,
        partition: str,
        pk_attr: str,
        sk_attr: str,
        sk_prefix: str,
        sk_between: tuple[str, str] | None,
        index: Index | None,
        newest_first: bool,
        where: Filter | None,
    ) -> dict[str, Any]:
        values: dict[str, Any] = {":pk": {"S": partition}}
        condition = "#pk = :pk"
        if sk_between:
            condition += " AND #sk BETWEEN :lo AND :hi"
            values |= {":lo": {"S": sk_between[0]}, ":hi": {"S": sk_between[1]}}
        elif sk_prefix:
            condition += " AND begins_with(#sk, :prefix)"
            values[":prefix"] = {"S": sk_prefix}
        kwargs: dict[str, Any] = {
            "TableName": self.name,
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": {"#pk": pk_attr, "#sk": sk_attr},
            "ExpressionAttributeValues": values,
            "ScanIndexForward": not newest_first,
        }
        if index:
            kwargs["IndexName"] = index.name
        if where:
            kwargs["FilterExpression"] = where.expression
            kwargs["ExpressionAttributeNames"] |= where.names
            kwargs["ExpressionAttributeValues"] |= serialize(where.values)
        return kwargs
