import pytest

from vocadesk import agents, clients
from vocadesk.errors import Conflict, Forbidden, NotFound
from vocadesk.models.agents import Agent
from vocadesk.models.clients import NewClient
from vocadesk.storage import keys


def test_an_owner_creates_a_client_in_their_own_account(repos, tenant_a):
    client = clients.create(repos.clients, tenant_a.as_owner(), NewClient(name="Acme Plumbing"))

    assert client.account_id == tenant_a.account_id
    assert clients.get(repos.clients, tenant_a.as_owner(), client.id) == client


def test_a_viewer_cannot_create_and_nothing_is_written(repos, tenant_a):
    before = clients.list_page(repos.clients, tenant_a.as_owner(), limit=100, cursor=None).items

    with pytest.raises(Forbidden):
        clients.create(repos.clients, tenant_a.as_viewer(), NewClient(name="Sneaky"))

    assert clients.list_page(repos.clients, tenant_a.as_owner(), limit=100, cursor=None).items == before


def test_another_tenants_client_is_not_found(repos, tenant_a, tenant_b):
    with pytest.raises(NotFound):
        clients.get(repos.clients, tenant_b.as_owner(), tenant_a.client.id)


def test_a_client_is_not_deleted_from_under_an_agent_created_meanwhile(repos, tenant_a, monkeypatch):
    # Given the delete's look for agents is a moment old (the index behind it is eventually consistent), and a
    # teammate's agent lands in that moment
    client = clients.create(repos.clients, tenant_a.as_owner(), NewClient(name="Acme Plumbing"))
    empty = repos.agents.list_for_client(tenant_a.account_id, client.id, limit=1)
    monkeypatch.setattr(repos.agents, "list_for_client", lambda *_, **__: empty)
    agent = repos.agents.create(Agent(account_id=tenant_a.account_id, client_id=client.id, name="New desk"))

    # When the client is deleted, Then it is refused, naming the field, and both stay
    with pytest.raises(Conflict) as refused:
        clients.delete(repos, tenant_a.as_owner(), client.id)
    assert refused.value.field == "client_id"
    assert repos.clients.get(tenant_a.account_id, client.id) == client
    assert repos.agents.get(tenant_a.account_id, agent.id) == agent


def test_an_agent_is_not_created_for_a_client_deleted_meanwhile(repos, tenant_a):
    # Given a client the API saw a moment ago, deleted since
    client = clients.create(repos.clients, tenant_a.as_owner(), NewClient(name="Gone Soon"))
    clients.delete(repos, tenant_a.as_owner(), client.id)

    # When an agent for it is stored, Then it is refused and nothing is written
    orphan = Agent(account_id=tenant_a.account_id, client_id=client.id, name="Orphan")
    with pytest.raises(NotFound) as refused:
        repos.agents.create(orphan)
    assert refused.value.field == "client_id"
    with pytest.raises(NotFound):
        repos.agents.get(tenant_a.account_id, orphan.id)
    assert repos.table.get(*repos.clients.key(tenant_a.account_id, client.id)) is None


def test_a_client_goes_once_its_last_agent_went_and_leaves_no_count_behind(repos, tenant_a):
    client = clients.create(repos.clients, tenant_a.as_owner(), NewClient(name="Short Lived"))
    agent = repos.agents.create(Agent(account_id=tenant_a.account_id, client_id=client.id, name="Desk"))
    copy = agents.duplicate(repos, tenant_a.as_owner(), agent.id)

    agents.delete(repos, tenant_a.as_owner(), agent.id)
    with pytest.raises(Conflict):  # the copy is still counted
        repos.clients.delete(tenant_a.account_id, client.id)
    agents.delete(repos, tenant_a.as_owner(), copy.id)
    clients.delete(repos, tenant_a.as_owner(), client.id)

    with pytest.raises(NotFound):
        repos.clients.get(tenant_a.account_id, client.id)
    assert repos.table.get(keys.account_pk(tenant_a.account_id), keys.count_sk("CLIENT", client.id)) is None
