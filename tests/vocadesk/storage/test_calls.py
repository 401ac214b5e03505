from datetime import UTC, datetime, timedelta

import pytest

from vocadesk.events import CallEnded, CallStarted, CallTranscript
from vocadesk.models.calls import CallFilter, CallLatency, CallStatus, LatencyStats
from vocadesk.storage import keys

T0 = datetime(2026, 11, 25, 17, tzinfo=UTC)


@pytest.fixture
def start(repos, tenant_a):
    def start_call(at=T0, agent=None, **fields):
        event = CallStarted(**tenant_a.new_call(at=at, agent=agent), seq=0, occurred_at=at, **fields)
        repos.calls.record_started(event)
        return event

    return start_call


def test_a_started_call_is_readable_in_progress(repos, tenant_a, start):
    event = start(caller="+14155550100", external_id="CA123")

    call = repos.calls.get(tenant_a.account_id, event.call_id)

    assert call.status is CallStatus.IN_PROGRESS
    assert (call.caller, call.external_id, call.started_at) == ("+14155550100", "CA123", T0)


def test_recording_started_twice_changes_nothing(repos, tenant_a, start):
    event = start(caller="+14155550100")
    item_before = repos.table.get(*keys_of(tenant_a, event))

    repos.calls.record_started(event)
    repos.calls.record_started(
        event.model_copy(update={"occurred_at": T0 + timedelta(seconds=5), "caller": "+19999999999"})
    )

    assert repos.table.get(*keys_of(tenant_a, event)) == item_before


def test_calls_list_newest_first_for_the_account_agent_and_client(repos, tenant_a, start):
    from vocadesk.models.agents import Agent

    other = repos.agents.create(Agent(account_id=tenant_a.account_id, client_id=tenant_a.client.id, name="Other"))
    first, second = start(at=T0), start(at=T0 + timedelta(minutes=1))
    third = start(at=T0 + timedelta(minutes=2), agent=other)

    account = [c.id for c in repos.calls.list(tenant_a.account_id, CallFilter(), limit=10).items]
    by_agent = [
        c.id for c in repos.calls.list(tenant_a.account_id, CallFilter(agent_id=tenant_a.agent.id), limit=10).items
    ]
    by_client = [
        c.id for c in repos.calls.list(tenant_a.account_id, CallFilter(client_id=tenant_a.client.id), limit=10).items
    ]

    assert account == [third.call_id, second.call_id, first.call_id]
    assert by_agent == [second.call_id, first.call_id]
    assert by_client == account


def keys_of(tenant, event):
    return keys.account_pk(tenant.account_id), keys.sk("CALL", event.call_id)


LATENCY = CallLatency(
    greeting_ms=820,
    provider_connect_ms=0,
    prewarmed=True,
    response_ms=LatencyStats(count=3, p50_ms=640, p95_ms=910, max_ms=910),
    barge_ins=0,
)


def ended(ids, *, seq=3, latency=LATENCY, **fields):
    return CallEnded(
        **ids,
        seq=seq,
        occurred_at=T0 + timedelta(minutes=1),
        reason="caller_hangup",
        duration_ms=60_000,
        latency=latency,
        **fields,
    )


def test_the_latency_measured_on_the_call_is_stored_with_its_end(repos, tenant_a):
    ids = tenant_a.new_call(at=T0)

    repos.calls.record_ended(ended(ids), recording_verified=False)

    call = repos.calls.get(tenant_a.account_id, ids["call_id"])
    assert call.latency == LATENCY
    assert "barge_in_ms" not in repos.table.get(*call_keys_of(tenant_a, ids))["latency"]  # absent, not null


def test_latency_is_kept_whatever_order_and_however_often_the_events_arrive(repos, tenant_a):
    ids = tenant_a.new_call(at=T0)
    end = ended(ids)

    assert repos.calls.record_ended(end, recording_verified=False)
    repos.calls.record_started(CallStarted(**ids, seq=0, occurred_at=T0))
    repos.calls.record_transcript(
        CallTranscript(**ids, seq=1, occurred_at=T0, speaker="caller", text="hi", started_ms=0, ended_ms=500)
    )
    assert not repos.calls.record_ended(end, recording_verified=False)  # redelivered: changes nothing
    assert not repos.calls.record_ended(ended(ids, latency=None), recording_verified=False)  # a call ends once

    call = repos.calls.get(tenant_a.account_id, ids["call_id"])
    assert (call.status, call.turn_count, call.latency) == (CallStatus.ENDED, 1, LATENCY)


def test_a_call_ended_by_an_older_runtime_has_no_latency(repos, tenant_a):
    ids = tenant_a.new_call(at=T0)

    repos.calls.record_ended(ended(ids, latency=None), recording_verified=False)

    assert repos.calls.get(tenant_a.account_id, ids["call_id"]).latency is None


def call_keys_of(tenant, ids):
    return keys.account_pk(tenant.account_id), keys.sk("CALL", ids["call_id"])
