"""Sign-in and the JWT authorizer, locally, over the real Cognito API (moto's, in the emulator).

`sign_in` does what the dashboard's Cognito client does in AWS (InitiateAuth with USER_PASSWORD_AUTH,
answering NEW_PASSWORD_REQUIRED on a first sign-in). `verify` does what API Gateway's JWT authorizer does
with an ID token: RS256 signature against the pool's JWKS, `iss`, `aud`, `exp` and `token_use`.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import jwt
import requests

from vocadesk import aws_clients
from vocadesk.errors import DomainError, Invalid, Unauthorized
from vocadesk.user_pool import issuer, sign_in_name

JWKS_REFRESH_SECONDS = 60  # an unknown `kid` refetches the keys at most this often (key rotation)


class NewPasswordRequired(DomainError):
    """The password was right but temporary: sign in again with `new_password` as well."""

    code = "new_password_required"


class CognitoIdentity:
    def __init__(self, *, user_pool_id: str, client_id: str) -> None:
        self.user_pool_id = user_pool_id
        self.client_id = client_id
        self.issuer = issuer(user_pool_id)
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    # -- sign-in (what the dashboard does with Cognito) ------------------------------------------
    def sign_in(self, email: str, password: str, new_password: str | None = None) -> dict[str, Any]:
        """Cognito's tokens for `email`; a first sign-in with a temporary password needs `new_password`."""
        cognito = aws_clients.client("cognito-idp")
        errors = cognito.exceptions
        username = sign_in_name(email)
        try:
            answer = cognito.initiate_auth(
                ClientId=self.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
            if answer.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
                if not new_password:
                    raise NewPasswordRequired(
                        "this is a temporary password: sign in again with `new_password` set to one of your own",
                        field="new_password",
                    )
                answer = cognito.respond_to_auth_challenge(
                    ClientId=self.client_id,
                    ChallengeName="NEW_PASSWORD_REQUIRED",
                    Session=answer["Session"],
                    ChallengeResponses={
                        "USERNAME": answer["ChallengeParameters"]["USERNAME"],
                        "NEW_PASSWORD": new_password,
                    },
                )
        except errors.InvalidPasswordException as error:
            reason = error.response["Error"].get("Message") or "not accepted"
            raise Invalid(f"new_password: {reason}", field="new_password") from error
        except (errors.NotAuthorizedException, errors.UserNotFoundException, errors.InvalidParameterException) as error:
            raise Unauthorized("email or password is wrong") from error
        except errors.PasswordResetRequiredException as error:
            raise Unauthorized("this password was reset: set a new one through password recovery") from error
        if "AuthenticationResult" not in answer:
            raise Unauthorized(f"sign-in needs a step this local sign-in does not do: {answer.get('ChallengeName')}")
        result = answer["AuthenticationResult"]
        return {
            "id_token": result["IdToken"],
            "access_token": result["AccessToken"],
            "refresh_token": result.get("RefreshToken"),
            "token_type": "Bearer",
            "expires_in": result["ExpiresIn"],
        }

    # -- the JWT authorizer (what API Gateway does before invoking the function) -----------------
    def verify(self, authorization: str | None) -> dict[str, Any]:
        """The verified claims of the request's ID token; Unauthorized for anything else."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("missing bearer token")
        try:
            key = self._signing_key(jwt.get_unverified_header(token).get("kid"))
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.client_id,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use"]},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(f"invalid token: {error}") from error
        if claims["token_use"] != "id":
            raise Unauthorized("not an ID token")
        return claims

    def _signing_key(self, kid: str | None) -> Any:
        with self._lock:
            stale = self._fetched_at is None or time.monotonic() - self._fetched_at > JWKS_REFRESH_SECONDS
            if kid not in self._keys and stale:
                self._keys = self._fetch_keys()
                self._fetched_at = time.monotonic()
        if kid not in self._keys:
            raise jwt.InvalidKeyError(f"no key {kid!r} in the pool's JWKS")
        return self._keys[kid]

    def _fetch_keys(self) -> dict[str, Any]:
        # The issuer serves its JWKS; the emulator serves the same document on its own endpoint.
        base = os.environ.get("AWS_ENDPOINT_URL", "").rstrip("/")
        url = f"{base}/{self.user_pool_id}" if base else self.issuer
        try:
            response = requests.get(f"{url}/.well-known/jwks.json", timeout=5)
            response.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(response.json()).keys
        except (requests.RequestException, ValueError, jwt.PyJWTError) as error:
            raise jwt.InvalidKeyError(f"the pool's JWKS could not be read: {error}") from error
        return {key.key_id: key.key for key in keys}
