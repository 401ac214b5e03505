"""Call tickets: the token, where to use it, the button; whether an agent may be called at all."""

import time
from datetime import datetime

import pytest

from tests.support import CALL_TOKEN_KEYS
from vocadesk import call_tickets
from vocadesk.call_tickets import AccountSuspended, AgentUnavailable
from vocadesk.call_tokens import CallTokens, parse_keys
from vocadesk.errors import Forbidden
from vocadesk.settings import Settings, get_settings


def test_a_ticket_carries_a_token_for_its_route_valid_for_the_configured_ttl(repos, tenant_a, monkeypatch):
    monkeypatch.setenv("VOCADESK_CALL_TOKEN_TTL_SECONDS", "45")
    get_settings.cache_clear()
    route = call_tickets.callable_route(repos, tenant_a.account_id, tenant_a.agent.id)

    ticket = call_tickets.issue(route, channel="test", origin="http://127.0.0.1:8080", user_id=tenant_a.owner.id)

    verified = CallTokens(parse_keys(CALL_TOKEN_KEYS)).verify(ticket.token)
    assert verified.grant.channel == "test" and verified.grant.user_id == tenant_a.owner.id
    assert verified.grant.embed_id is None and verified.grant.origin == "http://127.0.0.1:8080"
    assert abs(verified.expires_at - time.time() - 45) <= 2
    assert ticket.expires_at == datetime.fromtimestamp(verified.expires_at).astimezone()
    assert ticket.agent_name == tenant_a.agent.name and ticket.button.label == "Talk to us"


def test_the_runtime_url_is_the_public_one_or_the_runtimes_own_web_path():
    assert call_tickets.runtime_url(Settings()) == "ws://127.0.0.1:8090/web"
    public = Settings(voice_public_ws_url="wss://voice.example.com/web")
    assert call_tickets.runtime_url(public) == "wss://voice.example.com/web"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://App.Vocadesk.com/dashboard/", "https://app.vocadesk.com"),
        ("https://app.vocadesk.com:443", "https://app.vocadesk.com"),
    ],
)
def test_the_dashboards_origin_is_taken_from_its_url(url, origin):
    assert call_tickets.origin_of(url) == origin


def test_without_keys_no_token_is_signed_and_the_error_says_what_to_set(repos, tenant_a, monkeypatch):
    monkeypatch.setenv("VOCADESK_CALL_TOKEN_KEYS", "")
    get_settings.cache_clear()
    route = call_tickets.callable_route(repos, tenant_a.account_id, tenant_a.agent.id)

    with pytest.raises(RuntimeError, match="VOCADESK_CALL_TOKEN_KEYS"):
        call_tickets.issue(route, channel="web", origin="https://a.example")


def test_a_suspended_account_or_a_missing_agent_cannot_be_called(repos, tenant_a, tenant_b):
    account = repos.accounts.get(tenant_b.account_id)
    repos.accounts.save(account.model_copy(update={"can_take_calls": False}))

    with pytest.raises(AccountSuspended) as suspended:
        call_tickets.callable_route(repos, tenant_b.account_id, tenant_b.agent.id)
    with pytest.raises(AgentUnavailable) as gone:
        call_tickets.callable_route(repos, tenant_b.account_id, tenant_a.agent.id)  # not B's agent

    assert isinstance(suspended.value, Forbidden) and suspended.value.code == "account_suspended"
    assert isinstance(gone.value, Forbidden) and gone.value.code == "agent_unavailable"
