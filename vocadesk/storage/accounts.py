"""Accounts and their users. A user's email is claimed platform-wide: it is their sign-in name."""

from __future__ import annotations

from typing import Any

from vocadesk.errors import Conflict, NotFound, PreconditionFailed
from vocadesk.models.accounts import Account, Role, User
from vocadesk.models.fields import utc_now
from vocadesk.storage import keys
from vocadesk.storage.dynamo import ConditionFailed, serialize
from vocadesk.storage.entity_repo import EntityRepo, RoutedEntityRepo
from vocadesk.storage.routes import RouteKind


class AccountRepo(EntityRepo[Account]):
    model = Account
    kind = "ACCOUNT"
    label = "account"

    def to_item(self, entity: Account) -> dict[str, Any]:
        return {"PK": keys.account_pk(entity.id), "SK": keys.ACCOUNT_SK, **entity.model_dump(mode="json")}

    def key(self, account_id: str, item_id: str | None = None) -> tuple[str, str]:
        return keys.account_pk(account_id), keys.ACCOUNT_SK

    def get(self, account_id: str, item_id: str | None = None, *, consistent: bool = False) -> Account:
        """The account itself (its one item has no id in the sort key)."""
        item = self.table.get(*self.key(account_id), consistent=consistent)
        if item is None:
            raise NotFound("account", account_id)
        return self.from_item(item)


class UserRepo(RoutedEntityRepo[User]):
    model = User
    kind = "USER"
    label = "user"
    route_kind = RouteKind.EMAIL
    public_id_field = "email"

    def public_id(self, entity: User) -> str:
        return entity.email

    def find_by_email(self, email: str) -> User | None:
        """The user who signs in as `email`, in whichever account (sign-in has no account yet)."""
        return self.find_public(email)

    def owners(self, account_id: str) -> list[User]:
        """Every owner of the account (an account has tens of users: its partition is paged through)."""
        owners, cursor = [], None
        while True:
            page = self.list(account_id, limit=100, cursor=cursor)
            owners += [user for user in page.items if user.role is Role.OWNER]
            if not (cursor := page.next_cursor):
                return owners

    # An owner is demoted or removed only in a transaction that checks another owner still is one. Two
    # owners demoting each other at once then cannot both succeed: an account always keeps an owner.
    def save_keeping_owner(self, user: User, *, owner: User) -> User:
        """`save` (at the version read), only while `owner` is still an owner."""
        updated = user.model_copy(update={"version": user.version + 1, "updated_at": utc_now()})
        save = {
            "Put": {
                "Item": serialize(self.to_item(updated)),
                "ConditionExpression": "attribute_exists(PK) AND version = :read",
                "ExpressionAttributeValues": serialize({":read": user.version}),
            }
        }
        self._transact_keeping_owner([save], user, owner)
        return updated

    def delete_keeping_owner(self, user: User, *, owner: User) -> None:
        """`delete` (item and email route), only while `owner` is still an owner."""
        steps = [
            self.routes.release_operation(self.route_kind, self.public_id(user), user.account_id),
            self.delete_operation(user.account_id, user.id),
        ]
        self._transact_keeping_owner(steps, user, owner)

    def _transact_keeping_owner(self, steps: list[dict[str, Any]], user: User, owner: User) -> None:
        check = {
            "ConditionCheck": {
                "Key": serialize({"PK": keys.account_pk(owner.account_id), "SK": keys.sk(self.kind, owner.id)}),
                "ConditionExpression": "#role = :owner",
                "ExpressionAttributeNames": {"#role": "role"},
                "ExpressionAttributeValues": serialize({":owner": Role.OWNER.value}),
            }
        }
        try:
            self.table.transact([*steps, check])
        except ConditionFailed as error:
            if error.reasons[-1:] == ["ConditionalCheckFailed"]:
                raise Conflict("the account's owners changed meanwhile; reload and retry", field="role") from error
            current = self.get(user.account_id, user.id, consistent=True)  # NotFound if removed meanwhile
            raise PreconditionFailed(
                f"user changed since version {user.version} (now {current.version}); reload and retry",
                field="version",
            ) from error
