"""The Twilio webhook: signature checked on the public URL, unknown numbers apologised to, known ones streamed."""

import xml.etree.ElementTree as ET

import boto3
import pytest
from starlette.testclient import TestClient

from tests.voice_container.conftest import (
    PUBLIC_URL,
    incoming_call_form,
    make_runtime,
    twilio_signature,
    voice_settings,
)
from voice_container.app import create_app


@pytest.fixture
def runtime(monkeypatch, repos, platform):
    settings = voice_settings(monkeypatch, VOCADESK_REALTIME_URL="ws://127.0.0.1:9/v1")  # nobody listens
    return make_runtime(settings, repos, boto3.client("events"))


@pytest.fixture
def client(runtime):
    with TestClient(create_app(runtime), base_url="http://10.0.0.7:8090") as client:  # behind a load balancer
        yield client


def post_signed(client, path, form, *, signature=None):
    signature = signature or twilio_signature(PUBLIC_URL + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def test_a_known_number_gets_a_media_stream_with_a_one_time_token(client, runtime, phone_agent):
    response = post_signed(client, "/twilio/voice", incoming_call_form())

    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    connect = ET.fromstring(response.text).find("Connect")
    stream = connect.find("Stream")
    assert connect.get("action") == f"{PUBLIC_URL}/twilio/stream-ended"
    assert stream.get("url") == "wss://voice.example.com/twilio/media"
    (parameter,) = stream.findall("Parameter")
    grant = runtime.tokens.redeem(parameter.get("value"))
    assert (grant.agent_id, grant.called, grant.caller) == (phone_agent.id, "+14155550123", "+14155550199")
    assert grant.external_id == incoming_call_form()["CallSid"] and grant.channel == "phone"


@pytest.mark.parametrize("signature", ["", "bm90LWEtc2lnbmF0dXJl", None])
def test_a_bad_signature_is_403_and_nothing_happens(client, runtime, phone_agent, signature):
    form = incoming_call_form()
    headers = {} if signature is None else {"X-Twilio-Signature": signature}

    response = client.post("/twilio/voice", data=form, headers=headers)

    assert response.status_code == 403 and runtime.prewarmer.waiting == 0


def test_a_signature_over_the_internal_url_is_refused(client, phone_agent):
    form = incoming_call_form()

    response = post_signed(
        client, "/twilio/voice", form, signature=twilio_signature("http://10.0.0.7:8090/twilio/voice", form)
    )

    assert response.status_code == 403


def test_an_unknown_number_hears_a_polite_sentence_and_the_call_ends(client, runtime):
    response = post_signed(client, "/twilio/voice", incoming_call_form(to="+14155550999"))

    root = ET.fromstring(response.text)
    assert [child.tag for child in root] == ["Say", "Hangup"] and "not in service" in root.find("Say").text
    assert runtime.prewarmer.waiting == 0


def test_a_suspended_account_is_not_connected(client, repos, phone_agent, tenant_a):
    account = repos.accounts.get(tenant_a.account_id)
    repos.accounts.save(account.model_copy(update={"can_take_calls": False}))

    response = post_signed(client, "/twilio/voice", incoming_call_form())

    assert [child.tag for child in ET.fromstring(response.text)] == ["Say", "Hangup"]


def test_after_the_stream_the_call_hangs_up(client):
    form = {"CallSid": "CA" + "9" * 32, "AccountSid": "AC" + "1" * 32}

    response = post_signed(client, "/twilio/stream-ended", form)

    assert [child.tag for child in ET.fromstring(response.text)] == ["Hangup"]
