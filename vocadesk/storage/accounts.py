"""Accounts and their users. A user's email is claimed platform-wide: it is their sign-in name."""

from __future__ import annotations

from typing import Any

from vocadesk.errors import NotFound
from vocadesk.models.accounts import Account, User
from vocadesk.storage import keys
from vocadesk.storage.entity_repo import EntityRepo, RoutedEntityRepo
from vocadesk.storage.routes import RouteKind


class AccountRepo(EntityRepo[Account]):
    model = Account
    kind = "ACCOUNT"
    label = "account"

    def to_item(self, entity: Account) -> dict[str, Any]:
        return {"PK": keys.account_pk(entity.id), "SK": keys.ACCOUNT_SK, **entity.model_dump(mode="json")}

    def get(self, account_id: str, item_id: str | None = None, *, consistent: bool = False) -> Account:
        """The account itself (its one item has no id in the sort key)."""
        item = self.table.get(keys.account_pk(account_id), keys.ACCOUNT_SK, consistent=consistent)
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
