"""The ONE definition of Vocadesk's DynamoDB tables, used by the local bootstrap and the CDK stack.

Single-table design. Items and their keys (see `keys.py` for the builders):

| item          | PK                      | SK                 | GSI1 (by client)         | GSI2 (by agent)        |
|---------------|-------------------------|--------------------|--------------------------|------------------------|
| account       | A#<acc>                 | ACCOUNT            |                          |                        |
| user          | A#<acc>                 | USER#<usr>         |                          |                        |
| client        | A#<acc>                 | CLIENT#<cli>       |                          |                        |
| agent count   | A#<acc>                 | COUNT#CLIENT#<cli> |                          |                        |
| route count   | A#<acc>                 | COUNT#AGENT#<agt>  |                          |                        |
| agent         | A#<acc>                 | AGENT#<agt>        | A#<acc>#C#<cli> AGENT#.. |                        |
| embed         | A#<acc>                 | EMBED#<emb>        | A#<acc>#C#<cli> EMBED#.. | A#<acc>#G#<agt> EMBED# |
| phone number  | A#<acc>                 | PHONE#<e164>       | A#<acc>#C#<cli> PHONE#.. | A#<acc>#G#<agt> PHONE# |
| call          | A#<acc>                 | CALL#<call>        | A#<acc>#C#<cli> CALL#..  | A#<acc>#G#<agt> CALL#  |
| turn          | A#<acc>#CALL#<call>     | TURN#<seq:010d>    |                          |                        |
| route         | ROUTE#PHONE#<e164> etc. | ROUTE              |                          |                        |
| rate counter  | RATE#<limit>#<key>      | WINDOW#<epoch s>   |                          |                        |

Call ids are ULIDs, so `CALL#` range keys sort by start time: newest first is a descending Query.
Route items and rate counters are the only keys without an account. Routes map a public identifier
(a dialled number, an embed id, a sign-in email) to its account (a number's also to its agent, changed in
its attach/detach transaction), and their conditional creation enforces uniqueness. Rate counters
(`vocadesk.rate_limits`) hold no tenant data: one item per limit, key and fixed window, counted with a
conditional `ADD`, deleted by TTL (`expires_at`, epoch seconds) after the window.
Counts (`child_counts.py`): a client's agents, and what routes callers to an agent (its attached phone
numbers and its embeds), each changed in the child's create/delete/attach transaction; the parent's delete
removes its count only while it is zero: no agent outlives its client, no number or embed its agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Index:
    name: str
    partition_key: str
    sort_key: str


@dataclass(frozen=True)
class TableDefinition:
    """Key schema and indexes of one table; attribute types are all strings (S)."""

    partition_key: str
    sort_key: str
    indexes: tuple[Index, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None

    @property
    def key_attributes(self) -> list[str]:
        names = [self.partition_key, self.sort_key]
        for index in self.indexes:
            names += [index.partition_key, index.sort_key]
        return list(dict.fromkeys(names))

    def create_table_kwargs(self, table_name: str) -> dict[str, Any]:
        """Arguments for boto3's `create_table` (on-demand billing, like the deployed stack)."""
        kwargs: dict[str, Any] = {
            "TableName": table_name,
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in self.key_attributes],
            "KeySchema": [
                {"AttributeName": self.partition_key, "KeyType": "HASH"},
                {"AttributeName": self.sort_key, "KeyType": "RANGE"},
            ],
        }
        if self.indexes:
            kwargs["GlobalSecondaryIndexes"] = [
                {
                    "IndexName": index.name,
                    "KeySchema": [
                        {"AttributeName": index.partition_key, "KeyType": "HASH"},
                        {"AttributeName": index.sort_key, "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
                for index in self.indexes
            ]
        return kwargs


BY_CLIENT = Index("by_client", "GSI1PK", "GSI1SK")
BY_AGENT = Index("by_agent", "GSI2PK", "GSI2SK")

MAIN_TABLE = TableDefinition(
    partition_key="PK", sort_key="SK", indexes=(BY_CLIENT, BY_AGENT), ttl_attribute="expires_at"
)
