"""Usage: call minutes by day and by client over a date range, aggregated from the stored calls.

Days are calendar days in the caller's time zone (a call counts on the day it began), every day of
the range is listed (zeros included) so a chart needs no gap filling. Minutes are billable seconds
(every started second) / 60. The range is capped so one request reads a bounded number of calls.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field

from vocadesk.auth import Caller
from vocadesk.errors import Invalid
from vocadesk.ids import timestamp_of
from vocadesk.models.fields import Model
from vocadesk.storage.repositories import Repositories

MAX_DAYS = 92


class UsageRow(Model):
    calls: int = Field(description="Calls that began in the period (ended or not).")
    billable_seconds: int
    minutes: float = Field(description="billable_seconds / 60, rounded to 2 decimals.")


class DayUsage(UsageRow):
    date: date


class ClientUsage(UsageRow):
    client_id: str


class Usage(Model):
    first_day: date
    last_day: date
    timezone: str
    total: UsageRow
    days: list[DayUsage] = Field(description="Every day of the range, oldest first.")
    clients: list[ClientUsage] = Field(description="Clients with calls in the range, most minutes first.")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise Invalid(f"unknown time zone {name!r}; use an IANA name such as Europe/Paris", field="tz") from error


def usage(repos: Repositories, caller: Caller, *, first_day: date, last_day: date, timezone: str = "UTC") -> Usage:
    """Usage of the caller's account for the days first_day..last_day (inclusive) in `timezone`."""
    tz = zone(timezone)
    if last_day < first_day:
        raise Invalid("`to` must be on or after `from`", field="to")
    if (last_day - first_day).days >= MAX_DAYS:
        raise Invalid(f"a usage range spans at most {MAX_DAYS} days", field="to")
    start = datetime.combine(first_day, time(), tz)
    end = datetime.combine(last_day + timedelta(days=1), time(), tz)

    days: dict[date, Counter[str]] = {
        first_day + timedelta(days=n): Counter() for n in range((last_day - first_day).days + 1)
    }
    clients: dict[str, Counter[str]] = {}
    for call in repos.calls.started_between(caller.account_id, start, end, ("id", "client_id", "billable_seconds")):
        day = timestamp_of(call["id"]).astimezone(tz).date()
        if day not in days:  # the id range is padded to whole milliseconds; stay inside the days asked for
            continue
        seconds = int(call.get("billable_seconds", 0))
        for counter in (days[day], clients.setdefault(call["client_id"], Counter())):
            counter["calls"] += 1
            counter["billable_seconds"] += seconds

    total = sum(days.values(), Counter())
    return Usage(
        first_day=first_day,
        last_day=last_day,
        timezone=timezone,
        total=_row(UsageRow, total),
        days=[_row(DayUsage, counts, date=day) for day, counts in days.items()],
        clients=sorted(
            (_row(ClientUsage, counts, client_id=client_id) for client_id, counts in clients.items()),
            key=lambda row: (-row.billable_seconds, row.client_id),
        ),
    )


def _row(kind: type[UsageRow], counts: Counter[str], **fields: object) -> UsageRow:
    seconds = counts["billable_seconds"]
    return kind(calls=counts["calls"], billable_seconds=seconds, minutes=round(seconds / 60, 2), **fields)
