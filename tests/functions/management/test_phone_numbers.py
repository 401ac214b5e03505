"""/v1/phone-numbers through the local gateway: add (unique platform-wide), attach/detach, remove, tenants."""

import pytest

NUMBER = "+14155550123"


@pytest.fixture
def number(http, owner_a, tenant_a):
    response = http.post(
        "/v1/phone-numbers",
        json={"number": NUMBER, "label": "Front line", "agent_id": tenant_a.agent.id},
        headers=owner_a,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_add_attached_to_an_agent_routes_the_number_to_it(number, repos, tenant_a):
    assert number["agent_id"] == tenant_a.agent.id and number["client_id"] == tenant_a.client.id

    routed = repos.phone_numbers.find_public(NUMBER)

    assert routed.account_id == tenant_a.account_id and routed.agent_id == tenant_a.agent.id


@pytest.mark.parametrize(
    "bad", ["4155550123", "+0123456789", "+1 415 555 0123", "+1415555012345678", "tel:+14155550123"]
)
def test_a_number_not_in_e164_is_named_and_nothing_is_added(http, owner_a, bad):
    response = http.post("/v1/phone-numbers", json={"number": bad}, headers=owner_a)

    assert response.status_code == 422 and response.json()["field"] == "body.number"
    assert http.get("/v1/phone-numbers", headers=owner_a).json()["items"] == []


def test_a_number_is_unique_across_the_whole_platform(http, number, owner_b, owner_a):
    theirs = http.post("/v1/phone-numbers", json={"number": NUMBER}, headers=owner_b)
    ours_again = http.post("/v1/phone-numbers", json={"number": NUMBER}, headers=owner_a)

    assert theirs.status_code == 409 and theirs.json()["field"] == "number"
    assert ours_again.status_code == 409
    assert http.get("/v1/phone-numbers", headers=owner_b).json()["items"] == []


def test_detach_then_attach_to_another_agent(http, owner_a, number, repos, tenant_a):
    other = http.post(
        "/v1/agents", json={"client_id": tenant_a.client.id, "name": "Night desk"}, headers=owner_a
    ).json()
    url = f"/v1/phone-numbers/{NUMBER}/agent"

    detached = http.delete(url, headers=owner_a)
    listed_for_old_agent = http.get(f"/v1/phone-numbers?agent_id={tenant_a.agent.id}", headers=owner_a).json()
    attached = http.put(url.replace("+", "%2B"), json={"agent_id": other["id"]}, headers=owner_a)

    assert detached.status_code == 200 and detached.json()["agent_id"] is None
    assert listed_for_old_agent["items"] == []
    assert attached.status_code == 200 and attached.json()["agent_id"] == other["id"]
    assert repos.phone_numbers.find_public(NUMBER).agent_id == other["id"]
    assert http.delete(f"/v1/agents/{tenant_a.agent.id}", headers=owner_a).status_code == 204


def test_attaching_another_accounts_agent_is_404_and_changes_nothing(http, owner_a, number, tenant_b):
    response = http.put(f"/v1/phone-numbers/{NUMBER}/agent", json={"agent_id": tenant_b.agent.id}, headers=owner_a)

    assert response.status_code == 404 and response.json()["field"] == "agent_id"
    assert http.get(f"/v1/phone-numbers/{NUMBER}", headers=owner_a).json()["agent_id"] == number["agent_id"]


def test_remove_releases_the_number_for_anyone(http, owner_a, owner_b, number, repos):
    removed = http.delete(f"/v1/phone-numbers/{NUMBER}", headers=owner_a)
    readded = http.post("/v1/phone-numbers", json={"number": NUMBER}, headers=owner_b)

    assert removed.status_code == 204 and http.get(f"/v1/phone-numbers/{NUMBER}", headers=owner_a).status_code == 404
    assert readded.status_code == 201 and readded.json()["agent_id"] is None


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("get", "", None), ("delete", "", None), ("delete", "/agent", None), ("put", "/agent", "agent")],
)
def test_another_tenants_number_is_404(http, owner_b, number, tenant_b, method, suffix, body):
    kwargs = {"json": {"agent_id": tenant_b.agent.id}} if body else {}

    response = getattr(http, method)(f"/v1/phone-numbers/{NUMBER}{suffix}", headers=owner_b, **kwargs)

    assert response.status_code == 404 and response.json()["field"] == "number"


def test_viewers_read_numbers_but_cannot_change_them(http, viewer_a, number, tenant_a):
    url = f"/v1/phone-numbers/{NUMBER}"

    assert http.get(url, headers=viewer_a).status_code == 200
    assert http.post("/v1/phone-numbers", json={"number": "+14155550100"}, headers=viewer_a).status_code == 403
    assert http.delete(f"{url}/agent", headers=viewer_a).status_code == 403
    assert http.put(f"{url}/agent", json={"agent_id": tenant_a.agent.id}, headers=viewer_a).status_code == 403
    assert http.delete(url, headers=viewer_a).status_code == 403
