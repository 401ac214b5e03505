"""Which agent answers an incoming call, read-only: the voice runtime's only use of the tables.

A call is refused (the caller hears a short apology) when nobody owns the dialled number, no agent
is attached to it, the agent is gone, or the account may not take calls (e.g. suspended for billing).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vocadesk.errors import NotFound
from vocadesk.models.accounts import Account
from vocadesk.models.agents import Agent
from vocadesk.storage.repositories import Repositories
from vocadesk.storage.routes import RouteKind


class Refusal(StrEnum):
    UNKNOWN_NUMBER = "unknown_number"
    NO_AGENT = "no_agent"
    ACCOUNT_SUSPENDED = "account_suspended"


class CallRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class CallRoute:
    account: Account
    agent: Agent


def route_phone_call(repos: Repositories, called: str) -> CallRoute:
    """The account and agent that answer calls to `called` (E.164); CallRefused says why not.

    Two requests: the number's route names the attached agent, then agent and account come together. A
    route naming no agent is a detached number; the number itself is read only then, to be sure."""
    route = repos.routes.resolve(RouteKind.PHONE, called)
    if route is None:
        raise CallRefused(Refusal.UNKNOWN_NUMBER)
    agent_id = route.agent_id
    if agent_id is None:
        try:
            agent_id = repos.phone_numbers.get(route.account_id, route.item_id).agent_id
        except NotFound as error:
            raise CallRefused(Refusal.UNKNOWN_NUMBER) from error
        if agent_id is None:
            raise CallRefused(Refusal.NO_AGENT)
    return route_to_agent(repos, route.account_id, agent_id)


def route_to_agent(repos: Repositories, account_id: str, agent_id: str) -> CallRoute:
    """The route for a call to a known agent (web and test calls name it directly). The agent and its account
    come in one request: this is on the way to every greeting (and every embed's call token)."""
    agent_key, account_key = repos.agents.key(account_id, agent_id), repos.accounts.key(account_id)
    found = repos.table.get_many([agent_key, account_key])
    if agent_key not in found or account_key not in found:
        raise CallRefused(Refusal.NO_AGENT)
    agent, account = repos.agents.from_item(found[agent_key]), repos.accounts.from_item(found[account_key])
    if not account.can_take_calls:
        raise CallRefused(Refusal.ACCOUNT_SUSPENDED)
    return CallRoute(account=account, agent=agent)
