"""CORS for `POST /embed/token`: which page may read the answer depends on the embed the body names.

A preflight carries no body, so it cannot know the embed: it answers every well-formed origin ("a POST
with `Content-Type` may be sent from here"), and the POST itself decides. Its answer says
`Access-Control-Allow-Origin: <the page>` only once that page's origin was found in the embed's
allowed origins; otherwise the browser sends the request but will not let the page read the answer
(the refusal is still a correct 403 body, for curl and logs). Not Powertools' `CORSConfig`: its
origins are one fixed list for the whole API, where each embed lists its own.

In AWS the HTTP API must have no CORS configuration of its own, so OPTIONS reaches this function.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import Response

from vocadesk.origins import normalise

PREFLIGHT_MAX_AGE_SECONDS = 7200  # the most Chromium caches; the preflight answer never depends on the embed


def preflight(origin: str | None) -> Response[None]:
    """204 for any page: only POST with a JSON body, whichever page asks."""
    headers = {
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "content-type",
        "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS),
        "Vary": "Origin",
    }
    if origin and normalise(origin):
        headers["Access-Control-Allow-Origin"] = origin
    return Response(status_code=HTTPStatus.NO_CONTENT, body=None, headers=headers)


class PageAccess:
    """One request's decision: may the page that sent it read the answer (set once its origin is allowed)."""

    def __init__(self) -> None:
        self.origin: str | None = None

    def allow(self, origin: str) -> None:
        self.origin = origin

    def apply(self, result: dict[str, Any]) -> dict[str, Any]:
        """The Lambda result with `Vary: Origin` always (the headers depend on it) and, for an allowed
        page, the headers that let it read the answer (error answers included: a 429's Retry-After)."""
        headers = result.setdefault("headers", {})
        headers["Vary"] = "Origin"
        if self.origin:
            headers["Access-Control-Allow-Origin"] = self.origin
            headers["Access-Control-Expose-Headers"] = "Retry-After"
        return result
