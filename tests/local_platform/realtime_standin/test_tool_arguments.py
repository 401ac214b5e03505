from local_platform.realtime_standin.tool_arguments import arguments_for, coerce
from tests.local_platform.realtime_standin.support import front_desk
from vocadesk.call_tools import tools_for

TOOLS = {tool["name"]: tool for tool in tools_for(front_desk())}


def function(properties: dict, required: list[str]) -> dict:
    return {
        "type": "function",
        "name": "f",
        "parameters": {"type": "object", "properties": properties, "required": required},
    }


def test_the_runtime_tools_get_exactly_their_declared_parameters():
    assert arguments_for(TOOLS["record_answer"], {"key": "email", "value": "a@b.c"}) == {
        "key": "email",
        "value": "a@b.c",
    }
    assert arguments_for(TOOLS["transfer_call"], {"rule_id": "human", "reason": "asked"}) == {
        "rule_id": "human",
        "reason": "asked",
    }
    assert arguments_for(TOOLS["end_call"], {"reason": "done"}) == {"reason": "done"}


def test_other_names_for_the_same_meaning_are_found():
    tool = function({"question_key": {"type": "string"}, "answer": {"type": "string"}}, ["question_key", "answer"])

    assert arguments_for(tool, {"key": "full_name", "value": "Alex"}) == {"question_key": "full_name", "answer": "Alex"}


def test_an_enum_holding_the_value_or_a_required_string_takes_it():
    tool = function({"q": {"type": "string", "enum": ["full_name"]}, "said": {"type": "string"}}, ["q", "said"])

    assert arguments_for(tool, {"key": "full_name", "value": "Alex"}) == {"q": "full_name", "said": "Alex"}


def test_values_follow_declared_types_and_other_required_ones_are_filled():
    tool = function(
        {"value": {"type": "boolean"}, "key": {"type": "string"}, "confidence": {"type": "number"}},
        ["key", "value", "confidence"],
    )

    assert arguments_for(tool, {"key": "insured", "value": "Yes, I am"}) == {
        "key": "insured",
        "value": True,
        "confidence": 0,
    }
    assert coerce("about 3 people", {"type": "integer"}) == 3
    assert coerce(True, {"anyOf": [{"type": "string"}, {"type": "null"}]}) == "true"


def test_without_a_schema_the_meanings_are_the_names():
    assert arguments_for({"type": "function", "name": "record_answer"}, {"key": "k", "value": "v"}) == {
        "key": "k",
        "value": "v",
    }
