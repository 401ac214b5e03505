import pytest

from vocadesk import instructions
from vocadesk.errors import Invalid
from vocadesk.ids import new_id
from vocadesk.models.agents import (
    FAQ,
    Agent,
    ConversationDesign,
    Knowledge,
    KnowledgeBlock,
    Question,
    TransferRule,
)


def agent(**design):
    return Agent(account_id=new_id("acc"), client_id=new_id("cli"), name="Front desk", **design)


FULL = dict(
    persona="You are Sam, the front desk of Bright Smile Dental.",
    knowledge=Knowledge(
        blocks=[KnowledgeBlock(title="Hours", text="Mon-Fri 8-18.")],
        faqs=[FAQ(question="New patients?", answer="Yes, welcome.")],
    ),
    questions=[
        Question(key="full_name", prompt="What is your full name?"),
        Question(key="visit", prompt="Which visit?", type="choice", choices=["Cleaning", "Check-up"], required=False),
    ],
    conversation=ConversationDesign(
        greeting="Hi, this is Sam.",
        goals=["Book appointments"],
        do=["Confirm details"],
        dont=["Give medical advice"],
        closing="Bye now!",
    ),
    transfer_rules=[TransferRule(id="human", condition="the caller asks for a person", destination="+14155550123")],
    language="de-DE",
)


def test_sections_come_in_the_documented_order():
    text = instructions.build(agent(**FULL))

    headings = [line for line in text.splitlines() if line.startswith("# ")]
    assert headings == [
        "# Role",
        "# How to speak",
        "# Conversation",
        "# Questions to ask",
        "# Knowledge",
        "# Transferring to a person",
        "# Ending the call",
    ]


def test_everything_the_agent_says_is_in_the_text():
    text = instructions.build(agent(**FULL))

    for expected in [
        "You are Sam",
        "de-DE",
        'Open the call with: "Hi, this is Sam."',
        "Goal: Book appointments",
        "Don't: Give medical advice",
        '"Bye now!"',
        '1. [full_name, required] "What is your full name?"',
        "[visit, optional]",
        "one of: Cleaning, Check-up",
        "## Hours",
        "Q: New patients?",
        'rule_id "human"',
        "`record_answer`",
        "`end_call`",
    ]:
        assert expected in text, expected


def test_the_same_agent_always_gives_the_same_text():
    first = agent(**FULL)

    assert instructions.build(first) == instructions.build(first.model_copy(deep=True))


def test_transfer_destinations_are_never_shown_to_the_model():
    assert "+14155550123" not in instructions.build(agent(**FULL))


def test_sections_without_content_are_left_out():
    text = instructions.build(agent())

    assert "# Questions to ask" not in text and "# Knowledge" not in text and "# Transferring" not in text
    assert text.startswith("# Role\nYou are Front desk")


def test_too_much_knowledge_is_refused_naming_it():
    blocks = [KnowledgeBlock(title=f"Block {n}", text="x" * 19_000) for n in range(3)]

    with pytest.raises(Invalid) as exc:
        instructions.build(agent(knowledge=Knowledge(blocks=blocks)))

    assert exc.value.field == "knowledge" and "over the limit" in exc.value.message


def test_a_recorded_call_is_announced_in_the_greeting_only_when_the_agent_says_so():
    announced = instructions.build(agent(**FULL, announce_recording=True)).splitlines()
    greeting = announced.index('- Open the call with: "Hi, this is Sam."')

    assert announced[greeting + 1] == f"- {instructions.RECORDING_NOTICE}"
    assert instructions.RECORDING_NOTICE not in instructions.build(agent(**FULL))
    assert instructions.RECORDING_NOTICE not in instructions.build(
        agent(**FULL, announce_recording=True, record_calls=False)
    )
