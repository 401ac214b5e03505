"""Accounts: opening one (an agency with its first owner) in a single all-or-nothing write."""

from __future__ import annotations

from vocadesk.models.accounts import Account, Role, User
from vocadesk.storage.dynamo import ConditionFailed
from vocadesk.storage.repositories import Repositories


def open_account(repos: Repositories, *, name: str, owner_email: str, owner_name: str) -> tuple[Account, User]:
    """Create an account and its owner; fails with Conflict (nothing written) if the email is taken."""
    account = Account(name=name)
    owner = User(account_id=account.id, email=owner_email, name=owner_name, role=Role.OWNER)
    try:
        repos.table.transact([repos.accounts.put_operation(account), *repos.users.create_operations(owner)])
    except ConditionFailed as error:
        raise repos.users.taken(owner) from error
    return account, owner
