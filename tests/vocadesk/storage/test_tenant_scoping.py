"""Account B can never read account A's items through any repository method."""

import pytest

from vocadesk.errors import Invalid, NotFound
from vocadesk.events import CallStarted
from vocadesk.ids import new_id
from vocadesk.models.calls import CallFilter, Channel
from vocadesk.models.clients import Client
from vocadesk.models.embeds import Embed
from vocadesk.models.phone_numbers import PhoneNumber


@pytest.fixture
def a_items(repos, tenant_a):
    """A's embed, attached phone number and a call, besides the client and agent every tenant has."""
    embed = repos.embeds.create(
        Embed(
            account_id=tenant_a.account_id,
            agent_id=tenant_a.agent.id,
            client_id=tenant_a.client.id,
            allowed_origins=["https://alpha.com"],
        )
    )
    number = repos.phone_numbers.create(
        PhoneNumber(
            account_id=tenant_a.account_id,
            number="+14155550123",
            agent_id=tenant_a.agent.id,
            client_id=tenant_a.client.id,
        )
    )
    call_id = new_id("call")
    repos.calls.record_started(
        CallStarted(
            account_id=tenant_a.account_id,
            client_id=tenant_a.client.id,
            agent_id=tenant_a.agent.id,
            call_id=call_id,
            channel=Channel.PHONE,
            seq=0,
            occurred_at="2026-11-25T17:00:00Z",
        )
    )
    return {"embed": embed, "number": number, "call_id": call_id}


def test_gets_with_a_foreign_id_are_not_found(repos, tenant_a, tenant_b, a_items):
    b = tenant_b.account_id
    lookups = [
        lambda: repos.clients.get(b, tenant_a.client.id),
        lambda: repos.agents.get(b, tenant_a.agent.id),
        lambda: repos.users.get(b, tenant_a.owner.id),
        lambda: repos.embeds.get(b, a_items["embed"].id),
        lambda: repos.phone_numbers.get(b, a_items["number"].number),
        lambda: repos.calls.get(b, a_items["call_id"]),
        lambda: repos.accounts.get("acc_01M89ZKBNQ3J7J1C9QPC7KH6RH"),
    ]
    for lookup in lookups:
        with pytest.raises(NotFound):
            lookup()


def test_lists_never_include_another_accounts_items(repos, tenant_a, tenant_b, a_items):
    b = tenant_b.account_id
    a_ids = {
        tenant_a.client.id,
        tenant_a.agent.id,
        tenant_a.owner.id,
        tenant_a.viewer.id,
        a_items["embed"].id,
        a_items["number"].number,
        a_items["call_id"],
    }
    listed = [
        *repos.clients.list(b, limit=100).items,
        *repos.agents.list(b, limit=100).items,
        *repos.users.list(b, limit=100).items,
        *repos.embeds.list(b, limit=100).items,
        *repos.phone_numbers.list(b, limit=100).items,
        *repos.calls.list(b, CallFilter(), limit=100).items,
    ]
    by_foreign_parent = [
        repos.agents.list_for_client(b, tenant_a.client.id, limit=100),
        repos.embeds.list_for_agent(b, tenant_a.agent.id, limit=100),
        repos.phone_numbers.list_for_agent(b, tenant_a.agent.id, limit=100),
        repos.calls.list(b, CallFilter(agent_id=tenant_a.agent.id), limit=100),
        repos.calls.list(b, CallFilter(client_id=tenant_a.client.id), limit=100),
        repos.calls.turns(b, a_items["call_id"], limit=100),
    ]

    assert all(item.account_id == b for item in listed)
    assert not a_ids & {getattr(i, "id", getattr(i, "number", None)) for i in listed}
    assert all(page.items == [] for page in by_foreign_parent)


def test_a_cursor_from_one_account_cannot_page_another(repos, tenant_a, tenant_b):
    for n in range(3):
        repos.clients.create(Client(account_id=tenant_a.account_id, name=f"Client {n}"))
    cursor = repos.clients.list(tenant_a.account_id, limit=1).next_cursor

    with pytest.raises(Invalid):
        repos.clients.list(tenant_b.account_id, limit=1, cursor=cursor)


def test_public_lookups_name_the_owning_account(repos, tenant_a, a_items):
    assert repos.phone_numbers.find_public("+14155550123").account_id == tenant_a.account_id
    assert repos.embeds.find_public(a_items["embed"].id).account_id == tenant_a.account_id
    assert repos.users.find_by_email(tenant_a.owner.email.upper()).id == tenant_a.owner.id
    assert repos.phone_numbers.find_public("+14155550999") is None
