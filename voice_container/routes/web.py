"""`WS /web`: the socket of a web (embed) or test (dashboard) call, authenticated by the call token in its
first message and by its `Origin` header; the protocol is `docs/web-call-protocol.md`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import WebSocketRoute

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

    from voice_container.runtime import VoiceRuntime


async def browser_call(websocket: WebSocket) -> None:
    runtime: VoiceRuntime = websocket.app.state.runtime
    await websocket.accept()
    await runtime.run_web_call(websocket)


ROUTES = [WebSocketRoute("/web", browser_call)]
