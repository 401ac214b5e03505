"""Embeds: an agent placed on websites by one script tag; the browser's origin must be allowed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field

from vocadesk.ids import new_id
from vocadesk.models.fields import AgentId, Body, ClientId, EmbedId, HexColour, Model, Name, Origin, Stored


def _unique(origins: list[str]) -> list[str]:
    return list(dict.fromkeys(origins))


Origins = Annotated[
    list[Origin],
    Field(min_length=1, max_length=50, description="Pages allowed to start calls; duplicates are dropped."),
    AfterValidator(_unique),
]


class ButtonPosition(StrEnum):
    BOTTOM_RIGHT = "bottom-right"
    BOTTOM_LEFT = "bottom-left"


class ButtonStyle(Model):
    model_config = ConfigDict(extra="forbid")

    label: Name = "Talk to us"
    background: HexColour = "#1f6feb"
    foreground: HexColour = "#ffffff"
    position: ButtonPosition = ButtonPosition.BOTTOM_RIGHT


class NewEmbed(Body):
    agent_id: AgentId
    name: Name = "Website"
    allowed_origins: Origins
    button: ButtonStyle = Field(default_factory=ButtonStyle)


class EmbedPatch(Body):
    name: Name | None = None
    allowed_origins: Origins | None = None
    button: ButtonStyle | None = None
    enabled: bool | None = None


class Embed(Stored):
    id: EmbedId = Field(default_factory=lambda: new_id("emb"))
    agent_id: AgentId
    client_id: ClientId
    name: Name = "Website"
    allowed_origins: Origins
    button: ButtonStyle = Field(default_factory=ButtonStyle)
    enabled: bool = Field(True, description="A disabled embed mints no tokens: its button shows as unavailable.")


class EmbedView(Embed):
    """An embed as the API returns it: with the ready-to-paste snippets."""

    snippet: str = Field(description="One script tag: renders the floating call button.")
    inline_snippet: str = Field(description="The script tag plus a <vocadesk-call-button> placed inline.")
