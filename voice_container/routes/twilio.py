"""Twilio's routes: the incoming-call webhook, the media socket, the stream's end, status callbacks and transfers.

Every HTTP route first checks `X-Twilio-Signature` against the public URL Twilio used (403 otherwise,
and nothing else happens). The media socket is authenticated by the one-time token the webhook put in
its `<Parameter>`s instead, since Twilio does not sign the WebSocket frames.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from voice_container.adapters.twilio_webhooks import SIGNATURE_HEADER

if TYPE_CHECKING:
    from starlette.datastructures import FormData
    from starlette.requests import Request
    from starlette.websockets import WebSocket

    from voice_container.runtime import VoiceRuntime

log = logging.getLogger(__name__)


def twiml(xml: str) -> Response:
    return Response(xml, media_type="application/xml")


async def signed_form(request: Request) -> FormData | None:
    """The POSTed form if Twilio signed this request, else None."""
    runtime: VoiceRuntime = request.app.state.runtime
    form = await request.form()
    signature = request.headers.get(SIGNATURE_HEADER)
    if not runtime.signed_by_twilio(request.url.path, request.scope["query_string"], form, signature):
        log.warning("refused an unsigned or mis-signed Twilio request to %s", request.url.path)
        return None
    return form


def forbidden() -> Response:
    return PlainTextResponse("invalid Twilio signature", status_code=403)


async def incoming_call(request: Request) -> Response:
    form = await signed_form(request)
    if form is None:
        return forbidden()
    runtime: VoiceRuntime = request.app.state.runtime
    return twiml(await runtime.answer_phone_call({k: str(v) for k, v in form.items()}))


async def stream_ended(request: Request) -> Response:
    """`<Connect action>`: Twilio asks what to do after the stream; the runtime remembers how it ended."""
    form = await signed_form(request)
    if form is None:
        return forbidden()
    runtime: VoiceRuntime = request.app.state.runtime
    return twiml(runtime.after_stream(str(form.get("CallSid", ""))))


async def call_status(request: Request) -> Response:
    """Status callbacks (ringing, answered, completed, ...): logged; the call record comes from events."""
    form = await signed_form(request)
    if form is None:
        return forbidden()
    log.info("Twilio call %s is %s", form.get("CallSid"), form.get("CallStatus"))
    return Response(status_code=204)


async def transfer_result(request: Request) -> Response:
    """`<Dial action>` of a cold transfer: how the dialled leg ended decides what the caller gets next."""
    form = await signed_form(request)
    if form is None:
        return forbidden()
    runtime: VoiceRuntime = request.app.state.runtime
    return twiml(
        runtime.transfers.dial_ended(request.query_params.get("call", ""), str(form.get("DialCallStatus", "")))
    )


async def transfer_status(request: Request) -> Response:
    """A warm transfer's callbacks: the person's call status (answered, then completed/no-answer/busy), and
    `leg=caller`, the holding caller's conference `participant-leave`."""
    form = await signed_form(request)
    if form is None:
        return forbidden()
    runtime: VoiceRuntime = request.app.state.runtime
    call_id = request.query_params.get("call", "")
    if request.query_params.get("leg") == "caller":
        if form.get("StatusCallbackEvent") == "participant-leave":
            await runtime.transfers.caller_left(call_id)
    else:
        await runtime.transfers.person_leg(call_id, str(form.get("CallStatus", "")))
    return Response(status_code=204)


async def media(websocket: WebSocket) -> None:
    runtime: VoiceRuntime = websocket.app.state.runtime
    await websocket.accept()
    await runtime.run_phone_media(websocket)


ROUTES = [
    Route("/twilio/voice", incoming_call, methods=["POST"]),
    Route("/twilio/stream-ended", stream_ended, methods=["POST"]),
    Route("/twilio/status", call_status, methods=["POST"]),
    Route("/twilio/transfer-result", transfer_result, methods=["POST"]),
    Route("/twilio/transfer-status", transfer_status, methods=["POST"]),
    WebSocketRoute("/twilio/media", media),
]
