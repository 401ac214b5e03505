"""The local gateway end to end, in-process: HTTP -> API Gateway event -> the real handler -> HTTP."""

import re

import pytest

from tests.support import bearer


def client_names(http, headers):
    return [c["name"] for c in http.get("/v1/clients", headers=headers).json()["items"]]


def test_sign_in_create_and_read_back_a_client(http, owner_a, tenant_a):
    created = http.post("/v1/clients", json={"name": "Acme Plumbing", "contact_email": "ops@acme.com"}, headers=owner_a)

    assert created.status_code == 201
    client = created.json()
    assert client["account_id"] == tenant_a.account_id and client["name"] == "Acme Plumbing"
    assert http.get(f"/v1/clients/{client['id']}", headers=owner_a).json() == client
    assert "Acme Plumbing" in client_names(http, owner_a)


def test_wrong_password_is_401_with_a_message(http, tenant_a):
    response = http.post("/auth/signin", json={"email": tenant_a.owner.email, "password": "nope"})

    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


def test_sign_in_without_a_password_names_the_field(http):
    response = http.post("/auth/signin", json={"email": "a@b.com"})

    assert response.status_code == 400 and response.json()["field"] == "password"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"])
def test_the_api_refuses_requests_without_a_valid_token_like_api_gateway(http, authorization):
    headers = {"authorization": authorization} if authorization else {}

    response = http.get("/v1/clients", headers=headers)

    assert response.status_code == 401 and response.json() == {"message": "Unauthorized"}


def test_a_bad_body_is_422_naming_the_field_and_writes_nothing(http, owner_a):
    before = client_names(http, owner_a)

    response = http.post("/v1/clients", json={"name": "", "contact_email": "nope"}, headers=owner_a)

    assert response.status_code == 422
    assert {f["field"] for f in response.json()["fields"]} == {"body.name", "body.contact_email"}
    assert client_names(http, owner_a) == before


def test_malformed_json_is_422_and_a_non_json_body_is_415(http, owner_a):
    malformed = http.post("/v1/clients", content=b"{not json", headers=owner_a | {"content-type": "application/json"})
    text = http.post("/v1/clients", content=b"name=x", headers=owner_a | {"content-type": "text/plain"})

    assert malformed.status_code == 422 and malformed.json()["field"].startswith("body")
    assert text.status_code == 415 and text.json()["field"] == "content-type"


def test_a_viewer_reads_but_cannot_create(http, tenant_a, owner_a):
    viewer = bearer(http, tenant_a.viewer.email, "pw-viewer")

    response = http.post("/v1/clients", json={"name": "Sneaky"}, headers=viewer)

    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert "Sneaky" not in client_names(http, viewer)


def test_another_tenants_ids_are_404_never_data(http, tenant_a, tenant_b, owner_a):
    owner_b = bearer(http, tenant_b.owner.email, "pw-owner")

    response = http.get(f"/v1/clients/{tenant_a.client.id}", headers=owner_b)

    assert response.status_code == 404 and tenant_a.client.name not in response.text
    assert tenant_a.client.name not in client_names(http, owner_b)


def test_bad_paging_parameters_name_the_field(http, owner_a):
    too_big = http.get("/v1/clients?limit=1000", headers=owner_a)
    bad_cursor = http.get("/v1/clients?cursor=garbage", headers=owner_a)

    assert too_big.status_code == 422 and too_big.json()["field"] == "query.limit"
    assert bad_cursor.status_code == 400 and bad_cursor.json()["field"] == "cursor"


def test_unknown_api_routes_are_json_404(http, owner_a):
    response = http.get("/v1/nothing-here", headers=owner_a)

    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_any_character_in_an_api_path_reaches_the_function_like_proxy_plus(http, owner_a):
    response = http.get("/v1/clients/a%0Ab", headers=owner_a)

    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_health_dashboard_and_sdk_are_served(http):
    assert http.get("/healthz").json()["status"] == "ok"
    dashboard = http.get("/")
    assert dashboard.status_code == 200 and '<div id="root">' in dashboard.text
    script = re.search(r'src="(/assets/[^"]+\.js)"', dashboard.text).group(1)
    assert http.get(script).status_code == 200
    assert http.get("/sdk/README.md").status_code == 200


def test_deep_links_open_the_app_but_missing_files_stay_404(http):
    # As CloudFront's SPA fallback: a reload on a screen's address gets the app, a missing asset does not.
    assert '<div id="root">' in http.get("/agents/agt_00000000000000000000000000").text
    assert http.get("/assets/missing.js").status_code == 404
    assert http.get("/favicon-missing.png").status_code == 404


def test_the_dashboard_config_names_how_to_sign_in(http):
    response = http.get("/config.json")
    assert response.status_code == 200 and response.json()["auth"]["mode"] == "password"


@pytest.mark.parametrize("path", ["/sdk/vocadesk.js", "/sdk/vocadesk-worklet.js"])
def test_the_sdk_is_served_to_pages_of_any_origin(http, path):
    # The AudioWorklet module is fetched in CORS mode: a customer's page loads it only with this header.
    response = http.get(path, headers={"origin": "https://shop.example.com"})

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-type"].startswith("text/javascript")


def test_me_names_the_user_role_and_plan(http, owner_a, tenant_a):
    me = http.get("/v1/me", headers=owner_a).json()

    assert me["user"]["id"] == tenant_a.owner.id and me["user"]["role"] == "owner"
    assert me["account"] == {"id": tenant_a.account_id, "name": "alpha", "plan": "trial", "can_take_calls": True}


def test_a_function_runs_one_invocation_at_a_time_like_a_lambda_environment(identity, monkeypatch):
    # Powertools keeps per-request state on the resolver (the matched route, read again to validate the
    # response): two invocations of one handler on two threads crossed, and a calls page got "items.0.id
    # should match agt_" from a concurrent agents list. Lambda never runs two at once in one environment.
    import asyncio
    import threading
    import time

    import httpx2

    import local_platform.gateway as gateway

    running, most = {"n": 0}, {"n": 0}
    guard = threading.Lock()

    def slow_handler(event, context):
        with guard:
            running["n"] += 1
            most["n"] = max(most["n"], running["n"])
        time.sleep(0.02)
        with guard:
            running["n"] -= 1
        return {"statusCode": 200, "body": "{}", "headers": {"content-type": "application/json"}}

    monkeypatch.setattr(gateway, "load_handler", lambda dotted: slow_handler)

    async def burst() -> list[int]:
        transport = httpx2.ASGITransport(app=gateway.create_gateway(identity))
        async with httpx2.AsyncClient(transport=transport, base_url="http://gateway") as client:
            answers = await asyncio.gather(*(client.get("/embed/config") for _ in range(8)))
            return [answer.status_code for answer in answers]

    assert asyncio.run(burst()) == [200] * 8
    assert most["n"] == 1
