"""Users of an account: list, read, invite, change name or role, remove.

Owners and admins write, viewers read. Only an owner invites, promotes, changes or removes an owner, and
an account never loses its last owner (409). A user is an item (role, read on every request) plus a
sign-in identity in the directory; invite and remove keep the two together or write nothing.
"""

from __future__ import annotations

import logging

from vocadesk.auth import Caller
from vocadesk.directory import UserDirectory
from vocadesk.errors import Conflict, Forbidden
from vocadesk.models.accounts import NewUser, Role, User, UserPatch
from vocadesk.models.pages import Page
from vocadesk.storage.accounts import UserRepo

log = logging.getLogger(__name__)


def list_page(repo: UserRepo, caller: Caller, *, limit: int, cursor: str | None) -> Page[User]:
    return repo.list(caller.account_id, limit=limit, cursor=cursor)


def get(repo: UserRepo, caller: Caller, user_id: str) -> User:
    return repo.get(caller.account_id, user_id)


def invite(repo: UserRepo, directory: UserDirectory, caller: Caller, new: NewUser) -> User:
    """Create the user (claiming the email platform-wide; 409 if taken), then their sign-in identity."""
    caller.require_write()
    if new.role is Role.OWNER:
        _require_owner(caller, "invite an owner")
    user = repo.create(User(account_id=caller.account_id, **new.model_dump()))
    try:
        directory.add(user)
    except Exception:
        repo.delete(user.account_id, user.id)  # nothing half-written: the item and the email claim go again
        raise
    log.info("user invited", extra={"account_id": user.account_id, "user_id": user.id, "role": user.role.value})
    return user


def update(repo: UserRepo, caller: Caller, user_id: str, patch: UserPatch) -> User:
    caller.require_write()
    user = repo.get(caller.account_id, user_id, consistent=True)
    changes = patch.model_dump(exclude_none=True)
    if Role.OWNER in (user.role, changes.get("role")):
        _require_owner(caller, "change an owner or make one")
    updated = user.model_copy(update=changes)
    if updated == user:
        return user
    if user.role is Role.OWNER and updated.role is not Role.OWNER:
        return repo.save_keeping_owner(updated, owner=_another_owner(repo, user))
    return repo.save(updated)


def remove(repo: UserRepo, directory: UserDirectory, caller: Caller, user_id: str) -> None:
    """Delete the user and their sign-in identity; their tokens stop working on their next request."""
    caller.require_write()
    user = repo.get(caller.account_id, user_id, consistent=True)
    if user.role is Role.OWNER:
        _require_owner(caller, "remove an owner")
        repo.delete_keeping_owner(user, owner=_another_owner(repo, user))
    else:
        repo.delete(user.account_id, user.id)
    ids = {"account_id": user.account_id, "user_id": user.id}
    try:
        directory.remove(user)
    except Exception:
        # The user is gone (the item is what every request checks); a leftover identity can sign in to
        # nothing and is replaced if the email is invited again.
        log.exception("sign-in identity not removed", extra=ids)
    log.info("user removed", extra=ids)


def _require_owner(caller: Caller, action: str) -> None:
    if caller.role is not Role.OWNER:
        raise Forbidden(f"only an owner may {action}", field="role")


def _another_owner(repo: UserRepo, user: User) -> User:
    others = [owner for owner in repo.owners(user.account_id) if owner.id != user.id]
    if not others:
        raise Conflict("an account keeps at least one owner: make someone else owner first", field="role")
    return others[0]
