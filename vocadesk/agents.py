"""Agents: create, read, list, update (optimistic concurrency), duplicate, delete, their instructions (as
saved, or as an unsaved draft would make them) and test calls from the dashboard.

An agent belongs to a client of the same account; it cannot be deleted while phone numbers or embeds
still route callers to it.
"""

from __future__ import annotations

from pydantic import Field, ValidationError

from vocadesk import call_tickets, instructions
from vocadesk.auth import Caller
from vocadesk.call_tickets import CallTicket
from vocadesk.errors import Conflict, Invalid, NotFound, first_error
from vocadesk.models.agents import Agent, AgentPatch, NewAgent
from vocadesk.models.fields import Model
from vocadesk.models.pages import Page
from vocadesk.settings import get_settings
from vocadesk.storage.repositories import Repositories


class Instructions(Model):
    agent_id: str
    version: int = Field(description="The stored version they were built from (a draft's: the one it edits).")
    characters: int
    max_characters: int = Field(instructions.MAX_CHARS, description="Longer instructions are refused.")
    instructions: str


def create(repos: Repositories, caller: Caller, new: NewAgent) -> Agent:
    caller.require_write()
    repos.clients.get(caller.account_id, new.client_id)  # NotFound unless the client is the caller's
    return repos.agents.create(Agent(account_id=caller.account_id, **new.model_dump()))


def get(repos: Repositories, caller: Caller, agent_id: str) -> Agent:
    return repos.agents.get(caller.account_id, agent_id)


def list_page(
    repos: Repositories, caller: Caller, *, client_id: str | None, limit: int, cursor: str | None
) -> Page[Agent]:
    if client_id:
        return repos.agents.list_for_client(caller.account_id, client_id, limit=limit, cursor=cursor)
    return repos.agents.list(caller.account_id, limit=limit, cursor=cursor)


def update(
    repos: Repositories, caller: Caller, agent_id: str, patch: AgentPatch, *, expected_version: int | None
) -> Agent:
    """Apply `patch`; with `expected_version` (If-Match), only if nobody changed the agent since."""
    caller.require_write()
    changes = patch.model_dump(exclude_unset=True)
    return repos.agents.patch(caller.account_id, agent_id, changes, expected_version=expected_version)


def duplicate(repos: Repositories, caller: Caller, agent_id: str) -> Agent:
    caller.require_write()
    original = repos.agents.get(caller.account_id, agent_id)
    fields = original.model_dump(exclude={"id", "version", "created_at", "updated_at", "name"})
    return repos.agents.create(Agent(**fields, name=f"Copy of {original.name}"[:120]))


def delete(repos: Repositories, caller: Caller, agent_id: str) -> None:
    caller.require_write()
    repos.agents.get(caller.account_id, agent_id)
    if repos.phone_numbers.list_for_agent(caller.account_id, agent_id, limit=1).items:
        raise Conflict("detach the agent's phone numbers first", field="agent_id")
    if repos.embeds.list_for_agent(caller.account_id, agent_id, limit=1).items:
        raise Conflict("delete the agent's embeds first", field="agent_id")
    repos.agents.delete(caller.account_id, agent_id)


def instructions_of(repos: Repositories, caller: Caller, agent_id: str) -> Instructions:
    return _instructions(repos.agents.get(caller.account_id, agent_id))


def draft_instructions(repos: Repositories, caller: Caller, agent_id: str, draft: AgentPatch) -> Instructions:
    """The instructions the agent would run with once `draft` is saved, from the runtime's own builder.

    Nothing is stored (any role may ask): an editor shows them while its user types. The draft is applied
    as `update` applies a patch, so what would not save cannot be previewed either (Invalid naming the field).
    """
    current = repos.agents.get(caller.account_id, agent_id)
    try:
        drafted = Agent.model_validate(current.model_dump() | draft.model_dump(exclude_unset=True))
    except ValidationError as error:
        field, message = first_error(error)  # e.g. `null` for a field that must have a value
        raise Invalid(f"{field}: {message}", field=field) from error
    return _instructions(drafted)


def _instructions(agent: Agent) -> Instructions:
    text = instructions.build(agent)
    return Instructions(agent_id=agent.id, version=agent.version, characters=len(text), instructions=text)


def test_call(repos: Repositories, caller: Caller, agent_id: str) -> CallTicket:
    """A token to try the agent from the dashboard (channel `test`): its page is the dashboard's origin."""
    caller.require_write()
    try:
        route = call_tickets.callable_route(repos, caller.account_id, agent_id)
    except call_tickets.AgentUnavailable as gone:
        raise NotFound("agent", agent_id) from gone  # not the caller's agent: as for every other route
    origin = call_tickets.origin_of(get_settings().public_url)
    return call_tickets.issue(route, channel="test", origin=origin, user_id=caller.user_id)
