"""Pydantic v2 models of every noun: what is stored, returned by the API and carried in events.

Request bodies are `NewX` (create) and `XPatch` (partial update); they forbid unknown fields so a
typo is a clear error naming it rather than silently dropped.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name is imported from its module on first access (PEP 562): importing one model module must not
# build every model (a cold-start cost), yet `from vocadesk.models import Call` keeps working.
_MODULE_OF = {
    name: module
    for module, names in {
        "accounts": "Account NewUser Plan Role User UserPatch",
        "agents": "FAQ Agent AgentPatch ConversationDesign Knowledge KnowledgeBlock NewAgent Question QuestionType "
        "TransferMode TransferRule Voice",
        "calls": "Call CallAnalysis CallStatus Channel EndReason Recording Sentiment Speaker TransferInfo "
        "TransferResult Turn",
        "clients": "Client ClientPatch NewClient",
        "embeds": "ButtonStyle Embed EmbedPatch NewEmbed",
        "phone_numbers": "NewPhoneNumber PhoneNumber",
    }.items()
    for name in names.split()
}


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)


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
