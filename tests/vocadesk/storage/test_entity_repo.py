import pytest

from vocadesk.errors import Conflict, Invalid, NotFound, PreconditionFailed
from vocadesk.models.clients import Client


def test_create_refuses_to_overwrite_an_existing_item(repos, tenant_a):
    with pytest.raises(Conflict):
        repos.clients.create(tenant_a.client.model_copy(update={"name": "Overwritten"}))

    assert repos.clients.get(tenant_a.account_id, tenant_a.client.id).name == tenant_a.client.name


def test_save_bumps_the_version(repos, tenant_a):
    saved = repos.clients.save(tenant_a.client.model_copy(update={"name": "Renamed"}))

    stored = repos.clients.get(tenant_a.account_id, tenant_a.client.id)
    assert (stored.name, stored.version) == ("Renamed", 2) and saved == stored


def test_a_save_from_a_stale_read_fails_and_changes_nothing(repos, tenant_a):
    first_reader = repos.clients.get(tenant_a.account_id, tenant_a.client.id)
    second_reader = repos.clients.get(tenant_a.account_id, tenant_a.client.id)
    repos.clients.save(first_reader.model_copy(update={"name": "First"}))

    with pytest.raises(PreconditionFailed) as exc:
        repos.clients.save(second_reader.model_copy(update={"name": "Second"}))

    assert exc.value.field == "version"
    assert repos.clients.get(tenant_a.account_id, tenant_a.client.id).name == "First"


def test_a_patch_that_would_break_the_entity_is_invalid_naming_the_field_and_changes_nothing(repos, tenant_a):
    with pytest.raises(Invalid) as exc:
        repos.clients.patch(tenant_a.account_id, tenant_a.client.id, {"notes": None}, expected_version=None)

    assert exc.value.field == "notes"
    assert repos.clients.get(tenant_a.account_id, tenant_a.client.id) == tenant_a.client


def test_saving_a_deleted_item_is_not_found(repos, tenant_a):
    client = repos.clients.create(Client(account_id=tenant_a.account_id, name="No agents"))
    repos.clients.delete(tenant_a.account_id, client.id)

    with pytest.raises(NotFound):
        repos.clients.save(client)


def test_delete_of_a_missing_item_is_not_found(repos, tenant_a):
    with pytest.raises(NotFound):
        repos.clients.delete(tenant_a.account_id, "cli_01M89ZKBNQ3J7J1C9QPC7KH6RH")


def test_pages_follow_cursors_to_the_end_without_an_empty_last_page(repos, tenant_a):
    for n in range(6):
        repos.clients.create(Client(account_id=tenant_a.account_id, name=f"Client {n}"))
    seen, cursor, pages = [], None, 0

    while True:
        page = repos.clients.list(tenant_a.account_id, limit=3, cursor=cursor)
        seen += [c.id for c in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert pages == 3  # 7 items (6 new + the tenant's own client) in pages of 3, 3 and 1
    assert len(seen) == len(set(seen)) == 7
