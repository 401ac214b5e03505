"""The Twilio REST stand-in as `make run` starts it: its own process, Twilio's auth check, the runtime's settings."""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.request

from local_platform.twilio_rest_standin import LOCAL_ACCOUNT_SID
from local_platform.voice import VoiceServices

CALL = "CA" + "4" * 32


def post(url: str, auth: str | None) -> int:
    request = urllib.request.Request(url, data=b"Twiml=%3CResponse%2F%3E", method="POST")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_make_run_points_the_runtime_at_a_twilio_rest_standin_process(monkeypatch):
    monkeypatch.setenv("VOCADESK_TWILIO_AUTH_TOKEN", "local-token")
    services = VoiceServices(host="127.0.0.1", voice_port=0, standin_port=None, openai_key="k")
    try:
        env = services._twilio_standin(dict(os.environ))
        url = f"{env['VOCADESK_TWILIO_API_URL']}/2010-04-01/Accounts/{LOCAL_ACCOUNT_SID}/Calls/{CALL}.json"
        deadline, status = time.monotonic() + 15, None
        while time.monotonic() < deadline:
            try:
                status = post(url, f"{LOCAL_ACCOUNT_SID}:local-token")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)

        assert env["VOCADESK_TWILIO_ACCOUNT_SID"] == LOCAL_ACCOUNT_SID
        assert env["VOCADESK_TRANSFER_ALLOWED_PREFIXES"] == "+1,sip:"
        assert status == 200
        assert post(url, f"{LOCAL_ACCOUNT_SID}:wrong") == post(url, None) == 401
    finally:
        services.stop()
