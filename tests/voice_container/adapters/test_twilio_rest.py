"""The Twilio REST adapter against the local stand-in: Twilio's paths, form fields and HTTP Basic auth."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import sys

import pytest

from local_platform.twilio_rest_standin import start_twilio_standin
from voice_container.adapters.twilio_rest import TwilioRest, TwilioRestError

ACCOUNT_SID = "AC" + "5" * 32
TOKEN = "rest-auth-token"
CALL_SID = "CA" + "6" * 32


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


async def against_standin(action, *, token: str = TOKEN):
    standin = await start_twilio_standin(ACCOUNT_SID, TOKEN)
    try:
        result = await action(TwilioRest(ACCOUNT_SID, token, base_url=standin.url))
        return result, standin.requests
    finally:
        await standin.stop()


def test_redirect_updates_the_call_with_twiml_under_basic_auth():
    _, requests = asyncio.run(against_standin(lambda rest: rest.redirect(CALL_SID, "<Response><Hangup/></Response>")))

    (request,) = requests
    assert (request.method, request.path) == ("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{CALL_SID}.json")
    assert request.form == {"Twiml": ["<Response><Hangup/></Response>"]}
    assert request.authorization == basic(ACCOUNT_SID, TOKEN)


def test_cancel_sets_the_call_status_to_canceled():
    _, (request,) = asyncio.run(against_standin(lambda rest: rest.cancel(CALL_SID)))

    assert request.path.endswith(f"/Calls/{CALL_SID}.json") and request.form == {"Status": ["canceled"]}


def test_place_call_sends_twilios_create_fields():
    async def place(rest: TwilioRest):
        return await rest.place_call(
            to="+14155550100",
            from_="+14155550123",
            twiml="<Response/>",
            timeout_seconds=15,
            status_callback="https://voice.example.com/twilio/transfer-status?call=call_1",
        )

    placed, (request,) = asyncio.run(against_standin(place))

    assert placed.sid.startswith("CA") and placed.status == "queued"
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"
    assert {k: v for k, v in request.form.items() if k != "StatusCallback"} == {
        "To": ["+14155550100"],
        "From": ["+14155550123"],
        "Twiml": ["<Response/>"],
        "Timeout": ["15"],
        "StatusCallbackEvent": ["answered", "completed"],
        "StatusCallbackMethod": ["POST"],
    }


def test_a_wrong_auth_token_is_twilios_20003():
    with pytest.raises(TwilioRestError) as refused:
        asyncio.run(against_standin(lambda rest: rest.redirect(CALL_SID, "<Response/>"), token="wrong"))

    assert (refused.value.status, refused.value.code) == (401, 20003)


def test_an_unreachable_api_is_a_twilio_rest_error():
    rest = TwilioRest(ACCOUNT_SID, TOKEN, base_url="http://127.0.0.1:9", timeout=2)

    with pytest.raises(TwilioRestError, match="could not be reached"):
        asyncio.run(rest.redirect(CALL_SID, "<Response/>"))


def test_importing_the_adapter_leaves_twilio_rest_unloaded():
    code = "import sys, voice_container.adapters.twilio_rest; print('twilio.rest' in sys.modules)"

    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
