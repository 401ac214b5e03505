"""No agent outlives its client, and no phone number or embed routes callers to a deleted agent, however
the writes interleave: each child is counted on its parent in its own transaction, and a parent goes only
while its count is zero. The services' looks for children (index queries, a moment old and eventually
consistent) are stubbed empty here, as they can be during a race; the storage must hold on its own."""

import pytest

from vocadesk import agents, embeds, phone_numbers
from vocadesk.errors import Conflict, NotFound
from vocadesk.models.agents import Agent
from vocadesk.models.embeds import NewEmbed
from vocadesk.models.pages import Page
from vocadesk.models.phone_numbers import NewPhoneNumber
from vocadesk.storage import keys

NUMBER = "+14155550142"
ORIGINS = ["https://www.example.com"]


@pytest.fixture
def stale_looks(repos, monkeypatch):
    """The agent delete's looks for numbers and embeds see nothing (the index has not caught up)."""
    monkeypatch.setattr(repos.phone_numbers, "list_for_agent", lambda *_, **__: Page(items=[]))
    monkeypatch.setattr(repos.embeds, "list_for_agent", lambda *_, **__: Page(items=[]))


def new_agent(repos, tenant, name="Second desk"):
    return repos.agents.create(Agent(account_id=tenant.account_id, client_id=tenant.client.id, name=name))


def test_an_agent_is_not_deleted_from_under_a_number_attached_meanwhile(repos, tenant_a, stale_looks):
    agent = new_agent(repos, tenant_a)
    phone_numbers.add(repos, tenant_a.as_owner(), NewPhoneNumber(number=NUMBER, agent_id=agent.id))

    with pytest.raises(Conflict) as refused:
        agents.delete(repos, tenant_a.as_owner(), agent.id)

    assert refused.value.field == "agent_id" and repos.agents.get(tenant_a.account_id, agent.id) == agent


def test_a_number_is_not_attached_to_an_agent_deleted_meanwhile(repos, tenant_a):
    # Given a detached number, and an agent the API read a moment ago, deleted since
    number = phone_numbers.add(repos, tenant_a.as_owner(), NewPhoneNumber(number=NUMBER))
    agent = new_agent(repos, tenant_a)
    agents.delete(repos, tenant_a.as_owner(), agent.id)

    # When the number is saved pointing at it, Then it is refused naming the agent, and the number is unchanged
    with pytest.raises(NotFound) as refused:
        repos.phone_numbers.save(number.model_copy(update={"agent_id": agent.id, "client_id": agent.client_id}))
    assert refused.value.field == "agent_id"
    assert repos.phone_numbers.get(tenant_a.account_id, NUMBER) == number


def test_a_number_is_counted_on_the_agent_it_moves_to_and_no_longer_on_the_one_it_left(repos, tenant_a, stale_looks):
    first, second = new_agent(repos, tenant_a, "First"), new_agent(repos, tenant_a, "Second")
    phone_numbers.add(repos, tenant_a.as_owner(), NewPhoneNumber(number=NUMBER, agent_id=first.id))

    phone_numbers.attach(repos, tenant_a.as_owner(), NUMBER, second.id)
    agents.delete(repos, tenant_a.as_owner(), first.id)  # nothing routes to it any more
    with pytest.raises(Conflict):
        agents.delete(repos, tenant_a.as_owner(), second.id)
    phone_numbers.detach(repos, tenant_a.as_owner(), NUMBER)
    agents.delete(repos, tenant_a.as_owner(), second.id)

    for gone in (first, second):
        with pytest.raises(NotFound):
            repos.agents.get(tenant_a.account_id, gone.id)
        assert repos.table.get(keys.account_pk(tenant_a.account_id), keys.count_sk("AGENT", gone.id)) is None


def test_a_removed_number_no_longer_holds_its_agent(repos, tenant_a, stale_looks):
    agent = new_agent(repos, tenant_a)
    phone_numbers.add(repos, tenant_a.as_owner(), NewPhoneNumber(number=NUMBER, agent_id=agent.id))

    phone_numbers.remove(repos, tenant_a.as_owner(), NUMBER)
    agents.delete(repos, tenant_a.as_owner(), agent.id)

    with pytest.raises(NotFound):
        repos.agents.get(tenant_a.account_id, agent.id)


def test_an_embed_holds_its_agent_through_a_rotation_until_it_is_deleted(repos, tenant_a, stale_looks):
    agent = new_agent(repos, tenant_a)
    embed = embeds.create(repos, tenant_a.as_owner(), NewEmbed(agent_id=agent.id, allowed_origins=ORIGINS))
    rotated = embeds.rotate(repos, tenant_a.as_owner(), embed.id)

    with pytest.raises(Conflict):
        agents.delete(repos, tenant_a.as_owner(), agent.id)
    embeds.delete(repos, tenant_a.as_owner(), rotated.id)
    agents.delete(repos, tenant_a.as_owner(), agent.id)

    with pytest.raises(NotFound):
        repos.agents.get(tenant_a.account_id, agent.id)


def test_an_embed_is_not_created_for_an_agent_deleted_meanwhile_and_claims_no_id(repos, tenant_a):
    agent = new_agent(repos, tenant_a)
    embed = embeds.create(repos, tenant_a.as_owner(), NewEmbed(agent_id=agent.id, allowed_origins=ORIGINS))
    embeds.delete(repos, tenant_a.as_owner(), embed.id)
    agents.delete(repos, tenant_a.as_owner(), agent.id)
    late = repos.embeds.model(
        account_id=tenant_a.account_id, agent_id=agent.id, client_id=agent.client_id, allowed_origins=ORIGINS
    )

    with pytest.raises(NotFound) as refused:
        repos.embeds.create(late)

    assert refused.value.field == "agent_id"
    assert repos.embeds.find_public(late.id) is None
