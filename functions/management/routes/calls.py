"""Routes for /v1/calls (read-only: calls are written by event ingest)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.pagination import Cursor, Limit
from vocadesk import calls
from vocadesk.calls import CallDetail, as_utc
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.calls import Call, CallFilter, CallStatus, Channel
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()
Instant = Annotated[datetime | None, Query(description="ISO 8601 instant, e.g. 2026-11-01T00:00:00Z (no offset: UTC).")]


@router.get("/")
def list_calls(
    caller: SignedIn,
    limit: Limit = 20,
    cursor: Cursor = None,
    agent_id: Annotated[str | None, Query(max_length=64)] = None,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
    channel: Annotated[Channel | None, Query()] = None,
    status: Annotated[CallStatus | None, Query()] = None,
    started_from: Instant = None,
    started_before: Instant = None,
) -> Page[Call]:
    """Newest first. Filters combine; agent and client are exclusive (an agent belongs to one client)."""
    where = CallFilter(
        agent_id=agent_id,
        client_id=client_id,
        channel=channel,
        status=status,
        started_from=as_utc(started_from) if started_from else None,
        started_before=as_utc(started_before) if started_before else None,
    )
    return calls.list_page(default_repositories(), caller, where, limit=limit, cursor=cursor)


@router.get("/<call_id>")
def get_call(caller: SignedIn, call_id: Annotated[str, Path(max_length=64)]) -> CallDetail:
    return calls.get_detail(default_repositories(), caller, call_id)
