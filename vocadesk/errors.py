"""Domain errors: the only failures domain code raises on purpose.

Each names the field or id it is about, so one mapper (`vocadesk.lambda_support.http`) can
turn them into a clear 4xx body without any route building an error itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


def field_path(loc: Sequence[object]) -> str:
    """A pydantic error location as the dotted field name errors report (`body.name`, `detail.seq`)."""
    return ".".join(str(part) for part in loc)


def first_error(error: ValidationError) -> tuple[str, str]:
    """(field path, message) of the first problem pydantic found."""
    first = error.errors()[0]
    return field_path(first["loc"]), first["msg"]


class DomainError(Exception):
    """Base of every expected failure; `code` is the stable machine-readable word."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"error": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class Invalid(DomainError):
    """The input is well-formed but not acceptable (names the field)."""

    code = "invalid"


class NotFound(DomainError):
    """No such item in the caller's account (also what another tenant's ids look like)."""

    code = "not_found"

    def __init__(self, kind: str, item_id: str, *, field: str | None = None) -> None:
        super().__init__(f"{kind} {item_id!r} was not found", field=field or f"{kind.replace(' ', '_')}_id")
        self.kind = kind
        self.item_id = item_id


class Conflict(DomainError):
    """The request clashes with existing state (a duplicate, or dependants still present)."""

    code = "conflict"


class PreconditionFailed(DomainError):
    """An optimistic-concurrency check failed: the item changed since the caller read it."""

    code = "precondition_failed"


class Unauthorized(DomainError):
    """No valid identity: the token is missing, expired, or names no known user."""

    code = "unauthorized"


class Forbidden(DomainError):
    """The caller is known but their role may not do this."""

    code = "forbidden"


class RateLimited(DomainError):
    """Too many requests counted against one limit; `retry_after` seconds until its window resets."""

    code = "rate_limited"

    def __init__(self, message: str, *, limit: str, allowed: int, window_seconds: int, retry_after: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.allowed = allowed
        self.window_seconds = window_seconds
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, object]:
        return super().to_dict() | {
            "limit": self.limit,
            "allowed": self.allowed,
            "window_seconds": self.window_seconds,
            "retry_after": self.retry_after,
        }
