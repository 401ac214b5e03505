"""Clients: the businesses an agency builds agents for."""

from __future__ import annotations

from pydantic import EmailStr, Field

from vocadesk.ids import new_id
from vocadesk.models.fields import Body, ClientId, Name, ShortText, Stored


class NewClient(Body):
    name: Name
    contact_email: EmailStr | None = None
    notes: ShortText = ""


class ClientPatch(Body):
    name: Name | None = None
    contact_email: EmailStr | None = None
    notes: ShortText | None = None


class Client(Stored):
    id: ClientId = Field(default_factory=lambda: new_id("cli"))
    name: Name
    contact_email: EmailStr | None = None
    notes: ShortText = ""
