"""Who is calling: the signed-in user behind a request, and what their role lets them do.

The Cognito ID token (checked by API Gateway's JWT authorizer) says which account and user; the role is read
from the user item on every request, so a role change or removal takes effect at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vocadesk.errors import Forbidden, NotFound, Unauthorized
from vocadesk.models.accounts import Role
from vocadesk.storage.accounts import UserRepo

ACCOUNT_CLAIM = "custom:account_id"
USER_CLAIM = "custom:user_id"


@dataclass(frozen=True)
class Caller:
    account_id: str
    user_id: str
    role: Role

    def require_write(self) -> None:
        if not self.role.can_write:
            raise Forbidden(f"role {self.role.value!r} can only read")

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            raise Forbidden(f"role {self.role.value!r} may not do this; needs {' or '.join(r.value for r in roles)}")


def caller_from_claims(users: UserRepo, claims: Mapping[str, str]) -> Caller:
    """The caller named by verified token claims; Unauthorized when they name no current user."""
    account_id, user_id = claims.get(ACCOUNT_CLAIM), claims.get(USER_CLAIM)
    if not account_id or not user_id:
        raise Unauthorized("token carries no account or user")
    try:
        user = users.get(account_id, user_id)
    except NotFound as error:
        raise Unauthorized("the user of this token no longer exists") from error
    return Caller(account_id=account_id, user_id=user.id, role=user.role)
