"""One-time, short-lived tokens that let a media socket join the call its webhook answered.

The media socket URL is public; the webhook (whose Twilio signature was checked) hands its stream a
token as a `<Parameter>`. A token is an HS256 JWT signed with a key every runtime task shares, names
the call it belongs to and the task that pre-warmed it, expires within seconds, and is accepted once
per task (its `jti` is remembered until it expires).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import jwt

AUDIENCE = "vocadesk-voice-stream"


class TokenRefused(Exception):
    """The token is missing, forged, expired, for another audience, or already used."""


@dataclass(frozen=True)
class StreamGrant:
    """What a verified token says about the call it admits."""

    call_id: str
    account_id: str
    client_id: str
    agent_id: str
    channel: str
    task_id: str
    caller: str | None = None
    called: str | None = None
    external_id: str | None = None


class StreamTokens:
    def __init__(self, key: str, *, ttl_seconds: int, clock: Callable[[], float] = time.time) -> None:
        if len(key) < 32:
            raise ValueError("the stream token key must be at least 32 characters")
        self._key = key
        self._ttl = ttl_seconds
        self.ttl_seconds = ttl_seconds
        self._now = clock
        self._used: dict[str, float] = {}  # jti -> exp

    def issue(self, grant: StreamGrant) -> str:
        now = int(self._now())
        claims = {
            **asdict(grant),
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + self._ttl,
            "jti": secrets.token_urlsafe(12),
        }
        return jwt.encode(claims, self._key, algorithm="HS256")

    def redeem(self, token: str | None) -> StreamGrant:
        """The grant of a valid, unused token; TokenRefused otherwise (and the token is spent)."""
        if not token:
            raise TokenRefused("no stream token")
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                audience=AUDIENCE,
                options={"require": ["exp", "jti", "aud"]},
                leeway=1,
            )
        except jwt.PyJWTError as error:
            raise TokenRefused(f"invalid stream token: {error}") from error
        self._forget_expired()
        if claims["jti"] in self._used:
            raise TokenRefused("stream token already used")
        self._used[claims["jti"]] = claims["exp"]
        fields = {name: claims.get(name) for name in StreamGrant.__dataclass_fields__}
        return StreamGrant(**fields)

    def _forget_expired(self) -> None:
        now = self._now() - 2
        for jti in [jti for jti, exp in self._used.items() if exp < now]:
            del self._used[jti]
