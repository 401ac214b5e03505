"""Public identifiers (numbers, emails, embed ids) are unique platform-wide, claimed all-or-nothing."""

import pytest

from vocadesk.accounts import open_account
from vocadesk.errors import Conflict
from vocadesk.models.phone_numbers import PhoneNumber


def number(tenant, e164="+14155550123", **fields):
    return PhoneNumber(account_id=tenant.account_id, number=e164, **fields)


def test_a_number_held_by_one_account_cannot_be_added_by_another(repos, tenant_a, tenant_b):
    repos.phone_numbers.create(number(tenant_a))

    with pytest.raises(Conflict) as exc:
        repos.phone_numbers.create(number(tenant_b))

    assert exc.value.field == "number"
    assert repos.phone_numbers.list(tenant_b.account_id, limit=10).items == []
    assert repos.phone_numbers.find_public("+14155550123").account_id == tenant_a.account_id


def test_removing_a_number_frees_it_for_anyone(repos, tenant_a, tenant_b):
    repos.phone_numbers.create(number(tenant_a))

    repos.phone_numbers.delete(tenant_a.account_id, "+14155550123")
    repos.phone_numbers.create(number(tenant_b))

    assert repos.phone_numbers.find_public("+14155550123").account_id == tenant_b.account_id


def test_attaching_an_agent_indexes_the_number_under_it_and_detaching_removes_it(repos, tenant_a):
    stored = repos.phone_numbers.create(number(tenant_a))

    attached = repos.phone_numbers.save(
        stored.model_copy(update={"agent_id": tenant_a.agent.id, "client_id": tenant_a.client.id})
    )
    listed = repos.phone_numbers.list_for_agent(tenant_a.account_id, tenant_a.agent.id, limit=10).items
    repos.phone_numbers.save(attached.model_copy(update={"agent_id": None, "client_id": None}))

    assert [n.number for n in listed] == ["+14155550123"]
    assert repos.phone_numbers.list_for_agent(tenant_a.account_id, tenant_a.agent.id, limit=10).items == []
    assert repos.phone_numbers.find_public("+14155550123").agent_id is None


def test_opening_an_account_with_a_taken_email_writes_nothing(repos, tenant_a):
    accounts_before = repos.table.client.scan(TableName=repos.table.name)["Count"]  # test-only scan

    with pytest.raises(Conflict) as exc:
        open_account(repos, name="Copycat", owner_email=tenant_a.owner.email, owner_name="X")

    assert exc.value.field == "email"
    assert repos.table.client.scan(TableName=repos.table.name)["Count"] == accounts_before
