"""`GET /healthz` for the load balancer (503 while draining, so no new calls arrive) and `GET /metrics`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from voice_container.metrics import METRICS

if TYPE_CHECKING:
    from starlette.requests import Request

    from voice_container.runtime import VoiceRuntime


async def healthz(request: Request) -> Response:
    runtime: VoiceRuntime = request.app.state.runtime
    health = runtime.health()
    return JSONResponse(health, status_code=503 if runtime.draining else 200)


async def metrics(request: Request) -> Response:
    runtime: VoiceRuntime = request.app.state.runtime
    return PlainTextResponse(METRICS.prometheus(runtime.queue_depths()), media_type="text/plain; version=0.0.4")


ROUTES = [Route("/healthz", healthz, methods=["GET"]), Route("/metrics", metrics, methods=["GET"])]
