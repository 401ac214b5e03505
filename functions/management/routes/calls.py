"""Routes for /v1/calls (read-only: calls are written by event ingest)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.pagination import Cursor, Limit
from vocadesk import calls
from vocadesk.calls import CallDetail, CallFilter
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.calls import Call
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()


@router.get("/")
def list_calls(
    caller: SignedIn,
    limit: Limit = 20,
    cursor: Cursor = None,
    agent_id: Annotated[str | None, Query(max_length=64)] = None,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[Call]:
    where = CallFilter(agent_id=agent_id, client_id=client_id)
    return calls.list_page(default_repositories().calls, caller, where, limit=limit, cursor=cursor)


@router.get("/<call_id>")
def get_call(caller: SignedIn, call_id: Annotated[str, Path(max_length=64)]) -> CallDetail:
    return calls.get_detail(default_repositories().calls, caller, call_id)
