"""The user directory: who can sign in, kept in the Cognito user pool (`vocadesk.user_pool`).

Adds, removes and sets passwords of sign-in identities; it never decides who may do so (`vocadesk.users`
does) and never holds roles (the user item does, read on every request).
"""

from __future__ import annotations

import logging
from typing import Any

from vocadesk import aws_clients
from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM
from vocadesk.errors import Invalid
from vocadesk.models.accounts import User
from vocadesk.settings import get_settings
from vocadesk.user_pool import sign_in_name

log = logging.getLogger(__name__)


class UserDirectory:
    def __init__(self, user_pool_id: str, *, temporary_password: str = "") -> None:
        self.user_pool_id = user_pool_id
        # Empty: Cognito generates the temporary password and emails it with the invitation.
        self.temporary_password = temporary_password

    @property
    def client(self) -> Any:
        return aws_clients.client("cognito-idp")

    def add(self, user: User) -> None:
        """Create `user`'s sign-in identity; Cognito sends the invitation (temporary password) by email.

        The email route was claimed before this is called, so an identity already holding the email is a
        leftover of a removal that failed half-way: it is replaced rather than blocking the email forever.
        """
        kwargs: dict[str, Any] = {
            "UserPoolId": self.user_pool_id,
            "Username": sign_in_name(user.email),
            "UserAttributes": [
                {"Name": "email", "Value": sign_in_name(user.email)},
                {"Name": "email_verified", "Value": "true"},
                {"Name": ACCOUNT_CLAIM, "Value": user.account_id},
                {"Name": USER_CLAIM, "Value": user.id},
            ],
            "DesiredDeliveryMediums": ["EMAIL"],
        }
        if self.temporary_password:
            kwargs["TemporaryPassword"] = self.temporary_password
        errors = self.client.exceptions
        try:
            self.client.admin_create_user(**kwargs)
        except errors.UsernameExistsException:
            log.warning(
                "replacing a leftover sign-in identity", extra={"account_id": user.account_id, "user_id": user.id}
            )
            self.client.admin_delete_user(UserPoolId=self.user_pool_id, Username=kwargs["Username"])
            self.client.admin_create_user(**kwargs)
        except errors.InvalidParameterException as error:
            raise Invalid(f"the directory refused this email: {_message(error)}", field="email") from error

    def remove(self, user: User) -> None:
        """Delete `user`'s sign-in identity, if it is still theirs (the email may already be re-invited)."""
        username = sign_in_name(user.email)
        errors = self.client.exceptions
        try:
            found = self.client.admin_get_user(UserPoolId=self.user_pool_id, Username=username)
            attributes = {a["Name"]: a["Value"] for a in found.get("UserAttributes", [])}
            if attributes.get(USER_CLAIM) != user.id:
                return
            self.client.admin_delete_user(UserPoolId=self.user_pool_id, Username=username)
        except errors.UserNotFoundException:
            return

    def set_password(self, email: str, password: str) -> None:
        """Set a permanent password (no first-sign-in challenge): the seeded demo user's, test users'."""
        try:
            self.client.admin_set_user_password(
                UserPoolId=self.user_pool_id, Username=sign_in_name(email), Password=password, Permanent=True
            )
        except self.client.exceptions.InvalidPasswordException as error:
            raise Invalid(f"the password was refused: {_message(error)}", field="password") from error


def _message(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Message") or "invalid")


def default_directory() -> UserDirectory:
    """The directory over the configured user pool (cheap: the boto3 client is built once per process)."""
    settings = get_settings()
    return UserDirectory(
        settings.user_pool_id, temporary_password=settings.invite_temporary_password.get_secret_value()
    )
