"""/v1/usage through the local gateway: minutes by day and by client, in the caller's time zone."""

from datetime import UTC, datetime, timedelta

import pytest

from vocadesk.events import CallEnded, CallStarted
from vocadesk.models.agents import Agent
from vocadesk.models.clients import Client


@pytest.fixture
def calls(repos, tenant_a, tenant_b):
    """Tenant A: 2 calls on Nov 10 (UTC), one late on Nov 11 UTC (= Nov 12 in Tokyo) for a second client."""
    second_client = repos.clients.create(Client(account_id=tenant_a.account_id, name="Second"))
    second_agent = repos.agents.create(Agent(account_id=tenant_a.account_id, client_id=second_client.id, name="B"))

    def call(tenant, at, seconds, agent=None):
        ids = tenant.new_call(at=at, agent=agent)
        repos.calls.record_started(CallStarted(**ids, seq=0, occurred_at=at))
        if seconds is not None:
            repos.calls.record_ended(
                CallEnded(**ids, seq=1, occurred_at=at, reason="caller_hangup", duration_ms=seconds * 1000),
                recording_verified=False,
            )

    call(tenant_a, datetime(2026, 11, 10, 9, tzinfo=UTC), 90)
    call(tenant_a, datetime(2026, 11, 10, 10, tzinfo=UTC), 30)
    call(tenant_a, datetime(2026, 11, 11, 20, tzinfo=UTC), 600, agent=second_agent)
    call(tenant_a, datetime(2026, 11, 10, 11, tzinfo=UTC), None)  # still in progress: a call, no minutes yet
    call(tenant_a, datetime(2026, 11, 13, 0, tzinfo=UTC), 999)  # outside the range asked for
    call(tenant_b, datetime(2026, 11, 10, 9, tzinfo=UTC), 3600)  # another account
    return second_client


def test_minutes_by_day_and_by_client(http, owner_a, tenant_a, calls):
    usage = http.get("/v1/usage?from=2026-11-10&to=2026-11-12", headers=owner_a).json()

    assert usage["total"] == {"calls": 4, "billable_seconds": 720, "minutes": 12.0}
    assert [(d["date"], d["calls"], d["minutes"]) for d in usage["days"]] == [
        ("2026-11-10", 3, 2.0),
        ("2026-11-11", 1, 10.0),
        ("2026-11-12", 0, 0.0),
    ]
    assert [(c["client_id"], c["calls"], c["billable_seconds"]) for c in usage["clients"]] == [
        (calls.id, 1, 600),
        (tenant_a.client.id, 3, 120),
    ]


def test_days_follow_the_callers_time_zone(http, owner_a, calls):
    usage = http.get("/v1/usage?from=2026-11-11&to=2026-11-12&tz=Asia/Tokyo", headers=owner_a).json()

    assert [(d["date"], d["billable_seconds"]) for d in usage["days"]] == [("2026-11-11", 0), ("2026-11-12", 600)]


def test_defaults_to_the_last_30_days(http, owner_a):
    usage = http.get("/v1/usage", headers=owner_a).json()

    today = datetime.now(UTC).date()
    assert usage["last_day"] == today.isoformat() and len(usage["days"]) == 30
    assert usage["first_day"] == (today - timedelta(days=29)).isoformat()


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("from=2026-11-12&to=2026-11-10", 400, "to"),
        ("from=2026-01-01&to=2026-12-31", 400, "to"),
        ("tz=Mars/Olympus", 400, "tz"),
        ("from=11/10/2026", 422, "query.from"),
    ],
)
def test_bad_ranges_are_named(http, owner_a, query, status, field):
    response = http.get(f"/v1/usage?{query}", headers=owner_a)

    assert response.status_code == status and response.json()["field"] == field
