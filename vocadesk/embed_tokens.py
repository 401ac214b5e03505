"""Web call tokens for embeds: a customer's page asks with the embed's public id, its origin decides.

In order: the embed must exist (404) and allow the page's origin (403); then the address's limit, the
embed being enabled, the agent and account able to take calls (403 each), and the embed's limit. Only
then is a token signed. The page may also read the button's look (`look`), under the same origin rule.
No HTTP here: the embed gateway (`functions/embed_token`) adds CORS around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from vocadesk import call_tickets
from vocadesk.call_tickets import CallTicket
from vocadesk.errors import Forbidden, NotFound
from vocadesk.models.embeds import ButtonStyle, Embed
from vocadesk.models.fields import Body, EmbedId, Model
from vocadesk.origins import normalise, origin_allowed
from vocadesk.rate_limits import Limit, RateLimiter, client_key
from vocadesk.settings import Settings, get_settings

if TYPE_CHECKING:
    from vocadesk.storage.repositories import Repositories


class EmbedTokenRequest(Body):
    embed_id: EmbedId


class EmbedLook(Model):
    """What a page needs to render an embed's button before any call: read, never minted."""

    button: ButtonStyle
    enabled: bool = Field(description="False: the button shows as unavailable (no tokens are handed out).")


class OriginNotAllowed(Forbidden):
    code = "origin_not_allowed"


class EmbedDisabled(Forbidden):
    code = "embed_disabled"


def limits(settings: Settings) -> tuple[Limit, Limit]:
    """(per address, per embed), from the settings."""
    window = settings.embed_token_limit_window_seconds
    return (
        Limit("embed_tokens_per_ip", settings.embed_token_limit_per_ip, window, "call tokens from this address"),
        Limit("embed_tokens_per_embed", settings.embed_token_limit_per_embed, window, "call tokens for this embed"),
    )


def embed_for_page(repos: Repositories, embed_id: str, origin: str | None) -> Embed:
    """The embed behind `embed_id` if the page at `origin` may use it: NotFound, else OriginNotAllowed.

    A missing `Origin` is refused too: browsers always send one on a cross-origin POST, so a request
    without one did not come from a page the embed's owner listed.
    """
    embed = repos.embeds.find_public(embed_id)
    if embed is None:
        raise NotFound("embed", embed_id)
    if not origin_allowed(origin, embed.allowed_origins):
        raise OriginNotAllowed("this page's origin is not allowed to start calls with this embed", field="origin")
    return embed


def issue(repos: Repositories, embed: Embed, *, origin: str, source_ip: str) -> CallTicket:
    """A web call token for a visitor of an allowed page (see `embed_for_page`), within the abuse limits."""
    per_ip, per_embed = limits(get_settings())
    limiter = RateLimiter(repos.rate_counters)
    limiter.hit(per_ip, client_key(source_ip))
    if not embed.enabled:
        raise EmbedDisabled("this embed is switched off: it cannot start calls", field="embed_id")
    route = call_tickets.callable_route(repos, embed.account_id, embed.agent_id)
    limiter.hit(per_embed, embed.id)
    page = normalise(origin) or origin  # as browsers send it again on the call's WebSocket
    return call_tickets.issue(route, channel="web", origin=page, embed_id=embed.id, button=embed.button)


def look(embed: Embed) -> EmbedLook:
    return EmbedLook(button=embed.button, enabled=embed.enabled)
