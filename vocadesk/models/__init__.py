"""Pydantic v2 models of every noun: what is stored, returned by the API and carried in events.

Request bodies are `NewX` (create) and `XPatch` (partial update); they forbid unknown fields so a
typo is a clear error naming it rather than silently dropped.
"""

from vocadesk.models.accounts import Account, NewUser, Plan, Role, User, UserPatch
from vocadesk.models.agents import (
    FAQ,
    Agent,
    AgentPatch,
    ConversationDesign,
    Knowledge,
    KnowledgeBlock,
    NewAgent,
    Question,
    QuestionType,
    TransferMode,
    TransferRule,
    Voice,
)
from vocadesk.models.calls import (
    Call,
    CallAnalysis,
    CallStatus,
    Channel,
    EndReason,
    Recording,
    Sentiment,
    Speaker,
    TransferInfo,
    TransferResult,
    Turn,
)
from vocadesk.models.clients import Client, ClientPatch, NewClient
from vocadesk.models.embeds import ButtonStyle, Embed, EmbedPatch, NewEmbed
from vocadesk.models.phone_numbers import NewPhoneNumber, PhoneNumber

__all__ = [
    "FAQ",
    "Account",
    "Agent",
    "AgentPatch",
    "ButtonStyle",
    "Call",
    "CallAnalysis",
    "CallStatus",
    "Channel",
    "Client",
    "ClientPatch",
    "ConversationDesign",
    "Embed",
    "EmbedPatch",
    "EndReason",
    "Knowledge",
    "KnowledgeBlock",
    "NewAgent",
    "NewClient",
    "NewEmbed",
    "NewPhoneNumber",
    "NewUser",
    "PhoneNumber",
    "Plan",
    "Question",
    "QuestionType",
    "Recording",
    "Role",
    "Sentiment",
    "Speaker",
    "TransferInfo",
    "TransferMode",
    "TransferResult",
    "TransferRule",
    "Turn",
    "User",
    "UserPatch",
    "Voice",
]
