import pytest

from vocadesk import clients
from vocadesk.errors import Forbidden, NotFound
from vocadesk.models.clients import NewClient


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
