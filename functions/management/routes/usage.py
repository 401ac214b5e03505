"""Route for /v1/usage: call minutes by day and by client over a date range."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from vocadesk import usage
from vocadesk.lambda_support.http import SignedIn
from vocadesk.storage.repositories import default_repositories
from vocadesk.usage import Usage

router = APIGatewayHttpRouter()


@router.get("/")
def get_usage(
    caller: SignedIn,
    first_day: Annotated[
        date | None, Query(alias="from", description="First day (inclusive); default 29 days ago.")
    ] = None,
    last_day: Annotated[date | None, Query(alias="to", description="Last day (inclusive); default today.")] = None,
    tz: Annotated[str, Query(max_length=64, description="IANA time zone the days are counted in.")] = "UTC",
) -> Usage:
    today = datetime.now(UTC).astimezone(usage.zone(tz)).date()
    last = last_day or today
    first = first_day or last - timedelta(days=29)
    return usage.usage(default_repositories(), caller, first_day=first, last_day=last, timezone=tz)
