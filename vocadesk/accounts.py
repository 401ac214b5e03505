"""Accounts: opening one (an agency with its first owner) all-or-nothing, and who the caller is."""

from __future__ import annotations

from vocadesk.auth import Caller
from vocadesk.models.accounts import Account, AccountSummary, Role, User
from vocadesk.models.fields import Model
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


class Me(Model):
    """The signed-in user, their role and their account's plan: what the dashboard needs first."""

    user: User
    account: AccountSummary


def me(repos: Repositories, caller: Caller) -> Me:
    user = repos.users.get(caller.account_id, caller.user_id)
    account = repos.accounts.get(caller.account_id)
    return Me(
        user=user,
        account=AccountSummary(
            id=account.id, name=account.name, plan=account.plan, can_take_calls=account.can_take_calls
        ),
    )
