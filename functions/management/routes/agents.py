"""Routes for /v1/agents. Reads return an `ETag` (the version); updates honour `If-Match`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.etag import IfMatch, no_content, version_of, with_etag
from functions.management.routes.pagination import Cursor, Limit
from vocadesk import agents
from vocadesk.agents import Instructions
from vocadesk.call_tickets import CallTicket
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.agents import Agent, AgentPatch, NewAgent
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()
AgentIdPath = Annotated[str, Path(max_length=64)]


@router.get("/")
def list_agents(
    caller: SignedIn,
    limit: Limit = 20,
    cursor: Cursor = None,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[Agent]:
    return agents.list_page(default_repositories(), caller, client_id=client_id, limit=limit, cursor=cursor)


@router.post("/", status_code=HTTPStatus.CREATED)
def create_agent(caller: SignedIn, new: NewAgent) -> Response[Agent]:
    return with_etag(agents.create(default_repositories(), caller, new), HTTPStatus.CREATED)


@router.get("/<agent_id>")
def get_agent(caller: SignedIn, agent_id: AgentIdPath) -> Response[Agent]:
    return with_etag(agents.get(default_repositories(), caller, agent_id))


@router.patch("/<agent_id>")
def update_agent(
    caller: SignedIn,
    agent_id: AgentIdPath,
    patch: AgentPatch,
    if_match: IfMatch = None,
) -> Response[Agent]:
    updated = agents.update(default_repositories(), caller, agent_id, patch, expected_version=version_of(if_match))
    return with_etag(updated)


@router.delete("/<agent_id>", status_code=HTTPStatus.NO_CONTENT)
def delete_agent(caller: SignedIn, agent_id: AgentIdPath) -> Response[None]:
    agents.delete(default_repositories(), caller, agent_id)
    return no_content()


@router.post("/<agent_id>/duplicate", status_code=HTTPStatus.CREATED)
def duplicate_agent(caller: SignedIn, agent_id: AgentIdPath) -> Response[Agent]:
    return with_etag(agents.duplicate(default_repositories(), caller, agent_id), HTTPStatus.CREATED)


@router.get("/<agent_id>/instructions")
def agent_instructions(caller: SignedIn, agent_id: AgentIdPath) -> Instructions:
    return agents.instructions_of(default_repositories(), caller, agent_id)


@router.post("/<agent_id>/instructions")
def draft_instructions(caller: SignedIn, agent_id: AgentIdPath, draft: AgentPatch) -> Instructions:
    """The instructions an unsaved edit (an AgentPatch) would give the agent; nothing is saved."""
    return agents.draft_instructions(default_repositories(), caller, agent_id, draft)


@router.post("/<agent_id>/test-call", status_code=HTTPStatus.CREATED)
def start_test_call(caller: SignedIn, agent_id: AgentIdPath) -> Response[CallTicket]:
    """A call token to try the agent from the dashboard (channel `test`; owners and admins)."""
    ticket = agents.test_call(default_repositories(), caller, agent_id)
    return Response(status_code=HTTPStatus.CREATED, content_type=content_types.APPLICATION_JSON, body=ticket)
