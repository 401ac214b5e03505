"""Embeds: an agent placed on customers' websites by one script tag, for the origins the account allows.

The embed id in the snippet is public; rotating it gives the embed a new id, so copies of the old
snippet stop working at once.
"""

from __future__ import annotations

from html import escape

from vocadesk.auth import Caller
from vocadesk.models.embeds import Embed, EmbedPatch, EmbedView, NewEmbed
from vocadesk.models.pages import Page
from vocadesk.settings import get_settings
from vocadesk.storage.repositories import Repositories

SDK_PATH = "/sdk/vocadesk.js"


def view(embed: Embed) -> EmbedView:
    """The embed with its snippets, pointing at wherever this deployment serves the SDK."""
    src = escape(get_settings().public_url.rstrip("/") + SDK_PATH)
    script = f'<script src="{src}" data-embed="{embed.id}" async></script>'
    inline = f'<script src="{src}" async></script>\n<vocadesk-call-button embed="{embed.id}"></vocadesk-call-button>'
    return EmbedView(**embed.model_dump(), snippet=script, inline_snippet=inline)


def create(repos: Repositories, caller: Caller, new: NewEmbed) -> EmbedView:
    caller.require_write()
    agent = repos.agents.get(caller.account_id, new.agent_id)  # NotFound (agent_id) unless the caller's
    embed = Embed(account_id=caller.account_id, client_id=agent.client_id, **new.model_dump())
    return view(repos.embeds.create(embed))


def get(repos: Repositories, caller: Caller, embed_id: str) -> EmbedView:
    return view(repos.embeds.get(caller.account_id, embed_id))


def list_page(
    repos: Repositories, caller: Caller, *, agent_id: str | None, limit: int, cursor: str | None
) -> Page[EmbedView]:
    if agent_id:
        page = repos.embeds.list_for_agent(caller.account_id, agent_id, limit=limit, cursor=cursor)
    else:
        page = repos.embeds.list(caller.account_id, limit=limit, cursor=cursor)
    return Page[EmbedView](items=[view(e) for e in page.items], next_cursor=page.next_cursor)


def update(
    repos: Repositories, caller: Caller, embed_id: str, patch: EmbedPatch, *, expected_version: int | None
) -> EmbedView:
    caller.require_write()
    changes = patch.model_dump(exclude_unset=True)
    return view(repos.embeds.patch(caller.account_id, embed_id, changes, expected_version=expected_version))


def delete(repos: Repositories, caller: Caller, embed_id: str) -> None:
    caller.require_write()
    repos.embeds.delete(caller.account_id, embed_id)


def rotate(repos: Repositories, caller: Caller, embed_id: str) -> EmbedView:
    caller.require_write()
    current = repos.embeds.get(caller.account_id, embed_id, consistent=True)
    return view(repos.embeds.rotate(current))
