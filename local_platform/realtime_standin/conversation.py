"""The scripted "model": what the agent says and calls next, following the agent its instructions describe.

It greets (with the first question), records each answer through `record_answer`, asks the next question
once the tool's output is in, closes and calls `end_call` after the last one or on goodbye, and hands over
through `transfer_call` when the caller asks for a person or matches a transfer rule. Spoken caller turns
have no words locally: their transcript is the next scripted caller line, or a plausible answer. Pure.
"""

from __future__ import annotations

import copy
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from local_platform.realtime_standin.agent_script import AgentScript, Question, TransferRule
from local_platform.realtime_standin.tool_arguments import TRUE_WORDS, arguments_for

RECORD_ANSWER, TRANSFER_CALL, END_CALL = "record_answer", "transfer_call", "end_call"
CALLBACK_QUESTION = "I can't put you through from here, but a colleague can call you back. What number should we call?"
TRANSFER_WORDS = ("human", "person", "agent", "representative", "operator")
GOODBYE_PHRASES = ("goodbye", "bye", "that's all", "that is all", "hang up", "nothing else")
ANYTHING_ELSE = "Is there anything else I can help you with?"
FINAL_CALLER_LINE = "That's everything, thank you. Goodbye."
OPENING_CALLER_LINE = "Hi, I have a quick question about your opening hours."
_DEFAULT_ANSWERS = {
    "email": "alex.morgan@example.com",
    "phone": "+1 415 555 0134",
    "date": "2025-06-12",
    "number": "2",
    "yes_no": "Yes",
}
_TEXT_ANSWERS = (
    ("name", "Alex Morgan"),
    ("address", "12 Market Street, Springfield"),
    ("company", "Morgan and Company"),
    ("reason", "I'd like to book an appointment."),
    ("topic", "I'd like to book an appointment."),
    ("issue", "My last invoice looks wrong."),
)


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Turn:
    """One response: speech (spoken or text), then optionally one function call."""

    say: str | None = None
    call: ToolCall | None = None


def default_answer(question: Question) -> str:
    if question.type == "choice" and question.choices:
        return question.choices[0]
    if question.type in _DEFAULT_ANSWERS:
        return _DEFAULT_ANSWERS[question.type]
    key = question.key.lower()
    return next((answer for word, answer in _TEXT_ANSWERS if word in key), "Next Tuesday morning works for me.")


def _words(text: str) -> set[str]:
    return {word.rstrip("s") for word in re.findall(r"[a-z']+", text.lower())}


_STOPWORDS = _words("caller asks wants would like when they their them about with this that speak talk have call")


def _meaningful(text: str) -> set[str]:
    return {word for word in _words(text) if len(word) > 3} - _STOPWORDS


@dataclass
class _State:
    greeted: bool = False
    asked: int | None = None  # the question awaiting the caller's answer
    next_question: int = 0
    heard: list[str] = field(default_factory=list)  # caller words not acted on yet
    outputs: list[str | None] = field(default_factory=list)  # names of tools whose output came in
    calls: dict[str, str] = field(default_factory=dict)  # call_id -> tool name
    answers: dict[str, Any] = field(default_factory=dict)
    caller_turns: int = 0
    ended: bool = False
    transferred_to: str | None = None
    callback: str | None = None  # a web transfer offered a callback: "offered", "asked", then "taken"


class Conversation:
    def __init__(
        self,
        script: AgentScript,
        caller_lines: Iterable[str] = (),
        *,
        transfer_words: Iterable[str] = TRANSFER_WORDS,
        goodbye_phrases: Iterable[str] = GOODBYE_PHRASES,
    ) -> None:
        self.script = script
        self._lines = deque(caller_lines)
        self._transfer_words = {word.lower() for word in transfer_words}
        self._goodbye = tuple(phrase.lower() for phrase in goodbye_phrases)
        self._state = _State()
        self._before: _State | None = None

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self._state.answers)

    # what the caller does

    def caller_says(self) -> str:
        """The transcript of the next spoken caller turn: the script's next line, else a plausible one."""
        if self._lines:
            return self._lines.popleft()
        state = self._state
        if state.asked is not None:
            return default_answer(self.script.questions[state.asked])
        return OPENING_CALLER_LINE if state.caller_turns == 0 and not self.script.questions else FINAL_CALLER_LINE

    def heard(self, text: str) -> None:
        if text.strip():
            self._state.heard.append(text.strip())
            self._state.caller_turns += 1

    def called(self, call_id: str, name: str) -> None:
        self._state.calls[call_id] = name

    def tool_output(self, call_id: str, output: str = "") -> None:
        name = self._state.calls.pop(call_id, None)
        self._state.outputs.append(name)
        if name == TRANSFER_CALL and "callback_number" in output:  # the runtime offers a callback (web calls)
            self._state.callback = "taken" if '"ok": true' in output else "offered"

    # what the agent does

    def respond(self, tools: dict[str, dict[str, Any]], instructions: str | None = None) -> Turn:
        """The next turn; `instructions` is a `response.create` override (spoken when it is a directive)."""
        self._before = copy.deepcopy(self._state)
        state = self._state
        if instructions and "# Role" not in instructions:
            return Turn(say=_directive(instructions))
        if not state.greeted:
            state.greeted = True
            return Turn(say=" ".join(filter(None, [self.script.greeting, self._ask_next()])))
        if state.heard:
            text = " ".join(state.heard)
            state.heard.clear()
            return self._reply(text, tools)
        if state.outputs:
            answered = RECORD_ANSWER in state.outputs
            state.outputs.clear()
            if state.callback == "offered":
                state.callback = "asked"
                return Turn(say=CALLBACK_QUESTION)
            if state.callback == "taken":
                return self._close(tools, "A callback was arranged.")
            return self._after_answer(tools) if answered else Turn()
        if state.ended or state.transferred_to:
            return Turn()
        if state.asked is not None:
            return Turn(say=f"Sorry, I didn't catch that. {self.script.questions[state.asked].prompt}")
        return Turn(say=ANYTHING_ELSE)

    def interrupted(self) -> None:
        """The last turn was cut off before its call went out: as if it had not been decided."""
        if self._before is None:
            return
        later = self._state
        self._state, self._before = self._before, None
        self._state.greeted = True
        self._state.heard += later.heard
        self._state.outputs += later.outputs
        self._state.calls.update(later.calls)

    def out_of_band(self, instructions: str | None) -> Turn:
        """A response outside the conversation (`conversation: "none"`): a quoted directive, else a summary."""
        if instructions and '"' in instructions:
            return Turn(say=_directive(instructions))
        answers = "; ".join(f"{key}: {value}" for key, value in self._state.answers.items()) or "nothing captured"
        outcome = f" Transferred by rule {self._state.transferred_to}." if self._state.transferred_to else ""
        return Turn(say=f"The caller answered {answers}.{outcome}")

    def _ask_next(self) -> str | None:
        state = self._state
        if state.next_question >= len(self.script.questions):
            return None
        state.asked, state.next_question = state.next_question, state.next_question + 1
        return self.script.questions[state.asked].prompt

    def _reply(self, text: str, tools: dict[str, dict[str, Any]]) -> Turn:
        state = self._state
        if state.ended:
            return Turn()
        if state.callback == "asked" and state.transferred_to:
            meant = {"rule_id": state.transferred_to, "callback_number": text}
            return Turn(call=_call(tools, TRANSFER_CALL, meant))
        rule = self._transfer_rule(text)
        if rule is not None:
            state.transferred_to = rule.rule_id
            meant = {"rule_id": rule.rule_id, "reason": text}
            return Turn(say=rule.handover_message, call=_call(tools, TRANSFER_CALL, meant))
        if any(re.search(rf"\b{re.escape(phrase)}\b", text.lower()) for phrase in self._goodbye):
            return self._close(tools, "The caller said goodbye.")
        if state.asked is not None:
            question = self.script.questions[state.asked]
            state.asked = None
            value = _normalised(question, text)
            state.answers[question.key] = value
            call = _call(tools, RECORD_ANSWER, {"key": question.key, "value": value})
            return Turn(call=call) if call else self._after_answer(tools)
        answer = next((a for q, a in self.script.faqs if len(_meaningful(q) & _meaningful(text)) >= 2), None)
        return Turn(say=f"{answer} {ANYTHING_ELSE}" if answer else f"I understand. {ANYTHING_ELSE}")

    def _after_answer(self, tools: dict[str, dict[str, Any]]) -> Turn:
        prompt = self._ask_next()
        return Turn(say=f"Thank you. {prompt}") if prompt else self._close(tools, "The conversation is complete.")

    def _close(self, tools: dict[str, dict[str, Any]], reason: str) -> Turn:
        self._state.ended = True
        return Turn(say=self.script.closing, call=_call(tools, END_CALL, {"reason": reason}))

    def _transfer_rule(self, text: str) -> TransferRule | None:
        """A rule the caller asked for: by a transfer word, or (between questions) by its condition's words."""
        rules = self.script.transfers
        if not rules:
            return None
        scores = [len(_meaningful(text) & _meaningful(rule.condition)) for rule in rules]
        best = max(range(len(rules)), key=scores.__getitem__)
        if _words(text) & self._transfer_words:
            if scores[best] > 0:
                return rules[best]
            return next((rule for rule in rules if _words(rule.condition) & self._transfer_words), rules[0])
        # while a question waits, an answer that merely shares a word with a condition is still an answer
        return rules[best] if scores[best] > 0 and self._state.asked is None else None


def _call(tools: dict[str, dict[str, Any]], name: str, meant: dict[str, Any]) -> ToolCall | None:
    return ToolCall(name, arguments_for(tools[name], meant)) if name in tools else None


def _normalised(question: Question, text: str) -> Any:
    """yes/no answers are stored as true/false (as the instructions ask); everything else as said."""
    if question.type == "yes_no":
        return text.lower().strip(" .!").split(" ")[0].strip(",") in TRUE_WORDS
    return text


def _directive(instructions: str) -> str:
    """What a per-response instruction makes the agent say: its quoted text, else the instruction itself."""
    quoted = re.search(r'"([^"]+)"', instructions)
    return (quoted[1] if quoted else instructions).strip()[:500]
