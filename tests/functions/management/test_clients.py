"""/v1/clients through the local gateway: CRUD, If-Match, the delete guard, roles and tenants."""

import pytest

from vocadesk.models.phone_numbers import PhoneNumber


def test_create_read_update_and_list(http, owner_a, tenant_a):
    created = http.post("/v1/clients", json={"name": "Acme Plumbing", "notes": "24/7"}, headers=owner_a)
    url = f"/v1/clients/{created.json()['id']}"

    updated = http.patch(url, json={"contact_email": "ops@acme-plumbing.com"}, headers=owner_a | {"if-match": '"1"'})

    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    assert updated.status_code == 200 and updated.headers["etag"] == '"2"'
    assert updated.json() | {"contact_email": None, "version": 1, "updated_at": created.json()["updated_at"]} == (
        created.json()
    )
    listed = http.get("/v1/clients", headers=owner_a).json()["items"]
    assert {c["id"] for c in listed} == {tenant_a.client.id, created.json()["id"]}


def test_a_stale_if_match_is_412_and_changes_nothing(http, owner_a, tenant_a):
    url = f"/v1/clients/{tenant_a.client.id}"
    http.patch(url, json={"notes": "first"}, headers=owner_a)

    stale = http.patch(url, json={"notes": "second"}, headers=owner_a | {"if-match": '"1"'})

    assert stale.status_code == 412 and stale.json()["field"] == "If-Match"
    assert http.get(url, headers=owner_a).json()["notes"] == "first"


def test_bad_fields_are_named_and_nothing_changes(http, owner_a, tenant_a):
    url = f"/v1/clients/{tenant_a.client.id}"

    bad_email = http.patch(url, json={"contact_email": "not-an-email"}, headers=owner_a)
    unknown = http.patch(url, json={"colour": "red"}, headers=owner_a)
    empty_name = http.patch(url, json={"name": "  "}, headers=owner_a)

    assert [r.status_code for r in (bad_email, unknown, empty_name)] == [422, 422, 422]
    assert [r.json()["field"] for r in (bad_email, unknown, empty_name)] == [
        "body.contact_email",
        "body.colour",
        "body.name",
    ]
    assert http.get(url, headers=owner_a).json()["version"] == 1


def test_delete_refuses_while_the_client_has_agents(http, owner_a, tenant_a):
    url = f"/v1/clients/{tenant_a.client.id}"

    refused = http.delete(url, headers=owner_a)
    http.delete(f"/v1/agents/{tenant_a.agent.id}", headers=owner_a)
    deleted = http.delete(url, headers=owner_a)

    assert refused.status_code == 409 and refused.json()["field"] == "client_id"
    assert "Front desk" in refused.json()["message"]
    assert deleted.status_code == 204 and http.get(url, headers=owner_a).status_code == 404


def test_delete_refuses_while_a_number_is_attached_to_the_clients_agent(http, owner_a, tenant_a, repos):
    # A number whose agent is already gone still names the client (an agent removed out of band: the API
    # itself refuses to delete an agent a number routes to).
    repos.phone_numbers.create(
        PhoneNumber(
            account_id=tenant_a.account_id,
            number="+14155550199",
            agent_id=tenant_a.agent.id,
            client_id=tenant_a.client.id,
        )
    )
    repos.table.delete(*repos.agents.key(tenant_a.account_id, tenant_a.agent.id))

    refused = http.delete(f"/v1/clients/{tenant_a.client.id}", headers=owner_a)

    assert refused.status_code == 409 and "phone numbers" in refused.json()["message"]


def test_viewers_read_but_cannot_change_clients(http, viewer_a, tenant_a):
    url = f"/v1/clients/{tenant_a.client.id}"

    assert http.get(url, headers=viewer_a).status_code == 200
    assert http.patch(url, json={"name": "x"}, headers=viewer_a).status_code == 403
    assert http.delete(url, headers=viewer_a).status_code == 403


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_tenants_client_is_404(http, owner_b, tenant_a, method):
    url = f"/v1/clients/{tenant_a.client.id}"
    kwargs = {"json": {"name": "x"}} if method == "patch" else {}

    response = getattr(http, method)(url, headers=owner_b, **kwargs)

    assert response.status_code == 404 and tenant_a.client.name not in response.text
