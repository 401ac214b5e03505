"""/v1/embeds through the local gateway: snippets, origins, rotation, the agent guard, roles and tenants."""

import pytest

from vocadesk.storage.routes import RouteKind


def new_embed(tenant, **fields):
    return {"agent_id": tenant.agent.id, "allowed_origins": ["https://www.brightsmile.com"], **fields}


@pytest.fixture
def embed(http, owner_a, tenant_a):
    response = http.post("/v1/embeds", json=new_embed(tenant_a), headers=owner_a)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_returns_a_ready_to_paste_snippet(embed, tenant_a):
    assert embed["client_id"] == tenant_a.client.id and embed["enabled"] is True
    assert embed["snippet"] == (
        f'<script src="http://127.0.0.1:8080/sdk/vocadesk.js" data-embed="{embed["id"]}" async></script>'
    )
    assert f'<vocadesk-call-button embed="{embed["id"]}">' in embed["inline_snippet"]


def test_origins_are_normalised_deduplicated_and_may_use_a_subdomain_wildcard(http, owner_a, tenant_a):
    origins = ["https://WWW.Example.com/", "https://www.example.com", "https://*.example.com", "http://localhost:3000"]

    response = http.post("/v1/embeds", json=new_embed(tenant_a, allowed_origins=origins), headers=owner_a)

    assert response.json()["allowed_origins"] == [
        "https://www.example.com",
        "https://*.example.com",
        "http://localhost:3000",
    ]


@pytest.mark.parametrize(
    "origin",
    ["www.example.com", "ftp://example.com", "https://example.com/page", "https://*.com", "https://a.*.example.com"],
)
def test_a_bad_origin_is_named_and_nothing_is_created(http, owner_a, tenant_a, origin):
    response = http.post(
        "/v1/embeds", json=new_embed(tenant_a, allowed_origins=["https://ok.example.com", origin]), headers=owner_a
    )

    assert response.status_code == 422 and response.json()["field"] == "body.allowed_origins.1"
    assert http.get("/v1/embeds", headers=owner_a).json()["items"] == []


def test_update_origins_and_disable_with_if_match(http, owner_a, embed):
    url = f"/v1/embeds/{embed['id']}"

    updated = http.patch(
        url,
        json={"allowed_origins": ["https://new.example.com"], "enabled": False},
        headers=owner_a | {"if-match": '"1"'},
    )
    stale = http.patch(url, json={"name": "x"}, headers=owner_a | {"if-match": '"1"'})

    assert updated.status_code == 200 and updated.json()["allowed_origins"] == ["https://new.example.com"]
    assert updated.json()["enabled"] is False and updated.headers["etag"] == '"2"'
    assert stale.status_code == 412


def test_rotate_replaces_the_public_id_and_keeps_the_settings(http, owner_a, embed, repos, tenant_a):
    rotated = http.post(f"/v1/embeds/{embed['id']}/rotate", headers=owner_a)

    new = rotated.json()
    assert rotated.status_code == 200 and new["id"] != embed["id"] and new["id"] in new["snippet"]
    assert new["allowed_origins"] == embed["allowed_origins"] and new["version"] == 2
    assert http.get(f"/v1/embeds/{embed['id']}", headers=owner_a).status_code == 404
    assert repos.routes.resolve(RouteKind.EMBED, embed["id"]) is None
    assert repos.embeds.find_public(new["id"]).account_id == tenant_a.account_id


def test_list_by_agent_and_delete(http, owner_a, embed, tenant_a):
    listed = http.get(f"/v1/embeds?agent_id={tenant_a.agent.id}", headers=owner_a).json()["items"]
    deleted = http.delete(f"/v1/embeds/{embed['id']}", headers=owner_a)

    assert [e["id"] for e in listed] == [embed["id"]]
    assert deleted.status_code == 204 and http.get("/v1/embeds", headers=owner_a).json()["items"] == []


def test_an_agent_with_an_embed_cannot_be_deleted(http, owner_a, embed, tenant_a):
    response = http.delete(f"/v1/agents/{tenant_a.agent.id}", headers=owner_a)

    assert response.status_code == 409 and "embed" in response.json()["message"]


def test_an_embed_for_another_accounts_agent_is_404(http, owner_b, tenant_a):
    response = http.post("/v1/embeds", json=new_embed(tenant_a), headers=owner_b)

    assert response.status_code == 404 and response.json()["field"] == "agent_id"


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("patch", ""), ("delete", ""), ("post", "/rotate")])
def test_another_tenants_embed_is_404(http, owner_b, embed, method, suffix):
    kwargs = {"json": {"name": "x"}} if method == "patch" else {}

    response = getattr(http, method)(f"/v1/embeds/{embed['id']}{suffix}", headers=owner_b, **kwargs)

    assert response.status_code == 404 and "brightsmile" not in response.text


def test_viewers_read_embeds_but_cannot_change_them(http, viewer_a, embed, tenant_a):
    url = f"/v1/embeds/{embed['id']}"

    assert http.get(url, headers=viewer_a).status_code == 200
    assert http.post("/v1/embeds", json=new_embed(tenant_a), headers=viewer_a).status_code == 403
    assert http.patch(url, json={"name": "x"}, headers=viewer_a).status_code == 403
    assert http.post(f"{url}/rotate", headers=viewer_a).status_code == 403
    assert http.delete(url, headers=viewer_a).status_code == 403
