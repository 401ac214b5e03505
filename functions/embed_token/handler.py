"""Embed gateway entry point: `POST /embed/token` (a customer's page asks to start a web call), its CORS
preflight, and `GET /embed/config` (the button's look). Public: no authorizer; the embed's allowed
origins and the abuse limits guard it."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions.embed_token.cors import PageAccess, preflight
from vocadesk import embed_tokens
from vocadesk.call_tickets import CallTicket
from vocadesk.embed_tokens import EmbedLook, EmbedTokenRequest
from vocadesk.lambda_support.http import map_domain_errors
from vocadesk.lambda_support.observability import count, logger, metrics, tracer
from vocadesk.storage.repositories import default_repositories

CONFIG_MAX_AGE_SECONDS = 60  # a restyled or disabled button shows within a minute

app = APIGatewayHttpResolver(enable_validation=True)
map_domain_errors(app)


@app.route("/embed/token", method="OPTIONS")
def token_preflight() -> Response[None]:
    return preflight(app.current_event.headers.get("origin"))


@app.post("/embed/token")
def embed_token(request: EmbedTokenRequest) -> Response[CallTicket]:
    event = app.current_event
    origin = event.headers.get("origin")
    repos = default_repositories()
    embed = embed_tokens.embed_for_page(repos, request.embed_id, origin)
    logger.append_keys(account_id=embed.account_id, embed_id=embed.id)
    app.context["page_access"].allow(origin)
    ticket = embed_tokens.issue(repos, embed, origin=origin, source_ip=event.request_context.http.source_ip)
    count("EmbedTokensIssued")
    return Response(status_code=HTTPStatus.CREATED, content_type=content_types.APPLICATION_JSON, body=ticket)


@app.get("/embed/config")
def embed_config(embed_id: Annotated[str, Query(min_length=1, max_length=64)]) -> Response[EmbedLook]:
    """The button's look, for a page that renders it before any call (a simple GET: no preflight)."""
    origin = app.current_event.headers.get("origin")
    embed = embed_tokens.embed_for_page(default_repositories(), embed_id, origin)
    app.context["page_access"].allow(origin)
    return Response(
        status_code=HTTPStatus.OK,
        content_type=content_types.APPLICATION_JSON,
        body=embed_tokens.look(embed),
        headers={"Cache-Control": f"max-age={CONFIG_MAX_AGE_SECONDS}"},
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    count("Requests")
    access = PageAccess()
    app.append_context(page_access=access)  # resolve() clears the context when done
    return access.apply(app.resolve(event, context))
