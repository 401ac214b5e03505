"""Short-lived call tokens: what lets a browser open a web or test call on the voice runtime.

Minted by the embed gateway (a customer's page, channel `web`) or the Management API (a signed-in
dashboard user, channel `test`); checked by the runtime's `WS /web`. HS256 JWTs with a `kid` header:
the first key of `VOCADESK_CALL_TOKEN_KEYS` signs, every listed key verifies, so keys rotate without
downtime (add the new key first, drop the old one after the token lifetime). Single use is enforced
by the runtime (it remembers `jti`s until they expire).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import jwt

from vocadesk.errors import Unauthorized

AUDIENCE = "vocadesk-voice"
MAX_TTL_SECONDS = 300
MIN_TTL_SECONDS = 30


@dataclass(frozen=True)
class CallGrant:
    """What a call token admits: one call of one agent, from one page origin, on one channel."""

    account_id: str
    client_id: str
    agent_id: str
    channel: str  # "web" | "test"
    origin: str
    embed_id: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class VerifiedGrant:
    grant: CallGrant
    jti: str
    expires_at: int


def parse_keys(spec: str) -> list[tuple[str, str]]:
    """`kid1:secret1,kid0:secret0` -> [(kid, secret)], signing key first. Secrets are >= 32 characters."""
    keys = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        kid, _, secret = item.partition(":")
        if not kid or len(secret) < 32:
            raise ValueError("call token keys are `kid:secret` pairs with secrets of at least 32 characters")
        keys.append((kid, secret))
    return keys


class CallTokens:
    def __init__(self, keys: list[tuple[str, str]], *, clock: Callable[[], float] = time.time) -> None:
        if not keys:
            raise ValueError("at least one call token key is needed")
        self._signing = keys[0]
        self._verifying = dict(keys)
        self._now = clock

    def issue(self, grant: CallGrant, *, ttl_seconds: int) -> tuple[str, VerifiedGrant]:
        ttl = max(MIN_TTL_SECONDS, min(MAX_TTL_SECONDS, ttl_seconds))
        now = int(self._now())
        jti = secrets.token_urlsafe(16)
        claims = {**asdict(grant), "aud": AUDIENCE, "iat": now, "exp": now + ttl, "jti": jti}
        kid, secret = self._signing
        token = jwt.encode(claims, secret, algorithm="HS256", headers={"kid": kid})
        return token, VerifiedGrant(grant=grant, jti=jti, expires_at=now + ttl)

    def verify(self, token: str | None) -> VerifiedGrant:
        """The grant of a well-signed, unexpired token for the voice runtime; Unauthorized otherwise."""
        if not token:
            raise Unauthorized("no call token")
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            secret = self._verifying.get(kid or "")
            if secret is None:
                raise Unauthorized("call token signed with an unknown key")
            claims = jwt.decode(
                token,
                secret,
                algorithms=["HS256"],
                audience=AUDIENCE,
                options={"require": ["exp", "iat", "jti", "aud"]},
                leeway=2,
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(f"invalid call token: {error}") from error
        fields = {name: claims.get(name) for name in CallGrant.__dataclass_fields__}
        return VerifiedGrant(grant=CallGrant(**fields), jti=claims["jti"], expires_at=int(claims["exp"]))
