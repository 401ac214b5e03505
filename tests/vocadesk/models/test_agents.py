import pytest
from pydantic import ValidationError

from vocadesk.ids import new_id
from vocadesk.models.agents import AgentPatch, NewAgent, Question, QuestionType, TransferRule


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.value.errors()}


def new_agent(**fields):
    return NewAgent(client_id=new_id("cli"), name="Front desk", **fields)


def test_a_minimal_agent_gets_sensible_defaults():
    agent = new_agent()

    assert agent.voice == "alloy"
    assert agent.language == "en-US"
    assert agent.conversation.greeting


def test_unknown_fields_are_named_in_the_error():
    with pytest.raises(ValidationError) as exc:
        new_agent(persona="x", greting="hi")

    assert "greting" in errors_of(exc)


def test_a_choice_question_needs_choices_and_others_may_not_have_them():
    Question(key="plan", prompt="Which plan?", type=QuestionType.CHOICE, choices=["Basic", "Pro"])
    with pytest.raises(ValidationError, match="choices"):
        Question(key="plan", prompt="Which plan?", type=QuestionType.CHOICE)
    with pytest.raises(ValidationError, match="choices"):
        Question(key="name", prompt="Your name?", choices=["a"])


def test_question_keys_must_be_snake_case():
    with pytest.raises(ValidationError) as exc:
        Question(key="Full Name", prompt="Your name?")

    assert "key" in errors_of(exc)


def test_duplicate_question_keys_and_rule_ids_are_refused_naming_the_list():
    question = Question(key="name", prompt="Your name?")
    rule = TransferRule(id="human", condition="caller asks for a person", destination="+14155550123")

    with pytest.raises(ValidationError) as questions:
        new_agent(questions=[question, question])
    with pytest.raises(ValidationError) as rules:
        new_agent(transfer_rules=[rule, rule])

    assert errors_of(questions) == {"questions": "duplicate key(s) name"}
    assert errors_of(rules) == {"transfer_rules": "duplicate key(s) human"}


def test_a_trigger_may_belong_to_one_rule_only():
    rules = [
        TransferRule(id=name, condition="caller asks", destination="+14155550123", triggers=["dtmf_0"])
        for name in ("desk", "manager")
    ]

    with pytest.raises(ValidationError) as exc:
        new_agent(transfer_rules=rules)

    assert errors_of(exc) == {"transfer_rules": "trigger(s) dtmf_0 on more than one rule"}


def test_a_patch_is_checked_for_duplicates_as_a_whole_agent_is():
    question = {"key": "name", "prompt": "Your name?"}

    with pytest.raises(ValidationError) as exc:
        AgentPatch(questions=[question, question])

    assert errors_of(exc) == {"questions": "duplicate key(s) name"}


def test_transfer_rules_need_a_dialable_destination():
    with pytest.raises(ValidationError) as exc:
        TransferRule(id="human", condition="caller asks for a person", destination="front desk")

    assert "destination" in errors_of(exc)


def test_unknown_voice_and_bad_language_are_named():
    with pytest.raises(ValidationError) as exc:
        new_agent(voice="robot", language="english")

    assert set(errors_of(exc)) == {"voice", "language"}


def test_a_patch_changes_only_what_it_names():
    patch = AgentPatch(name="Night desk")

    assert patch.model_dump(exclude_unset=True) == {"name": "Night desk"}
