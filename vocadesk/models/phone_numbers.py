"""Phone numbers: E.164 numbers (unique across the platform) that route calls to an agent."""

from __future__ import annotations

from pydantic import Field

from vocadesk.models.fields import E164, AgentId, Body, ClientId, Name, Stored


class NewPhoneNumber(Body):
    number: E164
    label: Name = "Main line"
    agent_id: AgentId | None = None


class AgentAttachment(Body):
    agent_id: AgentId


class PhoneNumber(Stored):
    number: E164
    label: Name = "Main line"
    agent_id: AgentId | None = Field(None, description="The agent answering calls to this number; none: unanswered.")
    client_id: ClientId | None = None  # the attached agent's client, kept for "client still in use" checks
