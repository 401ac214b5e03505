"""The Management API's OpenAPI 3.1 document, generated from its routes and models by Powertools.

Built on the first request for it, never at import (cold start). `make openapi` writes it to
docs/openapi.json through `python -m functions.management.openapi --output docs/openapi.json`.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver

TITLE = "Vocadesk Management API"
VERSION = "1.0.0"  # the API's, not the package's: its paths live under /v1
DESCRIPTION = (
    "What the Vocadesk dashboard reads and changes for an agency's account. "
    "Every request carries `Authorization: Bearer <id token>` "
    "(API Gateway's JWT authorizer checks it). Errors are JSON: `{error, message, field?}`."
)
SPEC_PATH = "/v1/openapi.json"
SECURITY_SCHEME = "bearer"
REF = "#/components/schemas/{model}"
# API Gateway answers a missing or bad token itself, before our handler runs, with this body.
GATEWAY_UNAUTHORIZED = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}, "error": {"type": "string"}},
}


def serve(app: ApiGatewayResolver, path: str = SPEC_PATH) -> None:
    """Add `GET <path>` answering with the document, built once on the first request."""

    @app.get(path, summary="This OpenAPI document")
    def openapi_document() -> dict[str, Any]:
        return _cached(app)


def document(app: ApiGatewayResolver) -> dict[str, Any]:
    """The document for every route `app` has registered, with our error bodies instead of Powertools' ones."""
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, Server

    spec = json.loads(
        app.get_openapi_json_schema(
            title=TITLE,
            version=VERSION,
            description=DESCRIPTION,
            servers=[Server(url="/")],
            security_schemes={SECURITY_SCHEME: HTTPBearer(bearerFormat="JWT")},
            security=[{SECURITY_SCHEME: []}],
        )
    )
    _document_error_bodies(spec)
    _no_content_has_no_body(spec)
    return spec


def _no_content_has_no_body(spec: dict[str, Any]) -> None:
    """A 204 carries no body (RFC 9110); Powertools would describe one from the handler's `Response[None]`."""
    for operations in spec["paths"].values():
        for operation in operations.values():
            no_content = operation.get("responses", {}).get("204")
            if no_content is not None:
                no_content.pop("content", None)
                no_content["description"] = "Done; no body"


_cached = functools.cache(document)


def render(app: ApiGatewayResolver) -> str:
    """The document as committed in docs/openapi.json: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document(app), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _document_error_bodies(spec: dict[str, Any]) -> None:
    """Describe the bodies `map_domain_errors` really sends (Powertools documents FastAPI's `{detail}` 422)."""
    from pydantic.json_schema import models_json_schema

    from vocadesk.lambda_support.http import ErrorBody, ValidationFailedBody

    refs, defs = models_json_schema(
        [(ErrorBody, "serialization"), (ValidationFailedBody, "serialization")], ref_template=REF
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    clashes = set(defs["$defs"]) & set(schemas)
    if clashes:
        raise ValueError(f"models named like the error bodies: {sorted(clashes)}")
    schemas.update(defs["$defs"])

    def reply(description: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    for operation in _operations(spec):
        responses = operation.setdefault("responses", {})
        if "422" in responses:
            responses["422"] = reply("Validation failed", refs[(ValidationFailedBody, "serialization")])
        responses.setdefault(
            "401", reply("Missing, invalid or expired token, or an unknown user", GATEWAY_UNAUTHORIZED)
        )
        responses.setdefault("4XX", reply("Client error", refs[(ErrorBody, "serialization")]))
        responses.setdefault("500", reply("Unexpected failure (no details)", refs[(ErrorBody, "serialization")]))

    for powertools_own in ("HTTPValidationError", "ResponseValidationError", "ValidationError"):  # users first
        if powertools_own in schemas and f'"{REF.format(model=powertools_own)}"' not in json.dumps(spec):
            del schemas[powertools_own]


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [op for item in spec.get("paths", {}).values() for method, op in item.items() if method in methods]


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m functions.management.openapi", description=__doc__)
    parser.add_argument("--output", type=Path, help="write here (default: standard output)")
    args = parser.parse_args(argv)

    from functions.management.handler import app

    text = render(app)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
