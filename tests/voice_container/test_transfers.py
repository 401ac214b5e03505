"""Transfers end to end: the caller simulator asks for a person (or presses 0), the runtime redirects the live call
through the Twilio REST adapter to the local REST stand-in (Basic auth checked), Twilio's callbacks are posted
signed, and every attempt and outcome reaches the stored call as call.transferred.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from contextlib import asynccontextmanager
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from local_platform.caller_simulator import Press, place_call
from local_platform.realtime_standin.conversation import CALLBACK_QUESTION
from local_platform.twilio_rest_standin import start_twilio_standin
from local_platform.web_caller import place_web_call
from tests.voice_container.conftest import AUTH_TOKEN, NUMBER, twilio_signature
from tests.voice_container.test_phone_calls import CALLER, ingest_published, stream_ended, the_call, voice_stack
from tests.voice_container.test_web_calls import PAGE, call_token_keys, mint, web_url  # noqa: F401 (a fixture)
from vocadesk.models.agents import TransferMode, TransferRule, TransferTrigger

pytestmark = pytest.mark.slow
ACCOUNT_SID = "AC" + "7" * 32
DESK = "+14155550100"
HOLD_ON = "Please hold while I connect you."


def with_rule(repos, agent, **changes):
    rule = TransferRule(
        id="front_desk",
        condition="the caller asks for a person",
        destination=DESK,
        handover_message=HOLD_ON,
        **changes,
    )
    repos.agents.save(agent.model_copy(update={"transfer_rules": [rule]}))


@asynccontextmanager
async def transfer_stack(monkeypatch, repos, *, allowed="+1", caller_lines=("Can I talk to a person please",)):
    twilio = await start_twilio_standin(ACCOUNT_SID, AUTH_TOKEN)
    monkeypatch.setenv("VOCADESK_TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("VOCADESK_TWILIO_API_URL", twilio.url)
    monkeypatch.setenv("VOCADESK_TRANSFER_ALLOWED_PREFIXES", allowed)
    try:
        async with voice_stack(monkeypatch, repos, caller_lines=caller_lines) as (url, runtime):
            yield url, runtime, twilio
    finally:
        await twilio.stop()


async def call_in(url: str, script) -> object:
    return await place_call(
        f"{url}/twilio/voice",
        to=NUMBER,
        from_=CALLER,
        auth_token=AUTH_TOKEN,
        script=script,
        pause_after_agent=0.3,
        max_call_seconds=30,
    )


async def twilio_posts(url: str, path_and_query: str, form: dict[str, str]) -> httpx2.Response:
    """A signed request from Twilio to one of the runtime's transfer callbacks."""
    signature = twilio_signature(url + path_and_query, form)
    async with httpx2.AsyncClient() as http:
        return await http.post(url + path_and_query, data=form, headers={"X-Twilio-Signature": signature})


def relative(action: str, base: str) -> str:
    parts = urlsplit(action)
    assert action.startswith(base)
    return f"{parts.path}?{parts.query}"


def transfers(events: list[dict]) -> list[tuple[str, str, str, str | None]]:
    return [(e["result"], e["mode"], e["rule_id"], e["destination"]) for e in events if "result" in e and "mode" in e]


def test_cold_transfer_redirects_the_live_call_and_no_answer_brings_the_agent_back(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent, timeout_seconds=25)

    async def scenario():
        async with transfer_stack(monkeypatch, repos) as (url, _, twilio):
            record = await call_in(url, ["Can I talk to a person please"])
            (update,) = twilio.made("update")
            dial = ET.fromstring(update.value("Twiml")).find("Dial")
            nobody = await twilio_posts(
                url, relative(dial.get("action"), url), {"CallSid": record.call_sid, "DialCallStatus": "no-answer"}
            )
            unsigned = await twilio_posts(url, "/twilio/transfer-result?call=x", {"DialCallStatus": "completed"})
            forged = await httpx2.AsyncClient().post(
                url + "/twilio/transfer-result?call=x", data={"DialCallStatus": "completed"}
            )
            return record, update, nobody, unsigned, forged

    record, update, nobody, _, forged = asyncio.run(scenario())
    events = ingest_published(platform)

    # the REST update: the caller's CallSid, Basic auth of account SID + auth token, Dial to the rule's number
    assert update.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{record.call_sid}.json"
    assert update.authorization.startswith("Basic ") and update.authorization == _basic(ACCOUNT_SID, AUTH_TOKEN)
    root = ET.fromstring(update.value("Twiml"))
    assert [e.tag for e in root] == ["Dial"]  # the model said the handover line itself, before the tool call
    dial = root.find("Dial")
    assert (dial.get("callerId"), dial.get("timeout"), dial.find("Number").text) == (CALLER, "25", DESK)
    assert parse_qs(urlsplit(dial.get("action")).query)["call"][0].startswith("call_")
    # nobody answered: the caller is streamed back to the agent with a fresh token
    assert forged.status_code == 403
    stream = ET.fromstring(nobody.text).find("Connect/Stream")
    assert stream is not None and stream.find("Parameter").get("name") == "token"
    assert transfers(events) == [
        ("initiated", "cold", "front_desk", DESK),
        ("no_answer", "cold", "front_desk", DESK),
    ]
    call = the_call(repos, tenant_a)
    assert call.end_reason == "transferred" and call.transfer.result.value == "no_answer"
    assert ("agent", HOLD_ON) in [(t.speaker.value, t.text) for t in call.turns]


def test_warm_transfer_holds_the_caller_in_a_conference_and_dials_the_person_with_a_summary(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent, mode=TransferMode.WARM)

    async def scenario():
        async with transfer_stack(monkeypatch, repos) as (url, _, twilio):
            record = await call_in(url, ["Can I talk to a person please"])
            (hold,) = twilio.made("update")
            (person,) = twilio.made("create")
            status_url = relative(person.value("StatusCallback"), url)
            answered = await twilio_posts(url, status_url, {"CallSid": "CA" + "9" * 32, "CallStatus": "in-progress"})
            room = ET.fromstring(hold.value("Twiml")).find("Dial/Conference")
            leave = {"CallSid": record.call_sid, "StatusCallbackEvent": "participant-leave"}
            await twilio_posts(url, relative(room.get("statusCallback"), url), leave)  # the call's normal end
            return record, hold, person, answered

    record, hold, person, answered = asyncio.run(scenario())
    events = ingest_published(platform)

    room = ET.fromstring(hold.value("Twiml")).find("Dial/Conference")
    assert hold.path.endswith(f"/Calls/{record.call_sid}.json") and room.get("startConferenceOnEnter") == "false"
    assert room.text.startswith("vocadesk-call_") and room.get("statusCallbackEvent") == "leave"
    assert parse_qs(urlsplit(room.get("statusCallback")).query)["leg"] == ["caller"]
    assert person.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"
    assert (person.value("To"), person.value("From"), person.value("Timeout")) == (DESK, NUMBER, "20")
    assert person.form["StatusCallbackEvent"] == ["answered", "completed"]
    joined = ET.fromstring(person.value("Twiml"))
    assert [e.tag for e in joined] == ["Say", "Dial"] and "person" in joined.find("Say").text.lower()
    assert joined.find("Dial/Conference").text == room.text
    assert joined.find("Dial/Conference").get("startConferenceOnEnter") == "true"
    assert answered.status_code == 204
    assert transfers(events) == [
        ("initiated", "warm", "front_desk", DESK),
        ("connected", "warm", "front_desk", DESK),
    ]
    call = the_call(repos, tenant_a)
    assert (call.end_reason, call.transfer.result.value) == ("transferred", "connected")


def test_pressing_0_transfers_at_once_with_the_handover_line_said_by_twilio(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent, triggers=[TransferTrigger.DTMF_0], fallback="voicemail")

    async def scenario():
        async with transfer_stack(monkeypatch, repos, caller_lines=()) as (url, _, twilio):
            record = await call_in(url, [Press("0")])
            (update,) = twilio.made("update")
            dial = ET.fromstring(update.value("Twiml")).find("Dial")
            busy = await twilio_posts(
                url, relative(dial.get("action"), url), {"CallSid": record.call_sid, "DialCallStatus": "busy"}
            )
            return update, busy

    update, busy = asyncio.run(scenario())
    events = ingest_published(platform)

    root = ET.fromstring(update.value("Twiml"))
    assert [e.tag for e in root] == ["Say", "Dial"] and root.find("Say").text == HOLD_ON
    assert [e.tag for e in ET.fromstring(busy.text)] == ["Say", "Hangup"]  # voicemail fallback: message, hang up
    assert [r for r, *_ in transfers(events)] == ["initiated", "no_answer"]
    assert "pressed 0" in next(e["reason"] for e in events if e.get("result") == "initiated")
    assert the_call(repos, tenant_a).end_reason == "transferred"


def test_a_destination_outside_the_allowed_prefixes_is_refused_before_dialling(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent)

    async def scenario():
        async with transfer_stack(monkeypatch, repos, allowed="+44,sip:") as (url, _, twilio):
            await call_in(url, ["Can I talk to a person please"])
            return twilio.requests

    requests = asyncio.run(scenario())
    events = ingest_published(platform)

    assert requests == []  # nothing was dialled
    assert transfers(events) == [("failed", "cold", "front_desk", DESK)]
    assert next(e["reason"] for e in events if e.get("result")) == "refused: destination_not_allowed"
    call = the_call(repos, tenant_a)
    assert call.end_reason != "transferred" and call.transfer.result.value == "failed"


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.usefixtures("call_token_keys")
def test_a_web_call_cannot_be_dialled_so_the_agent_offers_a_callback_and_captures_the_number(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent)
    lines = ("Can I talk to a person please", "415 555 0134")

    async def scenario():
        async with transfer_stack(monkeypatch, repos, caller_lines=lines) as (url, _, twilio):
            record = await place_web_call(
                web_url(url), mint(phone_agent), origin=PAGE, script=list(lines), pause_after_agent=0.3
            )
            return record, twilio.requests

    record, requests = asyncio.run(scenario())
    events = ingest_published(platform)

    assert requests == []  # a browser is never dialled
    assert ("agent", CALLBACK_QUESTION) in record.transcripts and record.end_reason == "agent_ended"
    assert transfers(events) == [("callback_offered", "cold", "front_desk", DESK)] * 2
    assert [e["reason"] for e in events if e.get("result")][-1] == "callback requested on +14155550134"
    call = the_call(repos, tenant_a)
    assert call.channel == "web" and call.transfer.result.value == "callback_offered"
    assert call.analysis.captured_data["callback_number"] == "+14155550134"


def test_the_time_limit_transfers_by_the_max_duration_rule_instead_of_hanging_up(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent, triggers=[TransferTrigger.MAX_DURATION])

    async def scenario():
        async with transfer_stack(monkeypatch, repos, caller_lines=()) as (url, runtime, twilio):
            runtime.settings = runtime.settings.model_copy(update={"max_call_seconds": 4})  # 60 s at the least
            record = await place_call(
                f"{url}/twilio/voice", to=NUMBER, from_=CALLER, auth_token=AUTH_TOKEN, script=[], max_call_seconds=20
            )
            return record, twilio.made("update")

    record, updates = asyncio.run(scenario())
    events = ingest_published(platform)

    assert record.outcome == "stream-closed"
    (update,) = updates
    root = ET.fromstring(update.value("Twiml"))
    assert [e.tag for e in root] == ["Say", "Dial"] and root.find("Dial/Number").text == DESK
    assert transfers(events) == [("initiated", "cold", "front_desk", DESK)]
    assert "time limit" in next(e["reason"] for e in events if e.get("result"))
    assert the_call(repos, tenant_a).end_reason == "transferred"


def test_a_failing_provider_hands_the_caller_to_the_provider_error_rule(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    with_rule(repos, phone_agent, triggers=[TransferTrigger.PROVIDER_ERROR], mode=TransferMode.WARM)
    monkeypatch.setenv("VOCADESK_TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("VOCADESK_TRANSFER_ALLOWED_PREFIXES", "+1")

    async def scenario():
        async with voice_stack(monkeypatch, repos, faults="reject:500") as (url, _):
            record = await call_in(url, ["Hello?"])
            return await stream_ended(url, record.call_sid)

    next_twiml = asyncio.run(scenario())
    events = ingest_published(platform)

    # instead of the apology: Twilio says the handover line and dials the rule (cold: no agent is left)
    assert [e.tag for e in next_twiml] == ["Say", "Dial"] and next_twiml.find("Say").text == HOLD_ON
    assert next_twiml.find("Dial/Number").text == DESK and next_twiml.find("Dial").get("callerId") == CALLER
    assert transfers(events) == [("initiated", "cold", "front_desk", DESK)]
    assert the_call(repos, tenant_a).end_reason == "provider_error"
