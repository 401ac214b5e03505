"""Admitting a browser socket with its call token: signature, expiry and audience (`vocadesk.call_tokens`),
the socket's `Origin` against the token's, the channel, and single use.

Single use is per task: a `jti` is remembered until its token expires. Tokens live at most 300 s and are
fetched right before the socket opens, so a replay has to beat the real browser to the same task; a
fleet-wide guarantee would need a shared store, which the runtime (read-only on the tables) does not have.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable

from vocadesk.call_tokens import CallTokens, VerifiedGrant
from vocadesk.errors import Unauthorized
from vocadesk.models.calls import Channel
from voice_container.protocols.web_call import ErrorCode

BROWSER_CHANNELS = {Channel.WEB.value, Channel.TEST.value}
EXPIRY_LEEWAY_SECONDS = 5  # CallTokens.verify accepts 2 s past `exp`; remember a little longer than that


class WebRefused(Exception):
    """A browser socket that may not become a call; `code` is what the browser is told."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class WebTokens:
    def __init__(self, tokens: CallTokens | None, *, clock: Callable[[], float] = time.time) -> None:
        self._tokens = tokens  # None: no call token keys configured, so no browser call is admitted
        self._now = clock
        self._spent: set[str] = set()
        self._expiries: list[tuple[int, str]] = []  # (forget at, jti), a heap

    def admit(self, token: str, origin: str | None) -> VerifiedGrant:
        """The grant of a valid, unused token presented from its own origin (the token is spent now);
        WebRefused otherwise."""
        if self._tokens is None:
            raise WebRefused(ErrorCode.TOKEN_INVALID, "this runtime takes no web calls (no call token keys)")
        try:
            verified = self._tokens.verify(token)
        except Unauthorized as error:
            raise WebRefused(ErrorCode.TOKEN_INVALID, error.message) from error
        if verified.grant.channel not in BROWSER_CHANNELS:
            raise WebRefused(ErrorCode.TOKEN_INVALID, "the token is not for a web or test call")
        if origin is None or origin != verified.grant.origin:
            raise WebRefused(ErrorCode.ORIGIN_NOT_ALLOWED, "this page may not use the token")
        self._forget_expired()
        if verified.jti in self._spent:
            raise WebRefused(ErrorCode.TOKEN_INVALID, "the token was already used")
        self._spent.add(verified.jti)
        heapq.heappush(self._expiries, (verified.expires_at + EXPIRY_LEEWAY_SECONDS, verified.jti))
        return verified

    @property
    def remembered(self) -> int:
        return len(self._spent)

    def _forget_expired(self) -> None:
        now = self._now()
        while self._expiries and self._expiries[0][0] < now:
            self._spent.discard(heapq.heappop(self._expiries)[1])
