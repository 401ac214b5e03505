"""`make run`: start the emulator, provision and seed it, deliver bus events to ingest, serve the gateway.

Everything binds to loopback. Ctrl-C (or SIGTERM) stops the gateway, then delivery, then the emulator.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import sys
import time
import warnings
from collections.abc import AsyncIterator

from local_platform.voice import DEMO_NUMBER, VoiceServices
from vocadesk.settings import Settings, get_settings

log = logging.getLogger("local_platform")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class StartupError(Exception):
    """A problem the person running `make run` can fix; printed without a traceback."""


def bind(host: str, port: int, what: str) -> socket.socket:
    if host not in LOOPBACK:
        raise StartupError(f"{what} must bind to loopback only, not {host!r}")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise StartupError(
            f"{what} cannot use {host}:{port} ({error.strerror}). Is another `make run` still going? "
            f"Stop it, or pick another port with VOCADESK_{what.upper().replace(' ', '_')}_PORT=…"
        ) from error
    return sock


def free_port(host: str, port: int, what: str) -> int:
    """Check `port` is free (or pick one for 0) for a server that binds it itself."""
    sock = bind(host, port, what)
    chosen = sock.getsockname()[1]
    sock.close()
    return chosen


def banner(settings: Settings, url: str, emulator_url: str, voice: VoiceServices) -> str:
    return "\n".join(
        [
            "",
            f"  Vocadesk is running locally (stage {settings.stage}).",
            "",
            f"  Open           {url}/   (the dashboard: sign in, then follow Getting started)",
            f"  API            {url}/v1/…   (Bearer token from POST {url}/auth/signin)",
            f"  Sign in        {settings.demo_email} / {settings.demo_password.get_secret_value()}",
            f"  Invited users  first sign in with {settings.invite_temporary_password.get_secret_value()}"
            " (and a new_password of their own)",
            f"  AWS emulator   {emulator_url}   (moto; AWS_ENDPOINT_URL={emulator_url})",
            f"  Call events    bus {settings.event_bus_name} -> queue {settings.ingest_queue_name} -> event_ingest",
            "  Send a call    .venv/bin/python -m local_platform.send_event --conversation",
            f"  Voice runtime  {voice.voice_url}   (Twilio webhook /twilio/voice; AI: {voice.realtime_url})",
            f"  Phone call     make call   (a simulated Twilio caller dials the demo number {DEMO_NUMBER})",
            f"  Web call       {url}/sdk/demo.html   (the demo agent's call button in a page; allow the microphone)",
            "",
            "  Press Ctrl-C to stop.",
            "",
        ]
    )


def run(settings: Settings) -> None:
    started = time.monotonic()
    gateway_socket = bind(settings.gateway_host, settings.gateway_port, "gateway")
    emulator_port = free_port(settings.gateway_host, settings.emulator_port, "emulator")
    voice = VoiceServices(
        host=settings.gateway_host,
        voice_port=free_port(settings.gateway_host, settings.voice_port, "voice"),
        standin_port=free_port(settings.gateway_host, settings.standin_port, "standin"),
        openai_key=settings.openai_api_key.get_secret_value(),
    )
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "vocadesk")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")  # EMF blobs would drown the logs locally
    warnings.filterwarnings("ignore", "No application metrics to publish", UserWarning)
    host, port = gateway_socket.getsockname()[:2]
    os.environ.setdefault("VOCADESK_PUBLIC_URL", f"http://{host}:{port}")  # embed snippets point here
    if not os.environ.get("VOCADESK_CALL_TOKEN_KEYS"):
        # One key for this run, set before the voice runtime starts (it copies the environment): the embed
        # gateway and the Management API sign web and test call tokens with it, the runtime checks them.
        os.environ["VOCADESK_CALL_TOKEN_KEYS"] = f"local:{secrets.token_urlsafe(32)}"
    if not os.environ.get("VOCADESK_VOICE_PUBLIC_WS_URL"):
        os.environ["VOCADESK_VOICE_PUBLIC_WS_URL"] = f"ws://{voice.host}:{voice.voice_port}/web"  # for browsers
    get_settings.cache_clear()

    import boto3
    import uvicorn

    from local_platform.emulator import Emulator
    from local_platform.event_delivery import QueueDelivery
    from local_platform.gateway import create_gateway, load_handler
    from local_platform.identity import CognitoIdentity
    from local_platform.provision import LOCAL_INVITE_PASSWORD, provision, seed_demo
    from vocadesk.directory import default_directory
    from vocadesk.storage.repositories import default_repositories

    emulator = Emulator(settings.gateway_host, emulator_port)
    emulator.start()
    delivery = None
    try:
        session = boto3.session.Session()
        resources = provision(settings, session)
        # What the CDK stack sets in AWS: the ids of the pool just created, and (locally only) a known
        # temporary password so invited users can sign in without email.
        os.environ.update(resources.user_pool.settings_environment())
        os.environ.setdefault("VOCADESK_INVITE_TEMPORARY_PASSWORD", LOCAL_INVITE_PASSWORD)
        get_settings.cache_clear()
        settings = get_settings()
        seed_demo(default_repositories(), default_directory(), settings)
        identity = CognitoIdentity(user_pool_id=resources.user_pool.id, client_id=resources.user_pool.client_id)
        delivery = QueueDelivery(
            session.client("sqs"), resources.queue_url, load_handler("functions.event_ingest.handler.lambda_handler")
        )
        delivery.start()
        voice.start()

        url = f"http://{host}:{port}"

        @contextlib.asynccontextmanager
        async def announce(_: object) -> AsyncIterator[None]:
            print(banner(settings, url, emulator.endpoint_url, voice), flush=True)
            log.info("ready in %.1f s", time.monotonic() - started)
            yield

        app = create_gateway(
            identity,
            health=lambda: {"events_delivered": delivery.delivered},
            lifespan=announce,
            dashboard_config={
                "auth": {
                    "mode": "password",
                    "demo": {"email": settings.demo_email, "password": settings.demo_password.get_secret_value()},
                    "invite_password": os.environ["VOCADESK_INVITE_TEMPORARY_PASSWORD"],
                }
            },
        )
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
        server.run(sockets=[gateway_socket])
    finally:
        voice.stop()
        if delivery:
            delivery.stop()
        emulator.stop()
        gateway_socket.close()
        print("Vocadesk stopped.", flush=True)


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s", datefmt="%H:%M:%S"
    )
    for noisy in ("werkzeug", "botocore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        run(get_settings())
    except StartupError as error:
        print(f"vocadesk: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
