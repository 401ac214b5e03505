"""The functions an agent's model may call during a call, declared from the agent itself.

`instructions.build` tells the model when to call them; the voice runtime declares them in the
session and acts on the calls. Enumerating the agent's own question keys and rule ids means the
model cannot invent a key or a transfer destination.
"""

from __future__ import annotations

from typing import Any

from vocadesk.models.agents import Agent, QuestionType

END_CALL = "end_call"
TRANSFER_CALL = "transfer_call"
RECORD_ANSWER = "record_answer"


def _function(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "function",
        "name": name,
        "description": description,
        "parameters": {"type": "object", "properties": properties, "required": required, "additionalProperties": False},
    }


def tools_for(agent: Agent) -> list[dict[str, Any]]:
    """Realtime `session.tools` for `agent`: end_call always, the others when the agent has rules/questions."""
    tools = [
        _function(
            END_CALL,
            "Hang up once the conversation is complete or the caller said goodbye.",
            {"reason": {"type": "string", "description": "Why the call ends, in a few words."}},
            [],
        )
    ]
    if agent.transfer_rules:
        tools.append(
            _function(
                TRANSFER_CALL,
                "Hand the caller to a person, per one of the transfer rules.",
                {
                    "rule_id": {"type": "string", "enum": [rule.id for rule in agent.transfer_rules]},
                    "reason": {"type": "string", "description": "What the caller needs, for the person."},
                    "callback_number": {
                        "type": "string",
                        "description": "Only when a transfer offered a callback: the number the caller gave.",
                    },
                },
                ["rule_id"],
            )
        )
    if agent.questions:
        tools.append(
            _function(
                RECORD_ANSWER,
                "Store the caller's answer to one of the questions to ask.",
                {
                    "key": {"type": "string", "enum": [question.key for question in agent.questions]},
                    "value": {"type": "string", "description": "The answer, as the question's type asks."},
                },
                ["key", "value"],
            )
        )
    return tools


def captured_value(agent: Agent, key: str, raw: object) -> str | int | float | bool | None:
    """A `record_answer` value stored the way its question's type says (None: no such question).

    The model speaks in strings; yes/no becomes a bool and numbers a number when they parse, and
    anything that does not parse is kept as said rather than lost.
    """
    question = next((q for q in agent.questions if q.key == key), None)
    if question is None:
        return None
    text = str(raw).strip()[:500]
    if question.type is QuestionType.YES_NO:
        lowered = text.lower().rstrip(".!")
        if lowered in ("yes", "y", "true", "yeah", "yep", "correct"):
            return True
        if lowered in ("no", "n", "false", "nope", "not really"):
            return False
    if question.type is QuestionType.NUMBER:
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text
