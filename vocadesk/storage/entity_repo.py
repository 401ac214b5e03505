"""The repository shape every versioned, account-owned noun shares: create, get, list, save, delete.

Writes are conditional: create refuses to overwrite, save applies only at the version the caller read
(optimistic concurrency), so two editors can never silently overwrite each other.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from pydantic import ValidationError

from vocadesk.errors import Conflict, Invalid, NotFound, PreconditionFailed, first_error
from vocadesk.models.fields import Versioned, utc_now
from vocadesk.models.pages import Page
from vocadesk.storage import keys
from vocadesk.storage.child_counts import ChildCounts
from vocadesk.storage.dynamo import KEY_ATTRIBUTES, ConditionFailed, QueryPage, Table, serialize
from vocadesk.storage.routes import Route, RouteKind, RouteRepo
from vocadesk.storage.tables import Index

E = TypeVar("E", bound=Versioned)


class EntityRepo(Generic[E]):
    """Subclasses name the model, the sort-key kind and (optionally) index keys of an entity, and the counts
    it belongs to: `parents` count it on the items its fields name (an empty field counts nowhere), and its
    own `children` count must be zero for it to be deleted (`child_counts.py`)."""

    model: ClassVar[type[Versioned]]
    kind: ClassVar[str]  # sort-key prefix, e.g. "CLIENT"
    label: ClassVar[str]  # what errors call it, e.g. "client"
    id_field: ClassVar[str | None] = None  # the field a NotFound names; default "<label>_id"
    parents: ClassVar[tuple[tuple[ChildCounts, str], ...]] = ()  # (the parent's count, the field naming it)
    children: ClassVar[ChildCounts | None] = None

    def __init__(self, table: Table) -> None:
        self.table = table

    # -- item shape ---------------------------------------------------------------------------
    def item_id(self, entity: E) -> str:
        return entity.id  # type: ignore[attr-defined]

    def index_keys(self, entity: E) -> dict[str, str]:
        """GSI key attributes of the entity; none by default."""
        return {}

    def to_item(self, entity: E) -> dict[str, Any]:
        return {
            "PK": keys.account_pk(entity.account_id),
            "SK": keys.sk(self.kind, self.item_id(entity)),
            **self.index_keys(entity),
            **entity.model_dump(mode="json"),
        }

    def from_item(self, item: dict[str, Any]) -> E:
        return self.model.model_validate({k: v for k, v in item.items() if k not in KEY_ATTRIBUTES})  # type: ignore[return-value]

    def put_operation(self, entity: E) -> dict[str, Any]:
        """The transaction step that creates `entity`, for writes that must land with others."""
        return {"Put": {"Item": serialize(self.to_item(entity)), "ConditionExpression": "attribute_not_exists(PK)"}}

    # -- reads --------------------------------------------------------------------------------
    def key(self, account_id: str, item_id: str) -> tuple[str, str]:
        """The item's (PK, SK), for reads batched with other repositories' (`Table.get_many`)."""
        return keys.account_pk(account_id), keys.sk(self.kind, item_id)

    def get(self, account_id: str, item_id: str, *, consistent: bool = False) -> E:
        item = self.table.get(*self.key(account_id, item_id), consistent=consistent)
        if item is None:
            raise NotFound(self.label, item_id, field=self.id_field)
        return self.from_item(item)

    def list(self, account_id: str, *, limit: int, cursor: str | None = None) -> Page[E]:
        page = self.table.query(keys.account_pk(account_id), sk_prefix=keys.sk(self.kind), limit=limit, cursor=cursor)
        return self.to_page(page)

    def list_in(
        self, index: Index, partition: str, *, limit: int, cursor: str | None = None, newest_first: bool = False
    ) -> Page[E]:
        """This kind's items in one partition of a GSI (e.g. the agents of a client)."""
        query = self.table.query(
            partition, index=index, sk_prefix=keys.sk(self.kind), limit=limit, cursor=cursor, newest_first=newest_first
        )
        return self.to_page(query)

    def to_page(self, page: QueryPage) -> Page[E]:
        return Page[self.model](items=[self.from_item(i) for i in page.items], next_cursor=page.next_cursor)  # type: ignore[name-defined]

    # -- counts -------------------------------------------------------------------------------
    def counted_on(self, entity: E) -> list[tuple[ChildCounts, str]]:
        """The parents that count this entity among their children, with their ids."""
        return [(counts, getattr(entity, field)) for counts, field in self.parents if getattr(entity, field)]

    def count_operations(self, entity: E) -> list[dict[str, Any]]:
        """The transaction steps counting `entity` on its parents, which must (still) be there."""
        return [
            op for counts, parent in self.counted_on(entity) for op in counts.add_operations(entity.account_id, parent)
        ]

    def uncount_operations(self, entity: E) -> list[dict[str, Any]]:
        return [counts.change_operation(entity.account_id, parent, -1) for counts, parent in self.counted_on(entity)]

    def create_counted(self, entity: E, steps: list[dict[str, Any]], conflict: Exception) -> E:
        """Run the `steps` that create `entity` and count it on its parents, all or nothing: `conflict` when a
        step of `steps` fails, a 404 naming the parent when a parent is gone."""
        counted = self.counted_on(entity)
        try:
            self.table.transact([*steps, *self.count_operations(entity)])
        except ConditionFailed as error:
            failed = error.first_failed()
            if failed is not None and failed >= len(steps):
                counts, parent = counted[(failed - len(steps)) // 2]  # two steps per parent (add_operations)
                raise NotFound(counts.parent_label, parent, field=counts.parent_field) from error
            raise conflict from error
        return entity

    # -- writes -------------------------------------------------------------------------------
    def create(self, entity: E) -> E:
        conflict = Conflict(f"{self.label} {self.item_id(entity)!r} already exists", field="id")
        if self.parents:
            return self.create_counted(entity, [self.put_operation(entity)], conflict)
        try:
            self.table.put(self.to_item(entity), condition="attribute_not_exists(PK)")
        except ConditionFailed as error:
            raise conflict from error
        return entity

    def save(self, entity: E) -> E:
        """Store a changed entity read at `entity.version`; returns it at its new version."""
        updated = self.next_version(entity)
        try:
            self.table.put(
                self.to_item(updated),
                condition="attribute_exists(PK) AND version = :read",
                values={":read": entity.version},
            )
        except ConditionFailed as error:
            raise self.changed_since(entity) from error
        return updated

    def next_version(self, entity: E) -> E:
        return entity.model_copy(update={"version": entity.version + 1, "updated_at": utc_now()})

    def save_operation(self, updated: E) -> dict[str, Any]:
        """The transaction step that stores `updated` (from `next_version`) only over the version it was read at."""
        return {
            "Put": {
                "Item": serialize(self.to_item(updated)),
                "ConditionExpression": "attribute_exists(PK) AND version = :read",
                "ExpressionAttributeValues": serialize({":read": updated.version - 1}),
            }
        }

    def changed_since(self, entity: E) -> Exception:
        """Why a save of `entity` (read at its version) did not apply: NotFound if deleted, else 412."""
        current = self.get(entity.account_id, self.item_id(entity), consistent=True)  # NotFound if deleted
        return PreconditionFailed(
            f"{self.label} changed since version {entity.version} (now {current.version}); reload and retry",
            field="version",
        )

    def patch(self, account_id: str, item_id: str, changes: dict[str, Any], *, expected_version: int | None) -> E:
        """Apply `changes` (a request's set fields) to the stored entity and save it.

        With `expected_version` (the caller's If-Match) the patch applies only if nobody changed the
        entity since the caller read it; without it, only if nobody changes it while this one applies.
        """
        current = self.get(account_id, item_id, consistent=True)
        if expected_version is not None and expected_version != current.version:
            raise PreconditionFailed(
                f"{self.label} is at version {current.version}, not {expected_version}; reload and retry",
                field="If-Match",
            )
        try:
            patched = self.model.model_validate(current.model_dump() | changes)
        except ValidationError as error:
            # The stored entity was valid, so the changes broke it, e.g. `null` for a field that must have a value.
            field, message = first_error(error)
            raise Invalid(f"{field}: {message}", field=field) from error
        return self.save(patched)  # type: ignore[arg-type]

    def delete(self, account_id: str, item_id: str) -> None:
        """Delete it (uncounted from its parents), only while it has no children counted (409 otherwise)."""
        if not self.parents and self.children is None:
            try:
                self.table.delete(
                    keys.account_pk(account_id), keys.sk(self.kind, item_id), condition="attribute_exists(PK)"
                )
            except ConditionFailed as error:
                raise NotFound(self.label, item_id, field=self.id_field) from error
            return
        steps = [self.delete_operation(account_id, item_id)]
        if self.parents:
            steps += self.uncount_operations(self.get(account_id, item_id, consistent=True))
        if self.children is not None:
            steps.append(self.children.none_left_operation(account_id, item_id))
        try:
            self.table.transact(steps)
        except ConditionFailed as error:
            if error.first_failed() == 0 or self.children is None:
                raise NotFound(self.label, item_id, field=self.id_field) from error
            raise Conflict(self.children.still_counted, field=self.children.parent_field) from error

    def delete_operation(self, account_id: str, item_id: str) -> dict[str, Any]:
        key = {"PK": keys.account_pk(account_id), "SK": keys.sk(self.kind, item_id)}
        return {"Delete": {"Key": serialize(key), "ConditionExpression": "attribute_exists(PK)"}}


class RoutedEntityRepo(EntityRepo[E]):
    """An entity reachable by a public identifier (dialled number, embed id, email) without an account.

    Creating it claims the identifier platform-wide in the same transaction, so identifiers are unique
    and a route never points at a missing item.
    """

    route_kind: ClassVar[RouteKind]

    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self.routes = RouteRepo(table)

    def public_id(self, entity: E) -> str:
        return self.item_id(entity)

    public_id_field: ClassVar[str] = "id"

    def route_of(self, entity: E) -> Route:
        """What the entity's route item says of it: its account and item (and more, for some kinds)."""
        return Route(account_id=entity.account_id, item_id=self.item_id(entity))

    def create_operations(self, entity: E) -> list[dict[str, Any]]:
        """The transaction steps creating `entity` and claiming its public identifier."""
        claim = self.routes.claim_operation(self.route_kind, self.public_id(entity), self.route_of(entity))
        return [claim, self.put_operation(entity)]

    def taken(self, entity: E) -> Conflict:
        return Conflict(f"{self.label} {self.public_id(entity)!r} is already taken", field=self.public_id_field)

    def create(self, entity: E) -> E:
        """Create it, claim its identifier and count it on its parents, all or nothing: a public identifier
        someone has is a 409, a parent that is gone a 404 naming it."""
        return self.create_counted(entity, self.create_operations(entity), self.taken(entity))

    def find_public(self, public_id: str) -> E | None:
        """The entity behind a public identifier, in whichever account owns it (None if nobody)."""
        route = self.routes.resolve(self.route_kind, public_id)
        if route is None:
            return None
        try:
            return self.get(route.account_id, route.item_id)
        except NotFound:
            return None

    def delete(self, account_id: str, item_id: str) -> None:
        entity = self.get(account_id, item_id, consistent=True)
        try:
            self.table.transact(
                [
                    self.routes.release_operation(self.route_kind, self.public_id(entity), account_id),
                    self.delete_operation(account_id, item_id),
                    *self.uncount_operations(entity),
                ]
            )
        except ConditionFailed as error:
            raise NotFound(self.label, item_id, field=self.id_field) from error
