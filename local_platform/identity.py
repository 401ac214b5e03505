"""Local stand-in for Cognito: signs users in with a password and issues ID tokens; the gateway verifies them.

Tokens carry what a Cognito ID token would (`sub`, `email`, `token_use`, `custom:account_id`,
`custom:user_id`, `aud` = app client id, `iss`), signed HS256 with a dev key that never leaves this
process (random per run unless VOCADESK_LOCAL_JWT_SECRET is set). Passwords live only in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from typing import Any

import jwt

from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM
from vocadesk.errors import Unauthorized
from vocadesk.settings import Settings
from vocadesk.storage.accounts import UserRepo


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


class LocalIdentity:
    def __init__(self, users: UserRepo, settings: Settings) -> None:
        self.users = users
        self.settings = settings
        self._key = settings.local_jwt_secret.get_secret_value() or secrets.token_urlsafe(32)
        self._passwords: dict[str, tuple[bytes, bytes]] = {}

    def set_password(self, email: str, password: str) -> None:
        salt = os.urandom(16)
        self._passwords[email.lower()] = (salt, _hash(password, salt))

    def sign_in(self, email: str, password: str) -> dict[str, Any]:
        """Check the password and return Cognito-shaped tokens; one vague error for every failure."""
        stored = self._passwords.get(email.lower())
        user = self.users.find_by_email(email) if stored else None
        if stored is None or user is None or not hmac.compare_digest(_hash(password, stored[0]), stored[1]):
            raise Unauthorized("email or password is wrong")
        return {
            "id_token": self.issue(user.account_id, user.id, user.email),
            "token_type": "Bearer",
            "expires_in": self.settings.local_token_ttl_seconds,
        }

    def issue(self, account_id: str, user_id: str, email: str, *, ttl: int | None = None) -> str:
        now = int(time.time())
        claims = {
            "sub": user_id,
            "email": email,
            "token_use": "id",
            ACCOUNT_CLAIM: account_id,
            USER_CLAIM: user_id,
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "iat": now,
            "auth_time": now,
            "exp": now + (self.settings.local_token_ttl_seconds if ttl is None else ttl),
        }
        return jwt.encode(claims, self._key, algorithm="HS256")

    def verify(self, authorization: str | None) -> dict[str, Any]:
        """What API Gateway's JWT authorizer checks: a Bearer token, signature, exp, iss and aud."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("missing bearer token")
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(f"invalid token: {error}") from error
        if claims.get("token_use") != "id":
            raise Unauthorized("not an ID token")
        return claims
