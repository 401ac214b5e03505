"""Reads an agent back out of its session instructions (the text `vocadesk.instructions.build` writes).

Pure text parsing: `# Heading` sections, the greeting (with the recording notice) and closing lines, numbered
questions with their `[key, required]` and type hint, transfer rules and FAQs. Instructions in any other shape
still give a usable script (a generic greeting and closing, nothing to ask).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

GENERIC_GREETING = "Hello! How can I help you today?"
GENERIC_CLOSING = "Thank you for calling. Goodbye!"

_GREETING = re.compile(r'^- Open the call with: "(?P<text>.*)"\s*$')
_CLOSING = re.compile(r'^- When the conversation is complete, close with: "(?P<text>.*)"\s*$')
_QUESTION = re.compile(
    r'^\d+\. \[(?P<key>[^,\]]+), (?P<need>required|optional)\] "(?P<prompt>.*)"(?: \((?P<hint>[^()]*)\))?\s*$'
)
_TRANSFER = re.compile(
    r'^- When (?P<condition>.*?): say "(?P<message>.*)", then call `transfer_call` with rule_id "(?P<rule>[^"]+)"\.\s*$'
)
_RECORDING_NOTICE = "tell the caller that this call is recorded"  # vocadesk.instructions.RECORDING_NOTICE
RECORDED = "This call is recorded."
_LOCALE = re.compile(r"language of the locale (?P<locale>[A-Za-z]{2,3}(?:-[A-Za-z]{2})?)")
_HINT_TYPES = {
    "a number": "number",
    "an email address": "email",
    "a phone number": "phone",
    "a date": "date",
    "yes or no": "yes_no",
    "one of": "choice",
}


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    required: bool = True
    type: str = "text"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TransferRule:
    rule_id: str
    condition: str
    handover_message: str


@dataclass(frozen=True)
class AgentScript:
    greeting: str = GENERIC_GREETING
    closing: str = GENERIC_CLOSING
    questions: tuple[Question, ...] = ()
    transfers: tuple[TransferRule, ...] = ()
    faqs: tuple[tuple[str, str], ...] = ()
    locale: str = "en-US"


def sections(text: str) -> dict[str, list[str]]:
    """Lines under each `# Heading` (lines before the first heading are under "")."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.splitlines():
        if line.startswith("# "):
            current = line[2:].strip()
            found.setdefault(current, [])
        else:
            found[current].append(line)
    return found


def _question(match: re.Match[str]) -> Question:
    hint = (match["hint"] or "").strip()
    kind = next((name for prefix, name in _HINT_TYPES.items() if hint.startswith(prefix)), "text")
    choices = tuple(c.strip() for c in hint.removeprefix("one of:").split(",")) if kind == "choice" else ()
    return Question(match["key"].strip(), match["prompt"], match["need"] == "required", kind, choices)


def _faqs(lines: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line, following in itertools.pairwise(lines):
        if line.startswith("Q: ") and following.startswith("A: "):
            pairs.append((line[3:].strip(), following[3:].strip()))
    return tuple(pairs)


def parse(instructions: str) -> AgentScript:
    """The agent a session's instructions describe (generic parts where they say nothing)."""
    found = sections(instructions or "")
    lines = [line for body in found.values() for line in body]
    greeting = next((m["text"] for m in map(_GREETING.match, lines) if m), GENERIC_GREETING)
    if any(_RECORDING_NOTICE in line for line in lines):
        greeting = f"{greeting} {RECORDED}"
    closing = next((m["text"] for m in map(_CLOSING.match, lines) if m), GENERIC_CLOSING)
    questions = tuple(_question(m) for m in map(_QUESTION.match, found.get("Questions to ask", [])) if m)
    transfers = tuple(TransferRule(m["rule"], m["condition"], m["message"]) for m in map(_TRANSFER.match, lines) if m)
    locale = next((m["locale"] for m in map(_LOCALE.search, lines) if m), "en-US")
    return AgentScript(greeting, closing, questions, transfers, _faqs(found.get("Knowledge", [])), locale)
