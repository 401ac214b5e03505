"""Management API entry point: wires routers, error mapping and observability; nothing else."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions.management import openapi
from functions.management.routes import agents, calls, clients, embeds, me, phone_numbers, usage, users
from vocadesk.lambda_support.http import map_domain_errors
from vocadesk.lambda_support.observability import count, logger, metrics, tracer

app = APIGatewayHttpResolver(enable_validation=True)
app.include_router(me.router, prefix="/v1/me")
app.include_router(clients.router, prefix="/v1/clients")
app.include_router(agents.router, prefix="/v1/agents")
app.include_router(calls.router, prefix="/v1/calls")
app.include_router(embeds.router, prefix="/v1/embeds")
app.include_router(phone_numbers.router, prefix="/v1/phone-numbers")
app.include_router(users.router, prefix="/v1/users")
app.include_router(usage.router, prefix="/v1/usage")
openapi.serve(app, "/v1/openapi.json")
map_domain_errors(app)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    count("Requests")
    return app.resolve(event, context)
