"""The instructions an agent's AI provider session runs with: built here once, for the runtime and the API.

Sections always come in this order, each omitted when the agent has nothing for it:
1. Role (persona)  2. How to speak (language, tone, voice-call manners)  3. Conversation (greeting, the
recording notice when announced, goals, do / don't, closing)  4. Questions to ask (in order, with their
`record_answer` keys)
5. Knowledge (text blocks, then FAQs)  6. Transfers (condition -> `transfer_call` with the rule id)
7. Ending the call (`end_call`).
The same agent always gives the same text. Transfer destinations are never shown to the model: it
names a rule, the runtime dials. Too much text is refused with an error naming the largest part.
"""

from __future__ import annotations

from vocadesk.errors import Invalid
from vocadesk.models.agents import Agent, QuestionType

RECORDING_NOTICE = "Right after the greeting, tell the caller that this call is recorded."
MAX_CHARS = 48_000  # ~12k tokens: leaves the model's context for the conversation itself

TYPE_HINTS = {
    QuestionType.TEXT: "",
    QuestionType.NUMBER: " (a number)",
    QuestionType.EMAIL: " (an email address; spell it back to confirm)",
    QuestionType.PHONE: " (a phone number; read it back digit by digit)",
    QuestionType.DATE: " (a date, stored as YYYY-MM-DD)",
    QuestionType.YES_NO: " (yes or no, stored as true/false)",
    QuestionType.CHOICE: "",
}


def _section(title: str, lines: list[str]) -> str:
    return f"# {title}\n" + "\n".join(lines) if lines else ""


def _role(agent: Agent) -> str:
    return _section("Role", [agent.persona.strip() or f"You are {agent.name}, a helpful voice assistant."])


def _speaking(agent: Agent) -> str:
    return _section(
        "How to speak",
        [
            f"- Speak in the language of the locale {agent.language} unless the caller clearly prefers another.",
            f"- Tone: {agent.conversation.tone}.",
            "- This is a live phone or web call: keep answers short, ask one question at a time, never use lists, "
            "markdown or emoji, and stop talking when the caller interrupts.",
            "- If you do not know something, say so; never invent facts, prices or appointments.",
        ],
    )


def _conversation(agent: Agent) -> str:
    design = agent.conversation
    lines = [f'- Open the call with: "{design.greeting}"']
    if agent.record_calls and agent.announce_recording:
        lines.append(f"- {RECORDING_NOTICE}")
    lines += [f"- Goal: {goal}" for goal in design.goals]
    lines += [f"- Do: {rule}" for rule in design.do]
    lines += [f"- Don't: {rule}" for rule in design.dont]
    lines.append(f'- When the conversation is complete, close with: "{design.closing}"')
    return _section("Conversation", lines)


def _questions(agent: Agent) -> str:
    lines = []
    for number, question in enumerate(agent.questions, start=1):
        need = "required" if question.required else "optional"
        hint = TYPE_HINTS[question.type]
        if question.type is QuestionType.CHOICE:
            hint = " (one of: " + ", ".join(question.choices) + ")"
        lines.append(f'{number}. [{question.key}, {need}] "{question.prompt}"{hint}')
    if lines:
        lines.append(
            "Ask these in order, naturally, skipping any the caller already answered. After each answer, "
            "call `record_answer` with the key in brackets and the answer. Do not end the call before "
            "the required ones are answered unless the caller insists."
        )
    return _section("Questions to ask", lines)


def _knowledge(agent: Agent) -> str:
    lines = []
    for block in agent.knowledge.blocks:
        lines += [f"## {block.title}", block.text.strip()]
    if agent.knowledge.faqs:
        lines.append("## Frequently asked questions")
        for faq in agent.knowledge.faqs:
            lines += [f"Q: {faq.question}", f"A: {faq.answer}"]
    if lines:
        lines.insert(0, "Answer from this knowledge only.")
    return _section("Knowledge", lines)


def _transfers(agent: Agent) -> str:
    lines = [
        f'- When {rule.condition}: say "{rule.handover_message}", then call `transfer_call` with rule_id "{rule.id}".'
        for rule in agent.transfer_rules
    ]
    return _section("Transferring to a person", lines)


def _ending() -> str:
    return _section(
        "Ending the call",
        [
            "- After the closing line, or when the caller says goodbye, call `end_call`.",
        ],
    )


SECTIONS = (_role, _speaking, _conversation, _questions, _knowledge, _transfers)


def build(agent: Agent) -> str:
    """The exact instructions sent to the AI provider for `agent` (Invalid when they would be too long)."""
    parts = [section(agent) for section in SECTIONS] + [_ending()]
    text = "\n\n".join(part for part in parts if part)
    if len(text) > MAX_CHARS:
        sizes = {
            "persona": len(_role(agent)),
            "knowledge": len(_knowledge(agent)),
            "questions": len(_questions(agent)),
            "conversation": len(_conversation(agent)),
        }
        largest = max(sizes, key=sizes.__getitem__)
        raise Invalid(
            f"instructions would be {len(text)} characters, over the limit of {MAX_CHARS}; "
            f"shorten the {largest} ({sizes[largest]} characters)",
            field=largest,
        )
    return text
