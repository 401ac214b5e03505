"""Transfer policy, pure: which rule a trigger picks, whether it may be dialled on this call, the caller ID
the person sees, what they hear first on a warm transfer, and a web caller's callback number as E.164.
`TransferDesk` (transfers.py) runs the handovers this decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vocadesk.models.agents import Agent, TransferMode, TransferRule, TransferTrigger
from vocadesk.models.calls import Speaker

if TYPE_CHECKING:
    from voice_container.call.context import CallContext

_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def parse_prefixes(text: str) -> tuple[str, ...]:
    """`VOCADESK_TRANSFER_ALLOWED_PREFIXES` as a tuple of prefixes (blank entries dropped)."""
    return tuple(entry.strip() for entry in text.split(",") if entry.strip())


def rule_for_trigger(agent: Agent, trigger: TransferTrigger) -> TransferRule | None:
    return next((rule for rule in agent.transfer_rules if trigger in rule.triggers), None)


def refusal(call: CallContext, rule: TransferRule, prefixes: Sequence[str], *, rest_ready: bool) -> str | None:
    """Why `rule` cannot be dialled on this call (None: it can). Checked before anything is dialled."""
    if not any(rule.destination.startswith(prefix) for prefix in prefixes):
        return "destination_not_allowed"
    if not rest_ready:
        return "twilio_not_configured"
    if not call.external_id:
        return "no_call_sid"
    if rule.mode is TransferMode.WARM and not call.called:
        return "no_number_to_call_from"
    return None


def caller_id_for(call: CallContext) -> str | None:
    """The caller ID the person sees on a cold transfer: the caller's own number when it is a valid E.164
    number (Twilio allows the calling number as `callerId`), else the number they called (ours). Twilio
    rejects any other callerId (error 13214); a withheld or malformed caller ID would fail the dial."""
    if call.caller and _E164.match(call.caller):
        return call.caller
    return call.called if call.called and _E164.match(call.called) else None


def summary_of(call: CallContext, reason: str, turns: Sequence[tuple[Speaker, str]], captured: dict[str, Any]) -> str:
    """What the person hears before the caller joins a warm transfer, built from the transcript so far."""
    parts = [f"Incoming transfer from the {call.agent.name} assistant."]
    if reason:
        parts.append(f"The caller needs: {reason.rstrip('.')}.")
    if captured:
        parts.append("Details: " + "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in captured.items()) + ".")
    said = [text for speaker, text in turns if speaker is Speaker.CALLER][-2:]
    if said:
        parts.append("They said: " + " ... ".join(said)[:400])
    parts.append("Connecting you now.")
    return " ".join(parts)


def callback_number(raw: str) -> str | None:
    """A callback number as E.164 when it reads as one (spaces, dashes, brackets dropped), else None."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.isdigit() and len(digits) == 10:
        digits = "+1" + digits  # a bare 10-digit number is read as North American
    return digits if _E164.match(digits) else None
