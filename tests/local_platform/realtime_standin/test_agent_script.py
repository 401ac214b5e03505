"""The stand-in reads back what `vocadesk.instructions.build` writes (the two must move together)."""

from local_platform.realtime_standin.agent_script import GENERIC_CLOSING, GENERIC_GREETING, Question, parse
from tests.local_platform.realtime_standin.support import front_desk
from vocadesk import instructions
from vocadesk.models.agents import FAQ, ConversationDesign, Knowledge, TransferRule
from vocadesk.models.agents import Question as AgentQuestion


def test_the_built_instructions_give_back_the_agent():
    agent = front_desk().model_copy(
        update={
            "questions": [
                AgentQuestion(key="full_name", prompt='What is your "full" name?'),
                AgentQuestion(key="visit", prompt="Which visit?", type="choice", choices=["Cleaning", "Check-up"]),
                AgentQuestion(key="insured", prompt="Are you insured?", type="yes_no", required=False),
            ],
            "knowledge": Knowledge(faqs=[FAQ(question="Are you open on Saturday?", answer="Yes, 9 to 12.")]),
            "transfer_rules": [
                TransferRule(id="urgent", condition="it is urgent: pain or bleeding", destination="+14155550123")
            ],
            "conversation": ConversationDesign(greeting="Hi: Sam here.", closing='Say "bye"!'),
            "language": "de-DE",
        }
    )

    script = parse(instructions.build(agent))

    assert script.greeting == "Hi: Sam here."
    assert script.closing == 'Say "bye"!'
    assert script.questions == (
        Question("full_name", 'What is your "full" name?', True, "text"),
        Question("visit", "Which visit?", True, "choice", ("Cleaning", "Check-up")),
        Question("insured", "Are you insured?", False, "yes_no"),
    )
    assert [(r.rule_id, r.condition) for r in script.transfers] == [("urgent", "it is urgent: pain or bleeding")]
    assert script.transfers[0].handover_message == "Let me transfer you to a colleague now."
    assert script.faqs == (("Are you open on Saturday?", "Yes, 9 to 12."),)
    assert script.locale == "de-DE"


def test_other_instructions_give_a_generic_agent():
    script = parse("You are a pirate. Talk like one.")

    assert (script.greeting, script.closing, script.questions, script.transfers) == (
        GENERIC_GREETING,
        GENERIC_CLOSING,
        (),
        (),
    )


def test_an_announced_recording_is_said_with_the_greeting():
    agent = front_desk().model_copy(
        update={"conversation": ConversationDesign(greeting="Hi: Sam here."), "announce_recording": True}
    )

    assert parse(instructions.build(agent)).greeting == "Hi: Sam here. This call is recorded."
    assert parse(instructions.build(agent.model_copy(update={"record_calls": False}))).greeting == "Hi: Sam here."
