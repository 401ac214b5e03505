"""Calls as the API reads them: newest-first filtered lists and one call with its turns and recording link.

Calls are written only by event ingest (`vocadesk.call_ingest`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import AwareDatetime, Field

from vocadesk.auth import Caller
from vocadesk.errors import Invalid
from vocadesk.models.calls import Call, CallFilter, Turn
from vocadesk.models.fields import utc_now
from vocadesk.models.pages import Page
from vocadesk.settings import get_settings
from vocadesk.storage.repositories import Repositories


class CallDetail(Call):
    """A call with its turns and, when it was recorded, a short-lived link that plays the recording."""

    turns: list[Turn]
    recording_url: str | None = Field(None, description="Presigned HTTPS GET of the WAV; expires soon, re-read.")
    recording_url_expires_at: AwareDatetime | None = None


def get_detail(repos: Repositories, caller: Caller, call_id: str, *, max_turns: int = 1000) -> CallDetail:
    call = repos.calls.get(caller.account_id, call_id)
    turns = repos.calls.turns(caller.account_id, call_id, limit=max_turns).items
    detail = CallDetail(**dict(call), turns=turns)  # every field, the excluded turn-seq sets included
    if call.recording is not None:
        ttl = get_settings().recording_url_ttl_seconds
        detail.recording_url = repos.recordings.playback_url(caller.account_id, call.recording.s3_key, expires_in=ttl)
        detail.recording_url_expires_at = utc_now() + timedelta(seconds=ttl)
    return detail


def list_page(repos: Repositories, caller: Caller, where: CallFilter, *, limit: int, cursor: str | None) -> Page[Call]:
    """Newest first; one Query whichever filters are used (channel and status filter what it reads)."""
    if where.agent_id and where.client_id:
        raise Invalid("filter by agent or by client, not both", field="client_id")
    if where.started_from and where.started_before and where.started_from >= where.started_before:
        raise Invalid("started_before must be later than started_from", field="started_before")
    return repos.calls.list(caller.account_id, where, limit=limit, cursor=cursor)


def as_utc(moment: datetime) -> datetime:
    """A query parameter's instant; a naive one (no offset) is read as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
