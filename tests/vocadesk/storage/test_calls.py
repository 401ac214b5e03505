from datetime import UTC, datetime, timedelta

import pytest

from vocadesk.events import CallStarted
from vocadesk.models.calls import CallFilter, CallStatus
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
