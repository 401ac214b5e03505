"""ETag / If-Match for versioned resources: reads return the version as an ETag, updates may send it back."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Annotated, TypeVar

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Header

from vocadesk.errors import Invalid
from vocadesk.models.fields import Versioned

V = TypeVar("V", bound=Versioned)

IfMatch = Annotated[
    str | None,
    Header(alias="if-match", max_length=64, description='ETag of the version read, e.g. "3"; 412 if it changed.'),
]


def with_etag(entity: V, status: int = HTTPStatus.OK) -> Response[V]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=entity,
        headers={"ETag": f'"{entity.version}"'},
    )


def version_of(if_match: str | None) -> int | None:
    """`If-Match: "3"` (or W/"3") -> 3; absent -> None; anything else is a clear 400."""
    if if_match is None:
        return None
    match = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', if_match)
    if not match:
        raise Invalid('If-Match must be an ETag this API returned, e.g. "3"', field="If-Match")
    return int(match.group(1))


def no_content() -> Response[None]:
    return Response(status_code=HTTPStatus.NO_CONTENT, body=None)
