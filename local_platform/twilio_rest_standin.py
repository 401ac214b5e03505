"""A local stand-in of the few Twilio REST endpoints the voice runtime uses, with Twilio's request shapes.

- `POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json` (form `Twiml=` or `Url=`): redirect a live call;
- `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` (form `To`, `From`, `Twiml`|`Url`, `Timeout`,
  `StatusCallback`, `StatusCallbackEvent` repeated): place a call.

Every request must carry HTTP Basic auth of the account SID and auth token, as Twilio checks it (401 with
Twilio's error 20003 otherwise; 404 code 20404 for another account's path). Requests are recorded in
`requests` for tests; nothing is dialled. Answers are Twilio's JSON call resource (the fields the SDK reads).
"""

from __future__ import annotations

import asyncio
import base64
import re
import secrets
import socket
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MAX_TWIML = 4000  # Twilio refuses a longer Twiml parameter (error 21228... reported as 400)
CALL_SID = re.compile(r"^CA[0-9a-f]{32}$")
LOCAL_ACCOUNT_SID = "AC" + "0" * 32  # the account `make run` uses


@dataclass(frozen=True)
class RestRequest:
    method: str
    path: str
    form: dict[str, list[str]]
    authorization: str | None

    def value(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None


@dataclass
class TwilioRestStandin:
    account_sid: str
    auth_token: str
    url: str = ""
    requests: list[RestRequest] = field(default_factory=list)
    _server: Any = None
    _task: asyncio.Task[None] | None = None
    _socket: socket.socket | None = None

    def app(self) -> Starlette:
        base = "/2010-04-01/Accounts/{account_sid}"
        return Starlette(
            routes=[
                Route(base + "/Calls.json", self._create_call, methods=["POST"]),
                Route(base + "/Calls/{call_sid}.json", self._update_call, methods=["POST"]),
            ]
        )

    def made(self, kind: str) -> list[RestRequest]:
        """Recorded requests of one kind: `update` (a redirect) or `create` (a placed call)."""
        return [r for r in self.requests if (r.path.endswith("/Calls.json")) == (kind == "create")]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            await self._task
        if self._socket is not None:
            self._socket.close()

    # -- endpoints ------------------------------------------------------------------------------
    async def _update_call(self, request: Request) -> JSONResponse:
        refused, form = await self._admit(request)
        if refused is not None:
            return refused
        call_sid = request.path_params["call_sid"]
        if not CALL_SID.match(call_sid):
            return _error(404, 20404, f"The requested resource {request.url.path} was not found")
        if not (form.get("Twiml") or form.get("Url") or form.get("Status")):
            return _error(400, 21205, "Url, Twiml or Status is required")
        if len((form.get("Twiml") or [""])[0]) > MAX_TWIML:
            return _error(400, 21228, "Twiml is too long")
        return JSONResponse(self._call(call_sid, "in-progress", "+15555550199", "+15555550100"))

    async def _create_call(self, request: Request) -> JSONResponse:
        refused, form = await self._admit(request)
        if refused is not None:
            return refused
        to, from_ = (form.get("To") or [""])[0], (form.get("From") or [""])[0]
        if not to:
            return _error(400, 21201, "No 'To' number is specified")
        if not from_:
            return _error(400, 21213, "No 'From' number is specified")
        if not (form.get("Twiml") or form.get("Url") or form.get("ApplicationSid")):
            return _error(400, 21205, "Url, Twiml or ApplicationSid is required")
        return JSONResponse(self._call("CA" + secrets.token_hex(16), "queued", to, from_), status_code=201)

    async def _admit(self, request: Request) -> tuple[JSONResponse | None, dict[str, list[str]]]:
        raw = await request.form()
        form = {key: [str(v) for v in raw.getlist(key)] for key in raw}
        authorization = request.headers.get("authorization")
        self.requests.append(RestRequest(request.method, request.url.path, form, authorization))
        if authorization != _basic(self.account_sid, self.auth_token):
            return _error(401, 20003, "Authenticate"), form
        if request.path_params["account_sid"] != self.account_sid:
            return _error(404, 20404, f"The requested resource {request.url.path} was not found"), form
        return None, form

    def _call(self, sid: str, status: str, to: str, from_: str) -> dict[str, Any]:
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Calls/{sid}.json"
        return {"sid": sid, "account_sid": self.account_sid, "status": status, "to": to, "from": from_, "uri": uri}


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _error(status: int, code: int, message: str) -> JSONResponse:
    more = f"https://www.twilio.com/docs/errors/{code}"
    return JSONResponse({"code": code, "message": message, "more_info": more, "status": status}, status_code=status)


async def start_twilio_standin(account_sid: str, auth_token: str, *, host: str = "127.0.0.1") -> TwilioRestStandin:
    """Serve the stand-in on a free loopback port in this event loop until `stop()`."""
    import uvicorn

    standin = TwilioRestStandin(account_sid, auth_token)
    sock = socket.socket()
    sock.bind((host, 0))
    standin._socket = sock
    standin.url = f"http://{host}:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(standin.app(), lifespan="off", log_level="warning"))
    standin._server = server
    standin._task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    return standin


def main(argv: list[str] | None = None) -> None:
    """`python -m local_platform.twilio_rest_standin`: serve until interrupted (what `make run` starts)."""
    import argparse

    import uvicorn

    from vocadesk.settings import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m local_platform.twilio_rest_standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--account-sid", default=settings.twilio_account_sid or LOCAL_ACCOUNT_SID)
    args = parser.parse_args(argv)
    standin = TwilioRestStandin(args.account_sid, settings.twilio_auth_token.get_secret_value())
    uvicorn.run(standin.app(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
