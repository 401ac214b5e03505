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

from vocadesk.auth import Caller, caller_from_claims
from vocadesk.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    Unauthorized,
    field_path,
)
from vocadesk.lambda_support.observability import count, logger
from vocadesk.storage.repositories import default_repositories

STATUS_OF: dict[type[DomainError], HTTPStatus] = {
    Invalid: HTTPStatus.BAD_REQUEST,
    Unauthorized: HTTPStatus.UNAUTHORIZED,
    Forbidden: HTTPStatus.FORBIDDEN,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    PreconditionFailed: HTTPStatus.PRECONDITION_FAILED,
}


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


def map_domain_errors(app: ApiGatewayResolver) -> None:
    """Register the one mapping from domain errors (and surprises) to HTTP responses."""

    @app.exception_handler(DomainError)
    def _domain_error(error: DomainError) -> Response:
        status = next((s for kind, s in STATUS_OF.items() if isinstance(error, kind)), HTTPStatus.BAD_REQUEST)
        count(f"Http{status.value // 100}xx")
        return json_response(status, error.to_dict())

    @app.exception_handler(RequestValidationError)
    def _validation_error(error: RequestValidationError) -> Response:
        count("Http4xx")
        return json_response(HTTPStatus.UNPROCESSABLE_ENTITY, validation_body(error))

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
