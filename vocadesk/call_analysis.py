"""Post-call analysis: what a call was about, how the caller felt, how it ended, and the answers it captured.

Two ways to one `CallAnalysis`: `from_transcript` (deterministic, no provider: a lexicon for sentiment, a
summary built from the turns and the answers), and an AI model's structured output (`ModelAnalysis`, asked
for with `prompt`) merged by `from_model`. Either way the answers are typed per question
(`call_tools.captured_value`), those recorded during the call win, and missing required ones are listed.
No provider calls here: the adapters (`voice_container/adapters/openai_analysis.py`) make them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from vocadesk import call_tools
from vocadesk.models.agents import Agent
from vocadesk.models.calls import CallAnalysis, CapturedValue, Channel, EndReason, Sentiment, Speaker

MAX_PROMPT_TRANSCRIPT_CHARS = 60_000  # a one-hour call's transcript, roughly; beyond it the tail is dropped


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


POSITIVE = _words(
    "thanks thank great perfect good wonderful excellent awesome appreciate appreciated helpful love lovely happy "
    "glad nice fantastic amazing brilliant pleased excited easy quick"
)
NEGATIVE = _words(
    "angry bad terrible awful horrible upset frustrated frustrating annoyed annoying ridiculous worst hate "
    "unacceptable disappointed disappointing complaint problem wrong useless refund broken rude slow waiting "
    "confused confusing sad unhappy cancel"
)
NEGATIONS = _words("not no never don't dont isn't wasn't didn't can't cannot won't hardly")
THRESHOLD = 0.25  # |score| above it is positive/negative, else neutral

ENDINGS = {
    EndReason.CALLER_HANGUP: "when the caller hung up",
    EndReason.AGENT_ENDED: "when the agent closed the conversation",
    EndReason.TRANSFERRED: "with a transfer to a person",
    EndReason.MAX_DURATION: "at the maximum call length",
    EndReason.SILENCE_TIMEOUT: "after a long silence",
    EndReason.PROVIDER_ERROR: "because the AI provider failed",
    EndReason.SHUTDOWN: "when the voice runtime shut down",
    EndReason.ERROR: "on an error",
}


@dataclass(frozen=True)
class TranscriptLine:
    speaker: Speaker
    text: str


@dataclass(frozen=True)
class CallFacts:
    """What the runtime knows of a finished call: the input of every analysis."""

    agent: Agent
    channel: Channel
    reason: EndReason
    duration_ms: int
    turns: tuple[TranscriptLine, ...] = ()
    captured: dict[str, CapturedValue] = field(default_factory=dict)


class Analyzer(Protocol):
    async def analyze(self, facts: CallFacts) -> CallAnalysis: ...


class TranscriptAnalyzer:
    """The deterministic analysis (no provider key, local stand-in, or the fallback when a provider fails)."""

    async def analyze(self, facts: CallFacts) -> CallAnalysis:
        return from_transcript(facts)


# -- the deterministic analysis ---------------------------------------------------------------------
def from_transcript(facts: CallFacts) -> CallAnalysis:
    answers = typed_answers(facts.agent, facts.captured)
    missing = missing_answers(facts.agent, answers)
    caller_lines = [turn.text for turn in facts.turns if turn.speaker is Speaker.CALLER]
    score = sentiment_score(" ".join(caller_lines))
    outcome = _outcome(facts.reason, bool(caller_lines), missing)
    return CallAnalysis(
        summary=_summary(facts, caller_lines, answers, missing),
        sentiment=sentiment_of(score),
        sentiment_score=score,
        outcome=outcome,
        captured_data=answers,
        missing_answers=missing,
        success=outcome == "completed",
    )


def sentiment_score(text: str) -> float:
    """-1..1 from positive and negative words (a negation just before a word flips it), damped for few words."""
    words = re.findall(r"[a-z']+", text.lower())
    positive = negative = 0
    for at, word in enumerate(words):
        polarity = (word in POSITIVE) - (word in NEGATIVE)
        if polarity and at and words[at - 1] in NEGATIONS:
            polarity = -polarity
        positive += polarity > 0
        negative += polarity < 0
    return round((positive - negative) / (positive + negative + 1), 2)


def sentiment_of(score: float) -> Sentiment:
    if score > THRESHOLD:
        return Sentiment.POSITIVE
    if score < -THRESHOLD:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL


def _outcome(reason: EndReason, caller_spoke: bool, missing: list[str]) -> str:
    if reason is EndReason.TRANSFERRED:
        return "transferred"
    if reason in (EndReason.PROVIDER_ERROR, EndReason.ERROR):
        return "failed"
    if not caller_spoke:
        return "no_conversation"
    return "incomplete" if missing else "completed"


def _summary(facts: CallFacts, caller_lines: list[str], answers: dict[str, CapturedValue], missing: list[str]) -> str:
    sentences = [f"A caller reached {facts.agent.name} ({facts.channel.value} call, {_duration(facts.duration_ms)})."]
    if caller_lines:
        first = _clip(caller_lines[0], 120)
        more = {1: "", 2: " and spoke once more"}.get(
            len(caller_lines), f" and spoke {len(caller_lines) - 1} more times"
        )
        sentences.append(f'The caller first said "{first}"{more}.')
    else:
        sentences.append("The caller did not speak.")
    parts = []
    if answers:
        parts.append("captured " + ", ".join(f"{key}: {_said(value)}" for key, value in answers.items()))
    if missing:
        parts.append("still missing " + ", ".join(missing))
    if parts:
        joined = "; ".join(parts)
        sentences.append(joined[0].upper() + joined[1:] + ".")
    sentences.append(f"The call ended {ENDINGS[facts.reason]}.")
    return " ".join(sentences)


def _duration(ms: int) -> str:
    minutes, seconds = divmod(round(ms / 1000), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _said(value: CapturedValue) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else _clip(str(value), 60).rstrip(".!?")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split()).replace('"', "'")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- answers ------------------------------------------------------------------------------------------
def typed_answers(
    agent: Agent, recorded: dict[str, CapturedValue], suggested: dict[str, str] | None = None
) -> dict[str, CapturedValue]:
    """The answers, in question order: recorded during the call first, else suggested (typed per question)."""
    answers: dict[str, CapturedValue] = {}
    for question in agent.questions:
        if recorded.get(question.key) not in (None, ""):
            answers[question.key] = recorded[question.key]
        elif (suggested or {}).get(question.key, "").strip():
            answers[question.key] = call_tools.captured_value(agent, question.key, suggested[question.key])  # type: ignore[index]
    answers |= {key: value for key, value in recorded.items() if key not in answers}  # a question since removed
    return answers


def missing_answers(agent: Agent, answers: dict[str, CapturedValue]) -> list[str]:
    return [q.key for q in agent.questions if q.required and answers.get(q.key) in (None, "")]


# -- an AI model's analysis -----------------------------------------------------------------------------
class ModelAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    value: str


class ModelAnalysis(BaseModel):
    """What the model is asked to return (structured outputs: every field required, no open objects)."""

    model_config = ConfigDict(extra="forbid")

    summary: str
    sentiment: Sentiment
    sentiment_score: float
    outcome: str
    goals_met: bool
    answers: list[ModelAnswer]


SYSTEM_PROMPT = (
    "You analyse a finished call between a caller and an AI voice agent. Return: summary, 2 to 4 plain sentences "
    "on what the caller wanted and what happened; sentiment, the caller's (positive, neutral or negative), and "
    "sentiment_score from -1 (very negative) to 1 (very positive); outcome, a short phrase such as "
    "'appointment booked', 'question answered' or 'caller will call back'; goals_met, whether the agent's goals "
    "were reached; answers, for each question key the caller answered in the transcript, the answer as a plain "
    "string (dates as YYYY-MM-DD, yes/no as yes or no), leaving out questions not answered. Use only the transcript."
)


def prompt(facts: CallFacts) -> tuple[str, str]:
    """The system and user messages asking for a `ModelAnalysis` of the call."""
    agent = facts.agent
    lines = [f"Agent: {agent.name}", f"Channel: {facts.channel.value}", f"Ended: {ENDINGS[facts.reason]}"]
    lines.append(f"Duration: {_duration(facts.duration_ms)}")
    lines += [f"Goal: {goal}" for goal in agent.conversation.goals]
    for question in agent.questions:
        need = "required" if question.required else "optional"
        choices = f" one of {', '.join(question.choices)}" if question.choices else ""
        lines.append(f"Question [{question.key}, {question.type.value}{choices}, {need}]: {question.prompt}")
    if facts.captured:
        lines.append("Answers recorded during the call: " + ", ".join(f"{k}={v}" for k, v in facts.captured.items()))
    lines.append("Transcript:")
    transcript = "\n".join(f"{turn.speaker.value.title()}: {turn.text}" for turn in facts.turns)
    lines.append(transcript[:MAX_PROMPT_TRANSCRIPT_CHARS] or "(nothing was said)")
    return SYSTEM_PROMPT, "\n".join(lines)


def from_model(facts: CallFacts, model: ModelAnalysis) -> CallAnalysis:
    """The model's analysis, bounded and with the answers typed, merged and checked like the deterministic one."""
    answers = typed_answers(facts.agent, facts.captured, {a.key: a.value for a in model.answers})
    missing = missing_answers(facts.agent, answers)
    return CallAnalysis(
        summary=model.summary.strip()[:4000],
        sentiment=model.sentiment,
        sentiment_score=round(min(1.0, max(-1.0, model.sentiment_score)), 2),
        outcome=model.outcome.strip()[:200],
        captured_data=answers,
        missing_answers=missing,
        success=model.goals_met and not missing,
    )
