from local_platform.realtime_standin.agent_script import AgentScript, Question, TransferRule, parse
from local_platform.realtime_standin.conversation import (
    ANYTHING_ELSE,
    FINAL_CALLER_LINE,
    Conversation,
    ToolCall,
    Turn,
)
from tests.local_platform.realtime_standin.support import front_desk
from vocadesk import instructions
from vocadesk.call_tools import tools_for

TOOLS = {tool["name"]: tool for tool in tools_for(front_desk())}
SCRIPT = parse(instructions.build(front_desk()))


def greeted(lines=()) -> Conversation:
    conversation = Conversation(SCRIPT, lines)
    conversation.respond(TOOLS)
    return conversation


def answer(conversation: Conversation, text: str, tools: dict = TOOLS) -> Turn:
    conversation.heard(text)
    return conversation.respond(tools)


def test_the_greeting_asks_the_first_question():
    assert Conversation(SCRIPT).respond(TOOLS) == Turn(say="Hi, this is Sam from Bright Smile. What is your full name?")
    assert Conversation(AgentScript(greeting="Hello.")).respond({}) == Turn(say="Hello.")


def test_each_answer_is_recorded_then_the_next_question_asked_then_the_call_closed():
    conversation = greeted()

    first = answer(conversation, "Alex Morgan")
    conversation.called("call_1", "record_answer")
    conversation.tool_output("call_1")
    second_question = conversation.respond(TOOLS)
    answer(conversation, "alex@example.com")
    conversation.called("call_2", "record_answer")
    conversation.tool_output("call_2")
    closing = conversation.respond(TOOLS)

    assert first == Turn(call=ToolCall("record_answer", {"key": "full_name", "value": "Alex Morgan"}))
    assert second_question == Turn(say="Thank you. What is your email address?")
    assert closing == Turn(
        say="Thanks, bye now!", call=ToolCall("end_call", {"reason": "The conversation is complete."})
    )
    assert conversation.answers == {"full_name": "Alex Morgan", "email": "alex@example.com"}


def test_without_a_record_answer_tool_it_just_carries_on():
    conversation = Conversation(SCRIPT)
    conversation.respond({})

    assert answer(conversation, "Alex", tools={}) == Turn(say="Thank you. What is your email address?")


def test_asking_for_a_person_transfers_by_the_rule_that_mentions_one():
    turn = answer(greeted(), "Can I speak to a human please")

    assert turn.say == "Let me transfer you to a colleague now."
    assert turn.call == ToolCall("transfer_call", {"rule_id": "human", "reason": "Can I speak to a human please"})


def test_a_rule_condition_matches_between_questions_but_not_as_an_answer():
    script = AgentScript(
        questions=(Question("topic", "What is it about?"),),
        transfers=(TransferRule("billing", "the caller asks about an invoice", "One moment."),),
    )
    asked = Conversation(script)
    asked.respond(TOOLS)
    between = Conversation(AgentScript(transfers=script.transfers))
    between.respond(TOOLS)

    assert answer(asked, "A wrong invoice").call.name == "record_answer"
    assert answer(between, "A wrong invoice").call == ToolCall(
        "transfer_call", {"rule_id": "billing", "reason": "A wrong invoice"}
    )


def test_goodbye_closes_the_call_even_mid_questions():
    turn = answer(greeted(), "Actually never mind, goodbye.")

    assert turn == Turn(say="Thanks, bye now!", call=ToolCall("end_call", {"reason": "The caller said goodbye."}))


def test_the_caller_says_the_script_then_plausible_answers_then_goodbye():
    conversation = greeted(["Jo Bloggs"])

    said = [conversation.caller_says()]
    answer(conversation, said[0])
    conversation.called("c1", "record_answer")
    conversation.tool_output("c1")
    conversation.respond(TOOLS)
    said.append(conversation.caller_says())
    answer(conversation, said[1])
    said.append(conversation.caller_says())

    assert said == ["Jo Bloggs", "alex.morgan@example.com", FINAL_CALLER_LINE]


def test_a_cut_off_transfer_is_decided_again():
    conversation = greeted()
    assert answer(conversation, "I want a person").call.name == "transfer_call"

    conversation.interrupted()
    again = answer(conversation, "hello?")

    assert again.call.name == "transfer_call"


def test_faqs_are_answered_from_the_knowledge():
    script = AgentScript(faqs=(("Are you open on Saturday?", "Yes, 9 to 12."),))
    conversation = Conversation(script)
    conversation.respond({})

    assert answer(conversation, "Is the clinic open on Saturday mornings?").say == f"Yes, 9 to 12. {ANYTHING_ELSE}"


def test_yes_no_answers_are_stored_as_booleans():
    conversation = Conversation(AgentScript(questions=(Question("insured", "Insured?", type="yes_no"),)))
    conversation.respond(TOOLS)

    assert answer(conversation, "Yes, I am.").call.arguments == {"key": "insured", "value": "true"}


def test_a_response_instruction_is_said_and_out_of_band_responses_summarise():
    conversation = greeted()
    answer(conversation, "Alex Morgan")

    assert conversation.respond(TOOLS, 'Say "Please hold."') == Turn(say="Please hold.")
    assert conversation.out_of_band("Summarise the call.").say == "The caller answered full_name: Alex Morgan."
