"""Agents: who the voice agent is, what it knows, what it asks, how it talks and when it hands over."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from vocadesk.ids import new_id
from vocadesk.models.fields import (
    AgentId,
    Body,
    ClientId,
    Destination,
    Key,
    LanguageTag,
    LongText,
    Model,
    Name,
    ShortText,
    Stored,
)

RuleText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Part(Model):
    """Nested agent parts are strict in requests and when read back alike."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class KnowledgeBlock(Part):
    title: Name
    text: LongText


class FAQ(Part):
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Knowledge(Part):
    blocks: list[KnowledgeBlock] = Field(default_factory=list, max_length=50)
    faqs: list[FAQ] = Field(default_factory=list, max_length=200)


class QuestionType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"


class Question(Part):
    """Something the agent must find out; the answer is captured under `key`."""

    key: Key
    prompt: RuleText
    required: bool = True
    type: QuestionType = QuestionType.TEXT
    choices: list[Name] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _choices_match_type(self) -> Self:
        if (self.type is QuestionType.CHOICE) != bool(self.choices):
            raise ValueError("choices are required for type 'choice' and allowed only there")
        return self


class ConversationDesign(Part):
    greeting: ShortText = "Hello! How can I help you today?"
    goals: list[RuleText] = Field(default_factory=list, max_length=20)
    tone: ShortText = "friendly and concise"
    closing: ShortText = "Thank you for calling. Goodbye!"
    do: list[RuleText] = Field(default_factory=list, max_length=30)
    dont: list[RuleText] = Field(default_factory=list, max_length=30)


class TransferMode(StrEnum):
    WARM = "warm"  # the human hears a summary before the caller is joined
    COLD = "cold"  # the caller is redirected straight to the destination


class TransferFallback(StrEnum):
    AGENT = "agent"  # nobody answered: the caller is back with the AI agent, which is told so
    VOICEMAIL = "voicemail"  # nobody answered: the caller hears `voicemail_message`, then the call ends


class TransferTrigger(StrEnum):
    """Hard triggers the voice runtime enforces itself, without asking the model."""

    DTMF_0 = "dtmf_0"  # the caller pressed 0
    MAX_DURATION = "max_duration"  # the call reached VOCADESK_MAX_CALL_SECONDS: transfer instead of hanging up
    PROVIDER_ERROR = "provider_error"  # the AI provider failed: transfer instead of apologising and hanging up


class TransferRule(Part):
    id: Key = Field(description="Stable name of the rule, reported in call.transferred.")
    condition: RuleText = Field(description="When to transfer, in plain language for the model.")
    destination: Destination
    mode: TransferMode = TransferMode.COLD
    handover_message: ShortText = "Let me transfer you to a colleague now."
    triggers: list[TransferTrigger] = Field(
        default_factory=list, max_length=3, description="Hard triggers that use this rule (one rule per trigger)."
    )
    timeout_seconds: int = Field(20, ge=5, le=120, description="How long the destination rings before giving up.")
    fallback: TransferFallback = Field(TransferFallback.AGENT, description="What the caller gets if nobody answers.")
    voicemail_message: ShortText = Field(
        "Sorry, nobody could take your call right now. We will call you back as soon as we can. Goodbye.",
        description="Said before hanging up when nobody answered and `fallback` is voicemail.",
    )


class Voice(StrEnum):
    """The AI provider's voices (OpenAI Realtime)."""

    ALLOY = "alloy"
    ASH = "ash"
    BALLAD = "ballad"
    CEDAR = "cedar"
    CORAL = "coral"
    ECHO = "echo"
    MARIN = "marin"
    SAGE = "sage"
    SHIMMER = "shimmer"
    VERSE = "verse"


def _repeated(values: list[str]) -> str:
    return ", ".join(sorted({value for value in values if values.count(value) > 1}))


def _unique_question_keys(questions: list[Question]) -> list[Question]:
    if twice := _repeated([question.key for question in questions]):
        raise PydanticCustomError("duplicate_key", "duplicate key(s) {keys}", {"keys": twice})
    return questions


def _distinct_rules(rules: list[TransferRule]) -> list[TransferRule]:
    if twice := _repeated([rule.id for rule in rules]):
        raise PydanticCustomError("duplicate_key", "duplicate key(s) {keys}", {"keys": twice})
    if twice := _repeated([trigger.value for rule in rules for trigger in set(rule.triggers)]):
        raise PydanticCustomError(
            "duplicate_trigger", "trigger(s) {triggers} on more than one rule", {"triggers": twice}
        )
    return rules


# List validators (not a model validator) so the error names the list, `questions` or `transfer_rules`, and a
# patch body is checked exactly as a whole agent is.
Questions = Annotated[list[Question], Field(max_length=30), AfterValidator(_unique_question_keys)]
TransferRules = Annotated[list[TransferRule], Field(max_length=20), AfterValidator(_distinct_rules)]


class AgentDesign(Model):
    """Everything that shapes a conversation; shared by the stored agent and its request bodies."""

    persona: LongText = ""
    knowledge: Knowledge = Field(default_factory=Knowledge)
    questions: Questions = Field(default_factory=list)
    conversation: ConversationDesign = Field(default_factory=ConversationDesign)
    transfer_rules: TransferRules = Field(default_factory=list)
    voice: Voice = Voice.ALLOY
    language: LanguageTag = "en-US"
    record_calls: bool = Field(True, description="Record both sides of every call (stereo WAV in S3).")
    announce_recording: bool = Field(False, description="The greeting tells the caller the call is recorded.")


class NewAgent(Body, AgentDesign):
    client_id: ClientId
    name: Name


class AgentPatch(Body):
    """Partial update: only the fields sent change (the client an agent serves does not)."""

    name: Name | None = None
    persona: LongText | None = None
    knowledge: Knowledge | None = None
    questions: Questions | None = None
    conversation: ConversationDesign | None = None
    transfer_rules: TransferRules | None = None
    voice: Voice | None = None
    language: LanguageTag | None = None
    record_calls: bool | None = None
    announce_recording: bool | None = None


class Agent(Stored, AgentDesign):
    id: AgentId = Field(default_factory=lambda: new_id("agt"))
    client_id: ClientId
    name: Name
