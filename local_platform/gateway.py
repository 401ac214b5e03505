"""The local gateway: one ASGI app standing in for API Gateway (with its JWT authorizer) and the CDN.

For every route of `functions.api_routes` it checks the Cognito ID token as the authorizer would, builds a
real payload-2.0 event (claims where the authorizer puts them), invokes the same Lambda handler AWS
invokes, and sends back its response. It also serves the dashboard at `/`, the SDK at `/sdk/`,
`POST /auth/signin` (Cognito sign-in, as the dashboard does it) and `GET /healthz`.
"""

from __future__ import annotations

import importlib
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.convertors import PathConvertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from functions.api_routes import API_ROUTES, ApiRoute
from local_platform.apigw_events import HttpRequest, from_result, to_event
from local_platform.identity import CognitoIdentity
from local_platform.lambda_context import LocalLambdaContext
from vocadesk.errors import DomainError, Unauthorized

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
Handler = Callable[[dict[str, Any], Any], Any]


class _ProxyPlus(PathConvertor):
    """API Gateway's `{proxy+}`: the rest of the path, whatever it holds (Starlette's `path` stops at a newline)."""

    regex = r"[\s\S]*"


register_url_convertor("proxy_plus", _ProxyPlus())


DASHBOARD_BUILD = ROOT / "dashboard_static" / "dist"
NOT_BUILT = (
    "<!doctype html><title>Vocadesk</title><h1>The dashboard is not built</h1>"
    "<p><code>make run</code> builds it (npm ci, then vite build into dashboard_static/dist).</p>"
)


class DashboardFiles(StaticFiles):
    """The dashboard as CloudFront serves it: a file when one exists, otherwise `index.html`, so a deep link
    (`/agents/agt_…`) or a reload opens the app at that screen. Missing assets stay 404s."""

    async def get_response(self, path: str, scope: Any) -> Response:
        if not (self.directory and Path(self.directory, "index.html").exists()):
            return HTMLResponse(NOT_BUILT, 503)
        try:
            return await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or path.startswith("assets/") or "." in path.rsplit("/", 1)[-1]:
                raise
        return await super().get_response("index.html", scope)


class CorsStatic:
    """Static files any page may load, as the CDN serves `/sdk/`: browsers fetch the SDK's AudioWorklet
    module in CORS mode, so a customer's page can only load it with `Access-Control-Allow-Origin: *`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def send_shared(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"access-control-allow-origin", b"*")]
            await send(message)

        await self.app(scope, receive, send_shared)


def load_handler(dotted: str) -> Handler:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def one_at_a_time(handler: Handler) -> Handler:
    """The handler as one Lambda execution environment runs it: one invocation at a time. Handlers may keep
    per-request state in module globals (Powertools' resolver does: the matched route, read again to validate
    the response), so two requests on two threads of the gateway must not interleave in one handler."""
    lock = threading.Lock()

    def invoke(event: dict[str, Any], context: Any) -> Any:
        with lock:
            return handler(event, context)

    return invoke


def _proxy_endpoint(route: ApiRoute, identity: CognitoIdentity, handler: Handler) -> Callable[[Request], Any]:

    async def endpoint(request: Request) -> Response:
        claims = None
        if route.authorized:
            try:
                claims = await run_in_threadpool(identity.verify, request.headers.get("authorization"))
            except Unauthorized:
                # API Gateway's own answer when its JWT authorizer refuses a request.
                return JSONResponse(
                    {"message": "Unauthorized"},
                    status_code=401,
                    headers={"www-authenticate": 'Bearer error="invalid_token"'},
                )
        body = await request.body()
        event = to_event(
            HttpRequest(
                method=request.method,
                path=request.url.path,
                raw_query=request.url.query,
                headers=request.headers.items(),
                body=body,
                source_ip=request.client.host if request.client else "127.0.0.1",
                host=request.headers.get("host", "127.0.0.1"),
                proxy_path=request.path_params.get("proxy", ""),
                route_key=route.route_key,
                claims=claims,
            )
        )
        context = LocalLambdaContext(function_name=f"vocadesk-{route.function}")
        try:
            result = await run_in_threadpool(handler, event, context)
        except Exception:
            log.exception("function %s failed", route.function)
            # What API Gateway answers when the integration itself fails.
            return JSONResponse({"message": "Internal Server Error"}, status_code=500)
        response = from_result(result)
        reply = Response(response.body, status_code=response.status)  # sets content-length only
        reply.raw_headers += [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in response.headers
            if name != "content-length"
        ]
        return reply

    return endpoint


def create_gateway(
    identity: CognitoIdentity,
    *,
    health: Callable[[], dict[str, Any]] | None = None,
    lifespan: Any = None,
    dashboard_config: dict[str, Any] | None = None,
    dashboard_directory: Path = DASHBOARD_BUILD,
) -> Starlette:
    """`dashboard_config` is the dashboard's `/config.json` (how to sign in, where the voice runtime is), as
    the CDK stack writes it next to the dashboard in AWS."""
    config = dashboard_config or {"auth": {"mode": "password"}}

    async def signin(request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError:
            return JSONResponse({"error": "invalid", "message": "body must be JSON", "field": "body"}, 400)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("email", "password")):
            return JSONResponse(
                {
                    "error": "invalid",
                    "message": "email and password are required",
                    "field": "email" if not isinstance(body, dict) or "email" not in body else "password",
                },
                400,
            )
        new_password = body.get("new_password")
        if new_password is not None and not isinstance(new_password, str):
            return JSONResponse({"error": "invalid", "message": "must be a string", "field": "new_password"}, 400)
        try:
            tokens = await run_in_threadpool(identity.sign_in, body["email"], body["password"], new_password)
        except DomainError as error:
            return JSONResponse(error.to_dict(), 401 if isinstance(error, Unauthorized) else 400)
        return JSONResponse(tokens)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", **(health() if health else {})})

    async def config_json(_: Request) -> Response:
        return JSONResponse(config, headers={"cache-control": "no-cache"})

    routes: list[Any] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/config.json", config_json, methods=["GET"]),
        Route("/auth/signin", signin, methods=["POST"]),
    ]
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
    functions: dict[str, Handler] = {}  # one environment per function, whichever of its paths is asked
    for api_route in API_ROUTES:
        if api_route.function not in functions:
            functions[api_route.function] = one_at_a_time(load_handler(api_route.handler))
        endpoint = _proxy_endpoint(api_route, identity, functions[api_route.function])
        routes.append(Route(f"{api_route.prefix}/{{proxy:proxy_plus}}", endpoint, methods=methods))
        routes.append(Route(api_route.prefix, endpoint, methods=methods))
    routes.append(Mount("/sdk", CorsStatic(StaticFiles(directory=ROOT / "sdk", check_dir=False)), name="sdk"))
    routes.append(
        Mount("/", DashboardFiles(directory=dashboard_directory, html=True, check_dir=False), name="dashboard")
    )
    return Starlette(routes=routes, lifespan=lifespan)
