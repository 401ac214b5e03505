"""Phone numbers: E.164 numbers (unique across the platform) that route calls to an agent."""

from __future__ import annotations

from vocadesk.models.fields import E164, AgentId, Body, ClientId, Name, Stored


class NewPhoneNumber(Body):
    number: E164
    label: Name = "Main line"
    agent_id: AgentId | None = None


class PhoneNumber(Stored):
    number: E164
    label: Name = "Main line"
    agent_id: AgentId | None = None
    client_id: ClientId | None = None  # the attached agent's client, kept for "client still in use" checks
