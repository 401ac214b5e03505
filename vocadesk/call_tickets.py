"""What a browser gets to start a web or test call: a call token, where to use it and how to show the button.

Both doors share it: the embed gateway (`vocadesk.embed_tokens`, channel `web`) and the dashboard's
test call (`vocadesk.agents.test_call`, channel `test`). It decides nothing about who may call: the
callers check that first. The token is signed here and checked by the voice runtime (`WS /web`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from pydantic import AwareDatetime, Field

from vocadesk.call_routing import CallRefused, CallRoute, Refusal, route_to_agent
from vocadesk.errors import Forbidden
from vocadesk.models.embeds import ButtonStyle
from vocadesk.models.fields import Model
from vocadesk.origins import normalise
from vocadesk.settings import Settings, get_settings

if TYPE_CHECKING:
    from vocadesk.call_tokens import CallTokens
    from vocadesk.storage.repositories import Repositories


Channel = Literal["web", "test"]


class CallTicket(Model):
    token: str = Field(description="Call token (JWT): the first WebSocket message is `{type: start, token}`. One use.")
    expires_at: AwareDatetime = Field(description="The token is refused after this instant (30-300 s from now).")
    runtime_url: str = Field(
        description="WebSocket URL of the voice runtime to open, e.g. wss://voice.example.com/web."
    )
    channel: Channel
    button: ButtonStyle = Field(description="How the call button looks (the embed's style; the default for tests).")
    agent_name: str = Field(description="The agent that answers, to show while connecting.")


class AgentUnavailable(Forbidden):
    """The agent of a web or test call is gone."""

    code = "agent_unavailable"


class AccountSuspended(Forbidden):
    """The account may not take calls (e.g. suspended for billing)."""

    code = "account_suspended"


def callable_route(repos: Repositories, account_id: str, agent_id: str) -> CallRoute:
    """The agent and account a call would reach; Forbidden (with a code saying why) if it may not start."""
    try:
        return route_to_agent(repos, account_id, agent_id)
    except CallRefused as refused:
        if refused.reason is Refusal.ACCOUNT_SUSPENDED:
            raise AccountSuspended("this account cannot take calls right now", field="account") from refused
        raise AgentUnavailable("the agent of this call is no longer available", field="agent_id") from refused


def origin_of(url: str) -> str:
    """The origin (`scheme://host[:port]`, as browsers send it) of a page URL such as the dashboard's."""
    parts = urlsplit(url.strip())
    return normalise(f"{parts.scheme}://{parts.netloc}") or url


def runtime_url(settings: Settings) -> str:
    return settings.voice_public_ws_url or f"ws://{settings.voice_host}:{settings.voice_port}/web"


def call_tokens(settings: Settings) -> CallTokens:
    """The signer of `VOCADESK_CALL_TOKEN_KEYS`. pyjwt is imported with the first token, not at cold start:
    a preflight never needs it, and where `cryptography` is installed pyjwt loads it too (~60 ms)."""
    from vocadesk.call_tokens import CallTokens, parse_keys

    keys = parse_keys(settings.call_token_keys.get_secret_value())
    if not keys:
        raise RuntimeError("VOCADESK_CALL_TOKEN_KEYS is not set: web and test call tokens cannot be signed")
    return CallTokens(keys)


def issue(
    route: CallRoute,
    *,
    channel: Channel,
    origin: str,
    embed_id: str | None = None,
    user_id: str | None = None,
    button: ButtonStyle | None = None,
) -> CallTicket:
    """A ticket for one call to `route`'s agent from pages at `origin` (already checked by the caller)."""
    from vocadesk.call_tokens import CallGrant

    settings = get_settings()
    grant = CallGrant(
        account_id=route.account.id,
        client_id=route.agent.client_id,
        agent_id=route.agent.id,
        channel=channel,
        origin=origin,
        embed_id=embed_id,
        user_id=user_id,
    )
    token, issued = call_tokens(settings).issue(grant, ttl_seconds=settings.call_token_ttl_seconds)
    return CallTicket(
        token=token,
        expires_at=datetime.fromtimestamp(issued.expires_at, UTC),
        runtime_url=runtime_url(settings),
        channel=channel,
        button=button or ButtonStyle(),
        agent_name=route.agent.name,
    )
