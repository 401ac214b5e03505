"""Reading several items in one request (BatchGetItem against moto): what the call routing reads per call."""

import pytest

from vocadesk.call_routing import CallRefused, Refusal, route_to_agent


def test_items_come_back_under_their_keys_and_missing_ones_are_absent(repos, tenant_a):
    agent_key = repos.agents.key(tenant_a.account_id, tenant_a.agent.id)
    account_key = repos.accounts.key(tenant_a.account_id)
    nowhere = repos.agents.key(tenant_a.account_id, "agt_missing")

    found = repos.table.get_many([agent_key, account_key, nowhere, agent_key])

    assert set(found) == {agent_key, account_key}
    assert repos.agents.from_item(found[agent_key]) == tenant_a.agent


def test_keys_dynamodb_leaves_unprocessed_are_asked_for_again(repos, tenant_a):
    """DynamoDB may answer part of a batch (throttling) and name the rest in UnprocessedKeys."""
    agent_key = repos.agents.key(tenant_a.account_id, tenant_a.agent.id)
    account_key = repos.accounts.key(tenant_a.account_id)
    requests = []

    def first_answer_only_one(parsed, **_):
        requests.append(parsed)
        if len(requests) == 1:
            held_back = parsed["Responses"][repos.table.name].pop()
            keys = {"PK": held_back["PK"], "SK": held_back["SK"]}
            parsed["UnprocessedKeys"] = {repos.table.name: {"Keys": [keys]}}

    repos.table.client.meta.events.register("after-call.dynamodb.BatchGetItem", first_answer_only_one)
    try:
        found = repos.table.get_many([agent_key, account_key])
    finally:
        repos.table.client.meta.events.unregister("after-call.dynamodb.BatchGetItem", first_answer_only_one)

    assert len(requests) == 2 and set(found) == {agent_key, account_key}


def test_routing_to_an_agent_reads_agent_and_account_in_one_request(repos, tenant_a):
    operations = []

    def count(model, **_):
        operations.append(model.name)

    repos.table.client.meta.events.register("before-call.dynamodb", count)
    try:
        route = route_to_agent(repos, tenant_a.account_id, tenant_a.agent.id)
    finally:
        repos.table.client.meta.events.unregister("before-call.dynamodb", count)

    assert (route.agent, route.account.id) == (tenant_a.agent, tenant_a.account_id)
    assert operations == ["BatchGetItem"]


def test_an_agent_of_another_account_is_not_found(repos, tenant_a, tenant_b):
    with pytest.raises(CallRefused) as refused:
        route_to_agent(repos, tenant_b.account_id, tenant_a.agent.id)

    assert refused.value.reason is Refusal.NO_AGENT
