"""The one Twilio REST adapter: redirect a live call to new TwiML, and place the call that brings a person in.

Built on the twilio SDK's `Client` (HTTP Basic auth as account SID + auth token, Twilio's form encoding and
error parsing). `twilio.rest` is heavy (~60 ms to import), so it is imported on first use, in a worker
thread: the SDK's client is blocking. `base_url` points every request at a local stand-in in tests
(`local_platform/twilio_rest_standin.py`); nothing else changes between the two.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twilio.rest import Client

__all__ = ["TWILIO_API", "TwilioRest", "TwilioRestError"]

log = logging.getLogger(__name__)
# The SDK logs every request and response at INFO (about ten lines each); only its warnings are worth keeping.
_sdk_log = logging.getLogger(__name__ + ".sdk")
_sdk_log.setLevel(logging.WARNING)

TWILIO_API = "https://api.twilio.com"


class TwilioRestError(Exception):
    """Twilio refused a request or could not be reached; `code` is Twilio's error code when it sent one."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class PlacedCall:
    sid: str
    status: str


class TwilioRest:
    def __init__(self, account_sid: str, auth_token: str, *, base_url: str = "", timeout: float = 10.0) -> None:
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.base_url = (base_url or TWILIO_API).rstrip("/")
        self.timeout = timeout
        self._client: Client | None = None

    async def redirect(self, call_sid: str, twiml: str) -> None:
        """Replace what a live call is doing with `twiml` (POST .../Calls/{CallSid}.json, `Twiml=`)."""
        await self._run(lambda client: client.calls(call_sid).update(twiml=twiml))

    async def cancel(self, call_sid: str) -> None:
        """Stop a call that is still queued or ringing (POST .../Calls/{CallSid}.json, `Status=canceled`)."""
        await self._run(lambda client: client.calls(call_sid).update(status="canceled"))

    async def place_call(
        self,
        *,
        to: str,
        from_: str,
        twiml: str,
        timeout_seconds: int,
        status_callback: str,
        status_events: Sequence[str] = ("answered", "completed"),
    ) -> PlacedCall:
        """Dial `to` from `from_`; once answered it runs `twiml`. Its progress is POSTed to `status_callback`."""
        call = await self._run(
            lambda client: client.calls.create(
                to=to,
                from_=from_,
                twiml=twiml,
                timeout=timeout_seconds,
                status_callback=status_callback,
                status_callback_event=list(status_events),
                status_callback_method="POST",
            )
        )
        return PlacedCall(sid=call.sid, status=str(call.status))

    async def _run(self, request: Any) -> Any:
        def call() -> Any:
            from twilio.base.exceptions import TwilioException, TwilioRestException

            try:
                return request(self._sdk())
            except TwilioRestException as error:
                raise TwilioRestError(str(error.msg), status=error.status, code=error.code) from None
            except (TwilioException, OSError) as error:
                raise TwilioRestError(f"Twilio could not be reached: {type(error).__name__}") from None

        try:
            return await asyncio.to_thread(call)
        except TwilioRestError:
            raise
        except Exception as error:  # requests' own errors (timeouts, refused connections)
            raise TwilioRestError(f"Twilio could not be reached: {type(error).__name__}") from None

    def _sdk(self) -> Client:
        if self._client is None:
            from twilio.rest import Client

            self._client = Client(
                self.account_sid, self._auth_token, http_client=_http_client(self.base_url, self.timeout)
            )
        return self._client


def _http_client(base_url: str, timeout: float) -> Any:
    """The SDK's HTTP client, sending to `base_url` instead of api.twilio.com when that is set."""
    from twilio.http.http_client import TwilioHttpClient

    class BaseUrlHttpClient(TwilioHttpClient):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            if base_url != TWILIO_API and url.startswith(TWILIO_API):
                url = base_url + url[len(TWILIO_API) :]
            return super().request(method, url, *args, **kwargs)

    return BaseUrlHttpClient(timeout=timeout, logger=_sdk_log)
