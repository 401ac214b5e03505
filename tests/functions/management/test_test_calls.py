"""POST /v1/agents/{id}/test-call through the local gateway: a test call token for owners and admins."""

from tests.support import CALL_TOKEN_KEYS
from vocadesk.call_tokens import CallTokens, parse_keys


def test_an_owner_gets_a_test_token_for_the_dashboards_origin(http, owner_a, tenant_a):
    response = http.post(f"/v1/agents/{tenant_a.agent.id}/test-call", headers=owner_a)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["channel"] == "test" and body["agent_name"] == tenant_a.agent.name
    assert body["runtime_url"] == "ws://127.0.0.1:8090/web"
    assert set(body["button"]) == {"label", "background", "foreground", "position"}
    grant = CallTokens(parse_keys(CALL_TOKEN_KEYS)).verify(body["token"]).grant
    assert grant.channel == "test" and grant.user_id == tenant_a.owner.id and grant.embed_id is None
    assert grant.origin == "http://127.0.0.1:8080"  # VOCADESK_PUBLIC_URL, where the dashboard is served
    assert (grant.account_id, grant.client_id, grant.agent_id) == (
        tenant_a.account_id,
        tenant_a.client.id,
        tenant_a.agent.id,
    )


def test_a_viewer_may_not_start_a_test_call(http, viewer_a, tenant_a):
    response = http.post(f"/v1/agents/{tenant_a.agent.id}/test-call", headers=viewer_a)

    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_another_accounts_agent_is_404(http, owner_b, tenant_a):
    response = http.post(f"/v1/agents/{tenant_a.agent.id}/test-call", headers=owner_b)

    assert response.status_code == 404 and response.json()["field"] == "agent_id"


def test_a_suspended_account_cannot_start_a_test_call(http, repos, owner_a, tenant_a):
    account = repos.accounts.get(tenant_a.account_id)
    repos.accounts.save(account.model_copy(update={"can_take_calls": False}))

    response = http.post(f"/v1/agents/{tenant_a.agent.id}/test-call", headers=owner_a)

    assert response.status_code == 403 and response.json()["error"] == "account_suspended"
