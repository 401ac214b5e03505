"""Calls lists narrowed by status, channel and start time: one Query, the same answer as the stored facts."""

from datetime import UTC, datetime, timedelta

import pytest

from vocadesk.errors import Invalid
from vocadesk.events import CallEnded, CallStarted, CallTranscript, CallTransferred
from vocadesk.models.calls import CallFilter, CallStatus, Channel

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def calls(repos, tenant_a):
    """One call per shape of stored facts, a minute apart, alternating channels; returns {name: call_id}."""
    made = {}

    def new(name, minute, channel):
        ids = tenant_a.new_call(at=T0 + timedelta(minutes=minute), channel=channel)
        made[name] = ids["call_id"]
        return ids, T0 + timedelta(minutes=minute)

    ids, at = new("ringing", 0, "phone")  # only a transcript arrived so far
    repos.calls.record_transcript(
        CallTranscript(**ids, seq=1, occurred_at=at, speaker="caller", text="hi", started_ms=0, ended_ms=1)
    )
    for minute, (name, transfer, ended) in enumerate(
        [
            ("in_progress", None, False),
            ("transferred", "initiated", False),
            ("transfer_failed", "failed", False),
            ("ended", None, True),
            ("ended_after_transfer", "connected", True),
        ],
        start=1,
    ):
        ids, at = new(name, minute, "web" if minute % 2 else "phone")
        repos.calls.record_started(CallStarted(**ids, seq=0, occurred_at=at))
        if transfer:
            repos.calls.record_transferred(
                CallTransferred(**ids, seq=2, occurred_at=at, mode="cold", result=transfer, destination="+14155550100")
            )
        if ended:
            repos.calls.record_ended(
                CallEnded(**ids, seq=3, occurred_at=at, reason="caller_hangup", duration_ms=61_000),
                recording_verified=False,
            )
    return made


def listed(repos, tenant, **where):
    return [c.id for c in repos.calls.list(tenant.account_id, CallFilter(**where), limit=100).items]


@pytest.mark.parametrize("status", list(CallStatus))
def test_the_status_filter_agrees_with_each_calls_derived_status(repos, tenant_a, calls, status):
    every = repos.calls.list(tenant_a.account_id, CallFilter(), limit=100).items

    expected = [c.id for c in every if c.status is status]

    assert expected, f"the fixture has no {status} call"
    assert listed(repos, tenant_a, status=status) == expected


def test_channel_and_status_combine(repos, tenant_a, calls):
    assert listed(repos, tenant_a, channel=Channel.WEB, status=CallStatus.IN_PROGRESS) == [
        calls["transfer_failed"],
        calls["in_progress"],
    ]


def test_a_date_range_includes_its_start_and_excludes_its_end(repos, tenant_a, calls):
    window = listed(
        repos,
        tenant_a,
        started_from=T0 + timedelta(minutes=1),
        started_before=T0 + timedelta(minutes=3),
    )

    assert window == [calls["transferred"], calls["in_progress"]]
    assert listed(repos, tenant_a, started_from=T0 + timedelta(minutes=5)) == [calls["ended_after_transfer"]]
    assert listed(repos, tenant_a, started_before=T0 + timedelta(minutes=1)) == [calls["ringing"]]


def test_filtered_pages_walk_every_match_once(repos, tenant_a, calls):
    where = CallFilter(status=CallStatus.ENDED)
    seen, cursor = [], None
    for _ in range(10):
        page = repos.calls.list(tenant_a.account_id, where, limit=1, cursor=cursor)
        seen += [c.id for c in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert seen == [calls["ended_after_transfer"], calls["ended"]]


def test_a_cursor_from_another_range_is_a_clear_error(repos, tenant_a, calls):
    everything = repos.calls.list(tenant_a.account_id, CallFilter(), limit=1)
    early = CallFilter(started_before=T0 + timedelta(minutes=1))

    with pytest.raises(Invalid) as error:
        repos.calls.list(tenant_a.account_id, early, limit=1, cursor=everything.next_cursor)

    assert error.value.field == "cursor"
