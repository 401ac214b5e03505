"""The voice runtime's ASGI app: routes, and the publisher running for as long as the app does."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from vocadesk import aws_clients
from vocadesk.settings import Settings
from vocadesk.storage.repositories import default_repositories
from voice_container.adapters.event_publisher import EventPublisher
from voice_container.adapters.realtime_client import RealtimeProvider
from voice_container.metrics import report_active_calls
from voice_container.routes import health, twilio, web
from voice_container.runtime import VoiceRuntime

AWS_SERVICES = ("dynamodb", "events", "s3")  # routing lookups, call events, recordings


def build_runtime(settings: Settings) -> VoiceRuntime:
    provider = RealtimeProvider(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.realtime_url,
        model=settings.realtime_model,
    )
    publisher = EventPublisher(settings.event_bus_name, lambda: aws_clients.client("events"))
    return VoiceRuntime(settings, default_repositories(), provider, publisher)


def create_app(runtime: VoiceRuntime) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        runtime.provider.warm_up()
        # The AWS clients the calls use, built now rather than by the first calls (in a worker thread, holding
        # the GIL for ~140 ms) and before the freeze: their service models are ~57k objects.
        for service in AWS_SERVICES:
            aws_clients.client(service)
        # ~190k long-lived objects after start-up: out of the GC's way, or every full collection pauses all
        # calls for ~70 ms+ (measured by benchmarks/voice_load.py).
        gc.collect()
        gc.freeze()
        publishing = asyncio.create_task(runtime.publisher.run(), name="event-publisher")
        reporting = asyncio.create_task(report_active_calls(runtime.settings.stage), name="active-calls-metric")
        try:
            yield
        finally:
            await runtime.drain(timeout=0)  # normally already drained on SIGTERM; flushes events either way
            publishing.cancel()
            reporting.cancel()

    app = Starlette(routes=[*twilio.ROUTES, *web.ROUTES, *health.ROUTES], lifespan=lifespan)
    app.state.runtime = runtime
    return app
