"""The transfer policy and desk without sockets: which rule, whether it may be dialled, web callbacks, fallbacks."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET

import pytest

from vocadesk.models.agents import Agent, TransferFallback, TransferMode, TransferRule, TransferTrigger
from vocadesk.models.calls import Channel, Speaker, TransferResult
from voice_container.call.context import CallContext
from voice_container.call.transfer_policy import callback_number, caller_id_for, parse_prefixes, refusal, summary_of
from voice_container.call.transfers import CALLBACK_NUMBER, TransferDesk

DESK = "+14155550100"
NO_REST = object()  # a desk whose REST adapter is never reached


class Published:
    def __init__(self) -> None:
        self.events: list = []

    def emit(self, event) -> None:
        self.events.append(event)

    def results(self) -> list[str]:
        return [e.result.value for e in self.events]


class FakeSession:
    """What the desk uses of a CallSession."""

    def __init__(self, call: CallContext) -> None:
        self.call = call
        self.captured_data: dict = {}
        self.handed_over = None

    def capture(self, key, value) -> None:
        self.captured_data[key] = value

    def end_after_playback(self, then=None) -> None:
        self.handed_over = then


def agent(**rule_changes) -> Agent:
    rule = TransferRule(id="front_desk", condition="the caller asks for a person", destination=DESK, **rule_changes)
    return Agent(
        account_id="acc_01HZZZZZZZZZZZZZZZZZZZZZZZ",
        client_id="cli_01HZZZZZZZZZZZZZZZZZZZZZZZ",
        name="Front desk",
        transfer_rules=[rule],
    )


def call(channel: Channel = Channel.PHONE, **rule_changes) -> CallContext:
    return CallContext(
        call_id="call_01HZZZZZZZZZZZZZZZZZZZZZZZ",
        account_id="acc_01HZZZZZZZZZZZZZZZZZZZZZZZ",
        client_id="cli_01HZZZZZZZZZZZZZZZZZZZZZZZ",
        agent=agent(**rule_changes),
        channel=channel,
        caller="+14155550199",
        called="+14155550123",
        external_id="CA" + "1" * 32,
    )


def desk(publisher: Published, *, rest=NO_REST, prefixes="+1") -> TransferDesk:
    return TransferDesk(
        rest,  # type: ignore[arg-type]
        publisher,  # type: ignore[arg-type]
        allowed_prefixes=parse_prefixes(prefixes),
        url=lambda path: "https://voice.example.com" + path,
        resume=lambda _call, opening: f"<Response><Resume>{opening}</Resume></Response>",
    )


def test_prefixes_allow_numbers_and_sip_uris_by_their_start():
    the_call = call()
    rule = the_call.agent.transfer_rules[0]

    assert refusal(the_call, rule, parse_prefixes("+44, +1"), rest_ready=True) is None
    assert refusal(the_call, rule, parse_prefixes("+44,sip:"), rest_ready=True) == "destination_not_allowed"
    assert refusal(the_call, rule, parse_prefixes(""), rest_ready=True) == "destination_not_allowed"
    assert refusal(the_call, rule, parse_prefixes("+1"), rest_ready=False) == "twilio_not_configured"


def test_the_person_sees_the_callers_number_unless_it_is_withheld():
    assert caller_id_for(call()) == "+14155550199"
    withheld = call()
    withheld.caller = "anonymous"
    assert caller_id_for(withheld) == "+14155550123"


def test_a_web_call_offers_a_callback_then_captures_the_number():
    publisher = Published()
    session = FakeSession(call(Channel.WEB))
    transfers = desk(publisher)

    offered = transfers.requested(session, "front_desk", "billing question")  # type: ignore[arg-type]
    garbled = transfers.requested(session, "front_desk", "", "call me maybe")  # type: ignore[arg-type]
    given = transfers.requested(session, "front_desk", "", "(415) 555-0134")  # type: ignore[arg-type]

    assert offered["ok"] is False and "callback_number" in offered["next"]
    assert garbled["ok"] is False and "not a phone number" in garbled["error"]
    assert given == {"ok": True, "callback_number": "+14155550134", "next": given["next"]}
    assert session.captured_data == {CALLBACK_NUMBER: "+14155550134"}
    assert publisher.results() == ["callback_offered", "callback_offered"]
    assert publisher.events[-1].reason == "callback requested on +14155550134"
    assert session.handed_over is None  # nothing is dialled for a browser


def test_an_unknown_rule_is_refused_and_published_as_failed():
    publisher = Published()
    session = FakeSession(call())

    output = desk(publisher).requested(session, "sales", "")  # type: ignore[arg-type]

    assert output["ok"] is False and publisher.results() == ["failed"]
    assert publisher.events[0].rule_id is None and "sales" in publisher.events[0].reason


def test_an_accepted_phone_transfer_waits_for_the_handover_line():
    publisher = Published()
    session = FakeSession(call())

    output = desk(publisher).requested(session, "front_desk", "wants a person")  # type: ignore[arg-type]

    assert output["ok"] is True and output["transferring"] is True
    assert session.handed_over is not None and publisher.events == []  # published once Twilio took it


@pytest.mark.parametrize(
    ("status", "result"),
    [("completed", "connected"), ("no-answer", "no_answer"), ("busy", "no_answer"), ("failed", "failed")],
)
def test_the_dial_outcome_is_published_and_decides_what_the_caller_gets(status, result):
    publisher = Published()
    transfers = desk(publisher)
    the_call = call(fallback=TransferFallback.VOICEMAIL, voicemail_message="Nobody is in. Goodbye.")
    transfers._remember(the_call, the_call.agent.transfer_rules[0])

    answer = ET.fromstring(transfers.dial_ended(the_call.call_id, status))
    again = transfers.dial_ended(the_call.call_id, status)  # Twilio retried the same request

    assert publisher.results() == [result]
    expected = ["Hangup"] if result == "connected" else ["Say", "Hangup"]
    assert [e.tag for e in answer] == expected and "Hangup" in again and publisher.results() == [result]
    if result != "connected":
        assert answer.find("Say").text == "Nobody is in. Goodbye."


def test_no_answer_with_the_agent_fallback_resumes_the_agent_told_why():
    publisher = Published()
    transfers = desk(publisher)
    the_call = call()
    transfers._remember(the_call, the_call.agent.transfer_rules[0])

    answer = transfers.dial_ended(the_call.call_id, "no-answer")

    assert "<Resume>" in answer and "nobody was available" in answer
    assert publisher.results() == ["no_answer"]


def test_a_provider_failure_dials_the_provider_error_rule_from_the_connect_action():
    publisher = Published()
    transfers = desk(publisher)
    the_call = call(triggers=[TransferTrigger.PROVIDER_ERROR], mode=TransferMode.WARM)

    transfers.provider_failed(the_call)
    twiml = transfers.after_stream(the_call.external_id)

    root = ET.fromstring(twiml)
    assert [e.tag for e in root] == ["Say", "Dial"] and root.find("Dial/Number").text == DESK
    assert transfers.after_stream(the_call.external_id) is None  # answered once
    assert [(e.result, e.mode) for e in publisher.events] == [(TransferResult.INITIATED, "cold")]


def test_without_a_provider_error_rule_a_failure_is_left_to_the_apology():
    transfers = desk(Published())
    the_call = call()

    transfers.provider_failed(the_call)

    assert transfers.after_stream(the_call.external_id) is None


def test_the_summary_comes_from_the_transcript_and_captured_answers():
    turns = [(Speaker.AGENT, "How can I help?"), (Speaker.CALLER, "My invoice is wrong"), (Speaker.CALLER, "a person")]

    text = summary_of(call(), "billing question", turns, {"name": "Alex Morgan"})

    assert "Front desk" in text and "billing question" in text and "name: Alex Morgan" in text
    assert "My invoice is wrong" in text and text.endswith("Connecting you now.")


def test_callback_numbers_are_normalised_to_e164():
    assert callback_number("+44 20 7946 0958") == "+442079460958"
    assert callback_number("415-555-0134") == "+14155550134"
    assert callback_number("tomorrow") is None


def test_a_warm_persons_unanswered_call_takes_the_caller_out_of_the_conference():
    class Rest:
        def __init__(self) -> None:
            self.redirects: list[tuple[str, str]] = []

        async def redirect(self, call_sid: str, twiml: str) -> None:
            self.redirects.append((call_sid, twiml))

    rest, publisher = Rest(), Published()
    transfers = desk(publisher, rest=rest)
    the_call = call(mode=TransferMode.WARM, fallback=TransferFallback.VOICEMAIL)
    transfers._remember(the_call, the_call.agent.transfer_rules[0])

    asyncio.run(transfers.person_leg(the_call.call_id, "ringing"))
    asyncio.run(transfers.person_leg(the_call.call_id, "no-answer"))

    assert publisher.results() == ["no_answer"]
    assert rest.redirects and rest.redirects[0][0] == the_call.external_id and "Hangup" in rest.redirects[0][1]


def test_a_caller_hanging_up_on_hold_stops_the_persons_phone_ringing():
    class Rest:
        def __init__(self) -> None:
            self.cancelled: list[str] = []

        async def cancel(self, call_sid: str) -> None:
            self.cancelled.append(call_sid)

    rest, publisher = Rest(), Published()
    transfers = desk(publisher, rest=rest)
    the_call = call(mode=TransferMode.WARM)
    handover = transfers._remember(the_call, the_call.agent.transfer_rules[0])
    handover.placed_sid = "CA" + "8" * 32

    asyncio.run(transfers.caller_left(the_call.call_id))
    asyncio.run(transfers.caller_left(the_call.call_id))  # Twilio's retry changes nothing

    assert rest.cancelled == ["CA" + "8" * 32]
    assert publisher.results() == ["failed"] and publisher.events[0].reason == "the caller hung up while on hold"


def test_a_dial_outcome_for_a_transfer_this_task_does_not_hold_says_goodbye_politely():
    transfers = desk(Published())

    unanswered = ET.fromstring(transfers.dial_ended("call_elsewhere", "no-answer"))
    finished = ET.fromstring(transfers.dial_ended("call_elsewhere", "completed"))

    assert [e.tag for e in unanswered] == ["Say", "Hangup"] and [e.tag for e in finished] == ["Hangup"]
