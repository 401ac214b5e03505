"""A stand-in for the embed gateway and the voice runtime's `WS /web`, for driving the SDK in a real browser.

It speaks `docs/web-call-protocol.md` from the server side, and nothing else: `POST /embed/token` with the
embed gateway's CORS (a refused page cannot read the answer), `GET /embed/config` (the button's look),
and `/web` (start -> ready, then whatever the test sends). It also serves `sdk/` and the test pages.
Pages are served as the customer's site, `http://localhost:PORT`; the SDK, the API and the runtime as
`http://127.0.0.1:PORT`, another origin, so every request the SDK makes is cross-origin as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import math
import queue
import secrets
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from local_platform.gateway import CorsStatic

SDK_DIR = Path(__file__).resolve().parents[2] / "sdk"
RATE = 24_000


@dataclass
class FakeEmbed:
    allowed_origins: list[str]
    button: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None  # a runtime error code sent instead of `ready`
    readable_refusal: bool = False  # the 403 carries CORS headers (the gateway's doesn't)
    enabled: bool = True


def tone(ms: int, *, freq: float = 440.0, amplitude: float = 0.3) -> bytes:
    """PCM16 24 kHz mono: a sine of `ms` milliseconds."""
    count = RATE * ms // 1000
    peak = int(32767 * amplitude)
    return struct.pack(f"<{count}h", *(int(peak * math.sin(2 * math.pi * freq * i / RATE)) for i in range(count)))


def wav(path: Path, *, seconds: float = 2.0, rate: int = 48_000, freq: float = 330.0, peak: int = 9000) -> Path:
    """A mono PCM16 WAV for Chromium's fake microphone (it loops it); `peak=0` is a quiet room."""
    count = int(rate * seconds)
    data = struct.pack(f"<{count}h", *(int(peak * math.sin(2 * math.pi * freq * i / rate)) for i in range(count)))
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) + b"data" + struct.pack("<I", len(data))
    path.write_bytes(header + data)
    return path


class FakeSocket:
    """One browser call on `/web`, as the test sees it: what arrived, and a way to send."""

    def __init__(self, ws: WebSocket, loop: asyncio.AbstractEventLoop, start: Any) -> None:
        self._ws = ws
        self._loop = loop
        self.origin = ws.headers.get("origin")
        self.start = start
        self.received: list[dict | bytes] = []  # JSON messages and binary frames, in order
        self.arrivals: list[tuple[float, dict]] = []  # JSON messages with their monotonic arrival time
        self.closed = threading.Event()

    def send(self, message: dict | bytes) -> float:
        """Send now (from the test's thread); returns the monotonic time it was handed to the socket."""
        coro = self._ws.send_bytes(message) if isinstance(message, bytes) else self._ws.send_text(json.dumps(message))
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(5)
        return time.monotonic()

    def send_audio(self, ms: int, *, frame_ms: int = 100) -> float:
        """`ms` of agent audio in frames of `frame_ms`, as fast as the socket takes them (as the runtime
        relays the provider's deltas); returns when the last frame was sent."""
        audio = tone(ms)
        step = RATE * 2 * frame_ms // 1000
        sent = 0.0
        for offset in range(0, len(audio), step):
            sent = self.send(audio[offset : offset + step])
        return sent

    def messages(self) -> list[dict]:
        return [m for m in list(self.received) if isinstance(m, dict)]

    def frames(self) -> list[bytes]:
        return [m for m in list(self.received) if isinstance(m, bytes)]

    def wait_for(self, predicate: Callable[[dict], bool], *, timeout: float = 5.0) -> tuple[float, dict]:
        """The first JSON message matching, with its arrival time; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for arrived, message in list(self.arrivals):
                if predicate(message):
                    return arrived, message
            time.sleep(0.01)
        raise AssertionError(f"no matching message in {timeout} s; got {self.messages()}")

    def wait_frames(self, count: int, *, timeout: float = 5.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while len(self.frames()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.frames())} audio frames in {timeout} s")
            time.sleep(0.01)
        return self.frames()


class FakePlatform:
    """Token endpoint, runtime, SDK and pages on one loopback port; see the module docstring."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.site = f"http://localhost:{self.port}"  # the customer's pages
        self.cdn = f"http://127.0.0.1:{self.port}"  # the SDK, the API and the runtime
        self.runtime_url = f"ws://127.0.0.1:{self.port}/web"
        self.embeds = {
            "emb_demo": FakeEmbed(
                [self.site],
                {
                    "label": "Call Bright Smile",
                    "background": "#0a7d44",
                    "foreground": "#fffbe6",
                    "position": "bottom-left",
                },
            ),
            "emb_busy": FakeEmbed([self.site], refusal="busy"),
            "emb_off": FakeEmbed([self.site], enabled=False),
            "emb_elsewhere": FakeEmbed(["https://shop.example.com"]),
            "emb_elsewhere_readable": FakeEmbed(["https://shop.example.com"], readable_refusal=True),
        }
        self.token_requests: list[dict] = []  # {"origin", "body", "status"} per POST /embed/token
        self.config_reads: list[str] = []
        self.sockets: queue.Queue[FakeSocket] = queue.Queue()
        self.connections = 0  # sockets ever opened on /web
        self._tokens: dict[str, tuple[str, str]] = {}  # token -> (embed id, origin), single use
        self._server = uvicorn.Server(uvicorn.Config(self._app(), log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    # -- control from the test ------------------------------------------------------------------
    def start(self) -> FakePlatform:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake platform did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()

    def mint(self, embed_id: str = "emb_demo", *, origin: str | None = None) -> str:
        """A token as the dashboard's test-call endpoint would hand it over."""
        token = secrets.token_urlsafe(16)
        self._tokens[token] = (embed_id, origin or self.site)
        return token

    def next_socket(self, timeout: float = 10.0) -> FakeSocket:
        return self.sockets.get(timeout=timeout)

    def page(self, name: str, **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{self.site}/site/{name}" + (f"?{query}" if query else "")

    # -- the server ------------------------------------------------------------------------------
    def _cors(self, request: Request, embed: FakeEmbed | None) -> dict[str, str]:
        origin = request.headers.get("origin")
        if origin and embed and (origin in embed.allowed_origins or embed.readable_refusal):
            return {"access-control-allow-origin": origin, "vary": "Origin"}
        return {"vary": "Origin"}

    def _app(self) -> Starlette:
        async def token(request: Request) -> Response:
            if request.method == "OPTIONS":  # the gateway's preflight: any page may send the POST
                return Response(
                    status_code=204,
                    headers={
                        "access-control-allow-origin": request.headers.get("origin", "*"),
                        "access-control-allow-methods": "POST",
                        "access-control-allow-headers": "content-type",
                        "vary": "Origin",
                    },
                )
            if request.method == "HEAD":
                return Response(status_code=405)
            body = json.loads(await request.body() or b"{}")
            origin = request.headers.get("origin")
            embed = self.embeds.get(body.get("embed_id"))
            record = {"origin": origin, "path": request.url.path, "body": body}
            self.token_requests.append(record)
            if embed is None:
                record["status"] = 404
                return JSONResponse({"error": "not_found", "message": "no such embed"}, 404, headers={"vary": "Origin"})
            if origin not in embed.allowed_origins:
                record["status"] = 403
                answer = {"error": "origin_not_allowed", "message": "not allowed", "field": "origin"}
                return JSONResponse(answer, 403, headers=self._cors(request, embed))
            if not embed.enabled:
                record["status"] = 403
                answer = {"error": "embed_disabled", "message": "switched off", "field": "embed_id"}
                return JSONResponse(answer, 403, headers=self._cors(request, embed))
            record["status"] = 201
            minted = self.mint(body["embed_id"], origin=origin)
            ticket = {
                "token": minted,
                "expires_at": "2099-01-01T00:00:00Z",
                "runtime_url": self.runtime_url,
                "channel": "web",
                "button": embed.button,
                "agent_name": "Front desk",
            }
            return JSONResponse(ticket, 201, headers=self._cors(request, embed))

        async def config(request: Request) -> Response:
            embed_id = request.query_params.get("embed_id", "")
            self.config_reads.append(embed_id)
            embed = self.embeds.get(embed_id)
            origin = request.headers.get("origin")  # absent on a same-origin GET: refused, as the gateway does
            if embed is None or origin not in embed.allowed_origins:
                return JSONResponse({"error": "not_found"}, 404, headers={"vary": "Origin"})
            look = {"button": embed.button, "enabled": embed.enabled}
            return JSONResponse(look, headers=self._cors(request, embed) | {"cache-control": "max-age=60"})

        async def web(ws: WebSocket) -> None:
            self.connections += 1
            await ws.accept()
            loop = asyncio.get_running_loop()
            try:
                start = json.loads(await asyncio.wait_for(ws.receive_text(), 5))
            except (TimeoutError, WebSocketDisconnect, ValueError):
                await _refuse(ws, "timeout")
                return
            call = FakeSocket(ws, loop, start)
            self.sockets.put(call)
            granted = self._tokens.pop(start.get("token", ""), None) if start.get("type") == "start" else None
            code = None
            if granted is None:
                code = "token_invalid"
            elif call.origin != granted[1]:
                code = "origin_not_allowed"
            else:
                code = self.embeds[granted[0]].refusal if granted[0] in self.embeds else None
            if code:
                await _refuse(ws, code)
                call.closed.set()
                return
            channel = "test" if granted[0] == "test" else "web"
            await ws.send_text(
                json.dumps({"type": "ready", "call_id": "call_fake", "sample_rate": RATE, "channel": channel})
            )
            try:
                while True:
                    message = await ws.receive()
                    if message["type"] == "websocket.disconnect":
                        break
                    if message.get("bytes") is not None:
                        call.received.append(message["bytes"])
                        continue
                    decoded = json.loads(message["text"])
                    call.received.append(decoded)
                    call.arrivals.append((time.monotonic(), decoded))
                    if decoded.get("type") == "hangup":
                        with contextlib.suppress(Exception):
                            await ws.send_text(json.dumps({"type": "ended", "reason": "caller_hangup"}))
                            await ws.close(1000)
                        break
            except (WebSocketDisconnect, RuntimeError):
                pass
            finally:
                call.closed.set()

        async def site(request: Request) -> Response:
            return self._site(request.path_params["name"], request.query_params)

        return Starlette(
            routes=[
                Route("/embed/token", token, methods=["POST", "OPTIONS", "HEAD"]),
                Route("/embed/config", config, methods=["GET"]),
                # The same API behind a path prefix (an API Gateway stage), for `data-api`.
                Route("/stage/embed/token", token, methods=["POST", "OPTIONS", "HEAD"]),
                Route("/stage/embed/config", config, methods=["GET"]),
                WebSocketRoute("/web", web),
                Route("/site/{name}", site),
                Mount("/sdk", CorsStatic(StaticFiles(directory=SDK_DIR))),  # as the CDN (and `make run`) serve it
            ]
        )

    def _site(self, name: str, params: Any) -> Response:
        embed = html.escape(params.get("embed", "emb_demo"))
        api = f' data-api="{html.escape(params["api"])}"' if "api" in params else ""
        tag = f'<script src="{self.cdn}/sdk/vocadesk.js" data-embed="{embed}"{api} async></script>'
        plain = f'<script src="{self.cdn}/sdk/vocadesk.js" async></script>'
        # The customer's own CSS, aimed at buttons: it must not reach the ones in the shadow root.
        hostile = "<style>button{background:#ff0000!important;color:#000!important;font-size:40px!important}</style>"
        bodies = {
            "floating": f"{hostile}<h1>Bright Smile Dental</h1>{tag}",
            "twice": f"<h1>Twice</h1>{tag}{tag}",
            "inline": f'<h1>Inline</h1><p id="here">Talk to us: <vocadesk-call-button embed="{embed}">'
            f"</vocadesk-call-button></p>{plain}",
            "api": f"<h1>Own button</h1>{plain}",
            "strict": f"<h1>Strict CSP</h1>{tag}",
        }
        headers = {}
        if name == "strict":
            # Exactly the entries sdk/README.md documents, and nothing else.
            runtime = self.runtime_url.removesuffix("/web")
            headers["content-security-policy"] = (
                f"default-src 'none'; script-src {self.cdn}; connect-src {self.cdn} {runtime}"
            )
        head = f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{name}</title></head>"
        page = f"{head}<body>{bodies[name]}</body></html>"
        return HTMLResponse(page, headers=headers)


async def _refuse(ws: WebSocket, code: str) -> None:
    with contextlib.suppress(Exception):
        await ws.send_text(json.dumps({"type": "error", "code": code, "message": f"refused: {code}"}))
        await ws.close(1008)


@contextlib.contextmanager
def running() -> Iterator[FakePlatform]:
    platform = FakePlatform().start()
    try:
        yield platform
    finally:
        platform.stop()
