"""Which agent answers a dialled number: read in two requests, and always the one the number is attached to."""

import pytest

from vocadesk import phone_numbers
from vocadesk.call_routing import CallRefused, Refusal, route_phone_call
from vocadesk.models.agents import Agent
from vocadesk.models.phone_numbers import NewPhoneNumber

NUMBER = "+14155550177"


def refusal(repos, called=NUMBER):
    with pytest.raises(CallRefused) as refused:
        route_phone_call(repos, called)
    return refused.value.reason


def test_a_phone_call_is_routed_in_two_requests(repos, tenant_a):
    phone_numbers.add(repos, tenant_a.as_owner(), NewPhoneNumber(number=NUMBER, agent_id=tenant_a.agent.id))
    operations = []

    def count(model, **_):
        operations.append(model.name)

    repos.table.client.meta.events.register("before-call.dynamodb", count)
    try:
        route = route_phone_call(repos, NUMBER)
    finally:
        repos.table.client.meta.events.unregister("before-call.dynamodb", count)

    assert (route.agent, route.account.id) == (tenant_a.agent, tenant_a.account_id)
    assert operations == ["GetItem", "BatchGetItem"]  # the number's route (naming the agent), agent + account


def test_calls_follow_the_number_as_it_is_attached_moved_and_detached(repos, tenant_a):
    owner, other = tenant_a.as_owner(), Agent(account_id=tenant_a.account_id, client_id=tenant_a.client.id, name="B")
    other = repos.agents.create(other)
    phone_numbers.add(repos, owner, NewPhoneNumber(number=NUMBER))
    assert refusal(repos) is Refusal.NO_AGENT

    phone_numbers.attach(repos, owner, NUMBER, tenant_a.agent.id)
    assert route_phone_call(repos, NUMBER).agent == tenant_a.agent
    phone_numbers.attach(repos, owner, NUMBER, other.id)
    assert route_phone_call(repos, NUMBER).agent == other
    phone_numbers.detach(repos, owner, NUMBER)
    assert refusal(repos) is Refusal.NO_AGENT
    phone_numbers.remove(repos, owner, NUMBER)
    assert refusal(repos) is Refusal.UNKNOWN_NUMBER


def test_a_number_nobody_has_is_unknown(repos, tenant_a):
    assert refusal(repos, "+14155550000") is Refusal.UNKNOWN_NUMBER
