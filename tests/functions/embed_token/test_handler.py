"""POST /embed/token through the local gateway: origins, CORS, refusals, abuse limits, and the token's claims."""

from datetime import datetime

import pytest
from starlette.testclient import TestClient

from functions.embed_token import handler
from tests.support import CALL_TOKEN_KEYS
from vocadesk import rate_limits
from vocadesk.call_tokens import CallTokens, parse_keys
from vocadesk.models.embeds import ButtonStyle, Embed
from vocadesk.settings import get_settings
from vocadesk.storage import keys

PAGE = "https://www.brightsmile.com"
ORIGINS = [PAGE, "https://*.brightsmile.com"]
A_MOMENT = 1_800_000_010.0  # 10 s into a window of any length that divides 1_800_000_000


@pytest.fixture
def embed(repos, tenant_a):
    return repos.embeds.create(
        Embed(
            account_id=tenant_a.account_id,
            agent_id=tenant_a.agent.id,
            client_id=tenant_a.client.id,
            allowed_origins=ORIGINS,
            button=ButtonStyle(label="Call the front desk", background="#112233"),
        )
    )


@pytest.fixture
def still_clock(monkeypatch):
    """The limiter's clock stands still, so a test's requests all fall in one window."""
    monkeypatch.setattr(rate_limits, "now", lambda: A_MOMENT)


def ask(http, embed_id, origin=PAGE, **headers):
    page = {"origin": origin} if origin else {}
    return http.post("/embed/token", json={"embed_id": embed_id}, headers=page | headers)


def set_limits(monkeypatch, **limits):
    for name, value in limits.items():
        monkeypatch.setenv(f"VOCADESK_EMBED_TOKEN_LIMIT_{name.upper()}", str(value))
    get_settings.cache_clear()


def test_an_allowed_page_gets_a_web_token_naming_embed_agent_and_origin(http, embed, tenant_a):
    response = ask(http, embed.id)

    assert response.status_code == 201, response.text
    assert response.headers["access-control-allow-origin"] == PAGE
    assert "Origin" in response.headers["vary"]
    body = response.json()
    assert body["channel"] == "web" and body["agent_name"] == "Front desk"
    assert body["runtime_url"] == "ws://127.0.0.1:8090/web"
    assert body["button"] == {
        "label": "Call the front desk",
        "background": "#112233",
        "foreground": "#ffffff",
        "position": "bottom-right",
    }
    verified = CallTokens(parse_keys(CALL_TOKEN_KEYS)).verify(body["token"])
    assert datetime.fromisoformat(body["expires_at"]).timestamp() == verified.expires_at
    assert verified.grant.channel == "web" and verified.grant.origin == PAGE and verified.grant.user_id is None
    assert (verified.grant.embed_id, verified.grant.agent_id) == (embed.id, tenant_a.agent.id)
    assert (verified.grant.account_id, verified.grant.client_id) == (tenant_a.account_id, tenant_a.client.id)


def test_a_subdomain_of_a_wildcard_origin_is_allowed(http, embed):
    response = ask(http, embed.id, origin="https://shop.eu.brightsmile.com")

    assert response.status_code == 201, response.text
    assert response.headers["access-control-allow-origin"] == "https://shop.eu.brightsmile.com"
    assert CallTokens(parse_keys(CALL_TOKEN_KEYS)).verify(response.json()["token"]).grant.origin == (
        "https://shop.eu.brightsmile.com"
    )


@pytest.mark.parametrize("origin", ["https://evil.example", "http://www.brightsmile.com", "https://brightsmile.com"])
def test_another_origin_is_403_and_the_page_may_not_read_it(http, embed, origin):
    response = ask(http, embed.id, origin=origin)

    assert response.status_code == 403
    assert response.json() == {
        "error": "origin_not_allowed",
        "message": "this page's origin is not allowed to start calls with this embed",
        "field": "origin",
    }
    assert "access-control-allow-origin" not in response.headers
    assert "Origin" in response.headers["vary"]


def test_no_origin_is_403(http, embed):
    response = ask(http, embed.id, origin=None)

    assert response.status_code == 403 and response.json()["error"] == "origin_not_allowed"


def test_an_unknown_embed_is_404_and_a_malformed_id_is_422_naming_the_field(http, embed):
    unknown = ask(http, "emb_" + "0" * 26)
    malformed = ask(http, "not-an-embed")
    missing = http.post("/embed/token", json={}, headers={"origin": PAGE})

    assert unknown.status_code == 404 and unknown.json()["field"] == "embed_id"
    assert "access-control-allow-origin" not in unknown.headers
    assert malformed.status_code == 422 and malformed.json()["field"] == "body.embed_id"
    assert missing.status_code == 422 and missing.json()["field"] == "body.embed_id"


def test_a_disabled_embed_is_403_and_the_page_may_read_why(http, repos, embed):
    repos.embeds.save(embed.model_copy(update={"enabled": False}))

    response = ask(http, embed.id)

    assert response.status_code == 403
    assert response.json()["error"] == "embed_disabled"
    assert response.headers["access-control-allow-origin"] == PAGE  # the button can show itself as unavailable


def test_a_suspended_account_is_403(http, repos, embed, tenant_a):
    account = repos.accounts.get(tenant_a.account_id)
    repos.accounts.save(account.model_copy(update={"can_take_calls": False}))

    response = ask(http, embed.id)

    assert response.status_code == 403 and response.json()["error"] == "account_suspended"


def test_an_embed_whose_agent_is_gone_is_403(http, repos, embed, tenant_a):
    repos.table.delete(keys.account_pk(tenant_a.account_id), keys.sk("AGENT", tenant_a.agent.id))

    response = ask(http, embed.id)

    assert response.status_code == 403 and response.json()["error"] == "agent_unavailable"


def test_one_address_gets_at_most_the_per_ip_limit_then_429_with_retry_after(
    http, repos, embed, tenant_a, monkeypatch, still_clock
):
    set_limits(monkeypatch, per_ip=3, window_seconds=60)
    other_embed = repos.embeds.create(embed.model_copy(update={"id": "emb_" + "1" * 26}))

    # Given three tokens for one address, across two embeds
    statuses = [ask(http, e.id).status_code for e in (embed, other_embed, embed)]

    # When it asks again
    refused = ask(http, other_embed.id)

    # Then it must wait for the next window; other addresses are unaffected
    assert statuses == [201, 201, 201]
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "50"
    assert refused.json() == {
        "error": "rate_limited",
        "message": "too many call tokens from this address (at most 3 per 60 s); retry in 50 s",
        "limit": "embed_tokens_per_ip",
        "allowed": 3,
        "window_seconds": 60,
        "retry_after": 50,
    }
    assert refused.headers["access-control-allow-origin"] == PAGE
    assert "Retry-After" in refused.headers["access-control-expose-headers"]
    elsewhere = TestClient(http.app, client=("198.51.100.20", 40000))
    assert ask(elsewhere, embed.id).status_code == 201


def test_one_embed_hands_out_at_most_the_per_embed_limit_then_429(http, embed, monkeypatch, still_clock):
    set_limits(monkeypatch, per_embed=2, window_seconds=3600)
    visitors = [TestClient(http.app, client=(f"203.0.113.{n}", 40000)) for n in range(1, 4)]

    statuses = [ask(visitor, embed.id).status_code for visitor in visitors]

    refused = ask(visitors[2], embed.id)
    assert statuses == [201, 201, 429]
    assert refused.status_code == 429
    assert refused.json()["limit"] == "embed_tokens_per_embed"
    assert refused.headers["retry-after"] == str(3600 - 10)


def test_a_refused_origin_spends_none_of_the_limits(http, embed, monkeypatch, still_clock):
    set_limits(monkeypatch, per_ip=1)

    for _ in range(3):
        assert ask(http, embed.id, origin="https://evil.example").status_code == 403

    assert ask(http, embed.id).status_code == 201


def test_the_preflight_allows_a_json_post_from_any_page(http):
    response = http.options(
        "/embed/token",
        headers={
            "origin": "https://anyone.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )

    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "https://anyone.example"
    assert response.headers["access-control-allow-methods"] == "POST"
    assert response.headers["access-control-allow-headers"] == "content-type"
    assert int(response.headers["access-control-max-age"]) > 0
    assert "Origin" in response.headers["vary"]
    assert response.content == b""


def test_another_method_is_405(http):
    response = http.get("/embed/token")

    assert response.status_code == 405 and set(response.headers["allow"].split(", ")) == {"OPTIONS", "POST"}


def test_the_gateway_passes_no_claims_even_with_a_bearer_token(http, embed, owner_a, monkeypatch):
    events = []
    resolve = handler.app.resolve
    monkeypatch.setattr(handler.app, "resolve", lambda event, context: events.append(event) or resolve(event, context))

    response = ask(http, embed.id, **owner_a)

    assert response.status_code == 201
    assert "authorizer" not in events[0]["requestContext"]
    assert events[0]["requestContext"]["http"]["sourceIp"] == "testclient"


def test_an_allowed_page_reads_the_buttons_look_and_others_cannot(http, repos, embed):
    repos.embeds.save(embed.model_copy(update={"enabled": False}))

    look = http.get("/embed/config", params={"embed_id": embed.id}, headers={"origin": PAGE})
    refused = http.get("/embed/config", params={"embed_id": embed.id}, headers={"origin": "https://evil.example"})
    unknown = http.get("/embed/config", params={"embed_id": "emb_" + "0" * 26}, headers={"origin": PAGE})

    assert look.status_code == 200
    assert look.json() == {
        "button": {
            "label": "Call the front desk",
            "background": "#112233",
            "foreground": "#ffffff",
            "position": "bottom-right",
        },
        "enabled": False,
    }
    assert look.headers["access-control-allow-origin"] == PAGE and "max-age" in look.headers["cache-control"]
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    assert unknown.status_code == 404
