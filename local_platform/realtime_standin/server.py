"""The stand-in's WebSocket server: the upgrade checks the provider makes (path, bearer key, model), per-connection
fault selection, and one RealtimeSession per accepted socket. Loopback only.
"""

from __future__ import annotations

import http
import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from local_platform.realtime_standin import server_events as wire
from local_platform.realtime_standin.behaviour import Faults, StandinBehaviour, caller_lines, parse_faults, split_model
from local_platform.realtime_standin.ids import new_id
from local_platform.realtime_standin.session import RealtimeSession
from local_platform.realtime_standin.voice import Synthesizer

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "::1", "localhost")
MAX_MESSAGE_BYTES = 16 * 2**20  # the provider takes appends of up to 15 MiB
REJECTIONS = {  # what the provider says with each refusal
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory", "Access denied."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The server is overloaded or not ready yet."),
}


def _error_response(connection: ServerConnection, status: int, body: dict[str, Any]) -> Response:
    response = connection.respond(status, json.dumps({"error": body}) + "\n")
    response.headers["Content-Type"] = "application/json"
    return response


def _error(status: int, message: str | None = None, code: str | None = None) -> dict[str, Any]:
    kind, default_code, default_message = REJECTIONS.get(
        status, ("invalid_request_error", None, http.HTTPStatus(status).phrase)
    )
    return {"message": message or default_message, "type": kind, "param": None, "code": code or default_code}


@dataclass(frozen=True)
class _Accepted:
    model: str | None
    faults: Faults
    caller_lines: tuple[str, ...]


@dataclass
class RunningStandin:
    """A started stand-in: `url` is what the SDK takes as `websocket_base_url`."""

    host: str
    port: int
    behaviour: StandinBehaviour
    _server: Server = field(repr=False)
    _state: _ServerState = field(repr=False)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}/v1"

    @property
    def active_sessions(self) -> int:
        return self._state.active

    def url_with(self, faults: str = "", caller: tuple[str, ...] | list[str] = ()) -> str:
        """`url` selecting faults and caller lines for the connections made through it."""
        query = {"standin": faults} if faults else {}
        if caller:
            query["caller"] = "|".join(caller)
        return f"{self.url}?{urlencode(query)}" if query else self.url

    async def stop(self) -> None:
        self._server.close()
        await self._server.wait_closed()


class _ServerState:
    def __init__(self, behaviour: StandinBehaviour) -> None:
        self.behaviour = behaviour
        self.synthesizer = Synthesizer(engine=behaviour.voice_engine)
        self.active = 0

    def check(self, connection: ServerConnection, request: Request) -> Response | None:
        """Refuse the upgrade as the provider would (or as the connection's faults ask); None accepts it."""
        url = urlsplit(request.path)
        if not url.path.rstrip("/").endswith("/realtime"):
            return _error_response(connection, 404, _error(404, f"Invalid URL (GET {url.path})"))
        query = parse_qs(url.query)
        model, model_faults = split_model(query["model"][0]) if "model" in query else (None, "")
        try:
            faults = parse_faults(",".join([*query.get("standin", []), model_faults]), self.behaviour.faults)
        except ValueError as error:
            return _error_response(connection, 400, _error(400, str(error), "invalid_standin_fault"))
        if faults.reject_status is not None:
            log.info("stand-in refuses an upgrade with HTTP %d (fault injection)", faults.reject_status)
            return _error_response(connection, faults.reject_status, _error(faults.reject_status))
        scheme, _, key = (request.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() not in ("bearer", "basic") or not key.strip():
            message = "Missing bearer or basic authentication in header"
            return _error_response(connection, 401, _error(401, message, "missing_api_key"))
        if self.active >= self.behaviour.max_connections:
            return _error_response(connection, 503, _error(503))
        lines = caller_lines(query.get("caller", [])) or self.behaviour.caller_lines
        connection.standin_accepted = _Accepted(model, faults, lines)  # read back by handle()
        return None

    async def handle(self, connection: ServerConnection) -> None:
        accepted: _Accepted = connection.standin_accepted
        if not accepted.model:
            message = "You must provide a model parameter, for example wss://…/v1/realtime?model=gpt-realtime"
            body = {"type": "invalid_request_error", "code": "missing_model", "message": message}
            await connection.send(json.dumps({"type": "error", "event_id": new_id("event"), **wire.error(body)}))
            await connection.close(4000, "invalid_request_error.missing_model")
            return
        session = RealtimeSession(
            connection,
            behaviour=self.behaviour,
            faults=accepted.faults,
            caller_lines=accepted.caller_lines,
            model=accepted.model,
            synthesizer=self.synthesizer,
        )
        self.active += 1
        log.info("stand-in session %s opened (model %s, %s)", session.session_id, accepted.model, accepted.faults)
        try:
            await session.run()
        finally:
            self.active -= 1
            log.info("stand-in session %s closed after %d events", session.session_id, session.events_sent)


async def start_standin(
    host: str = "127.0.0.1", port: int = 0, *, behaviour: StandinBehaviour | None = None, reuse_port: bool = False
) -> RunningStandin:
    """Serve the stand-in on loopback (`port` 0 picks a free one) until `stop()`. `reuse_port`: several
    processes serve one port (SO_REUSEPORT, the kernel spreads connections), as a load benchmark does."""
    if host not in LOOPBACK:
        raise ValueError(f"the Realtime stand-in binds to loopback only, not {host!r}")
    behaviour = behaviour or StandinBehaviour()
    state = _ServerState(behaviour)
    server = await serve(
        state.handle,
        host,
        port,
        process_request=state.check,
        compression=None,
        max_size=MAX_MESSAGE_BYTES,
        ping_interval=20,  # the provider pings every ~20 s
        reuse_port=reuse_port,
    )
    bound = next(iter(server.sockets)).getsockname()[1]
    log.info("Realtime stand-in listening on ws://%s:%d/v1 (voice: %s)", host, bound, state.synthesizer.engine)
    return RunningStandin(host, bound, behaviour, server, state)
