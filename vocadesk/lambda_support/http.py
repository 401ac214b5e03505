"""HTTP glue for Powertools resolvers: domain errors -> statuses, one error body shape, the caller.

Every function calls `map_domain_errors(app)` once; no route builds an error body itself. Error bodies
are `{"error": <code>, "message": <text>, "field": <name>}`; validation errors add `fields`.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Depends, Request, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from pydantic import Field

from vocadesk.auth import Caller, caller_from_claims
from vocadesk.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    RateLimited,
    Unauthorized,
    field_path,
)
from vocadesk.lambda_support.observability import count, logger
from vocadesk.models.fields import Model
from vocadesk.storage.repositories import default_repositories

STATUS_OF: dict[type[DomainError], HTTPStatus] = {
    Invalid: HTTPStatus.BAD_REQUEST,
    Unauthorized: HTTPStatus.UNAUTHORIZED,
    Forbidden: HTTPStatus.FORBIDDEN,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    PreconditionFailed: HTTPStatus.PRECONDITION_FAILED,
    RateLimited: HTTPStatus.TOO_MANY_REQUESTS,
}


class ErrorBody(Model):
    """What every error response carries (documents the wire shape; bodies are built by the handlers below)."""

    error: str = Field(description="Stable machine-readable code, e.g. `not_found`, `forbidden`.")
    message: str = Field(description="What went wrong, for people.")
    field: str | None = Field(None, description="The field or id the error is about, when there is one.")


class FieldProblem(Model):
    field: str = Field(description="Where: `body.name`, `query.limit`, `path.agent_id`.")
    message: str
    type: str = Field(description="pydantic's error type, e.g. `string_too_short`.")


class ValidationFailedBody(ErrorBody):
    """A 422: the first problem in `message`/`field`, all of them in `fields`."""

    fields: list[FieldProblem]


def json_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body, headers=headers)


def validation_body(error: RequestValidationError) -> dict[str, Any]:
    """A 422 body naming every bad field (`body.name`, `query.limit`), never Python internals."""
    fields = [
        {"field": field_path(e["loc"]), "message": e.get("msg", e["type"]), "type": e["type"]} for e in error.errors()
    ]
    first = fields[0] if fields else {"field": "body", "message": "invalid request"}
    return {
        "error": "validation_failed",
        "message": f"{first['field']}: {first['message']}",
        "field": first["field"],
        "fields": fields,
    }


def allowed_methods(app: ApiGatewayResolver, path: str) -> list[str]:
    """The methods registered for `path` (sorted), matched the way the resolver itself matches routes.

    Powertools keeps its routes in private lists and answers an unknown method with 404; this is the one
    place that reads them, so a known path with a wrong method can be a 405 with an `Allow` header.
    """
    routes = [*app._static_routes, *app._dynamic_routes]
    return sorted({route.method for route in routes if route.rule.match(path)})


def map_domain_errors(app: ApiGatewayResolver) -> None:
    """Register the one mapping from domain errors (and surprises) to HTTP responses."""

    @app.exception_handler(DomainError)
    def _domain_error(error: DomainError) -> Response:
        status = next((s for kind, s in STATUS_OF.items() if isinstance(error, kind)), HTTPStatus.BAD_REQUEST)
        count(f"Http{status.value // 100}xx")
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimited) else None
        return json_response(status, error.to_dict(), headers)

    @app.exception_handler(RequestValidationError)
    def _validation_error(error: RequestValidationError) -> Response:
        count("Http4xx")
        return json_response(HTTPStatus.UNPROCESSABLE_ENTITY, validation_body(error))

    @app.exception_handler(UnicodeDecodeError)
    def _undecodable_body(_: UnicodeDecodeError) -> Response:
        # Powertools decodes a base64 body as UTF-8 before parsing it; other bytes fail there, not as bad JSON.
        count("Http4xx")
        problem = {"type": "json_invalid", "loc": ("body",), "msg": "body must be UTF-8 encoded JSON"}
        return json_response(HTTPStatus.UNPROCESSABLE_ENTITY, validation_body(RequestValidationError([problem])))

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_content(_: RequestUnsupportedContentType) -> Response:
        return json_response(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            {
                "error": "unsupported_media_type",
                "message": "send JSON (Content-Type: application/json)",
                "field": "content-type",
            },
        )

    @app.exception_handler(ServiceError)
    def _service_error(error: ServiceError) -> Response:
        return json_response(
            error.status_code,
            {"error": HTTPStatus(error.status_code).phrase.lower().replace(" ", "_"), "message": error.msg},
        )

    @app.not_found
    def _not_found(_: NotFoundError) -> Response:
        method = app.current_event.http_method.upper()
        allowed = allowed_methods(app, app.context.get("_path") or app.current_event.path)
        if allowed and method not in allowed:
            count("Http4xx")
            return json_response(
                HTTPStatus.METHOD_NOT_ALLOWED,
                {"error": "method_not_allowed", "message": f"{method} is not allowed here; use {', '.join(allowed)}"},
                headers={"Allow": ", ".join(allowed)},
            )
        return json_response(HTTPStatus.NOT_FOUND, {"error": "not_found", "message": "no such route"})

    @app.exception_handler(Exception)
    def _unexpected(error: Exception) -> Response:
        logger.exception("unhandled error", extra={"error_type": type(error).__name__})
        count("Http5xx")
        return json_response(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "internal", "message": "internal error"})


def current_caller(request: Request) -> Caller:
    """Route dependency: the signed-in caller, from the claims API Gateway's JWT authorizer verified."""
    authorizer = request.resolved_event.raw_event.get("requestContext", {}).get("authorizer") or {}
    claims = (authorizer.get("jwt") or {}).get("claims") or {}
    caller = caller_from_claims(default_repositories().users, claims)
    logger.append_keys(account_id=caller.account_id, user_id=caller.user_id)
    return caller


SignedIn = Annotated[Caller, Depends(current_caller)]
