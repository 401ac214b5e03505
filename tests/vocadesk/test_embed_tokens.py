"""Embed tokens without HTTP: which embed a page may use, and the order of the checks that follow."""

import pytest

from vocadesk import embed_tokens, rate_limits
from vocadesk.embed_tokens import EmbedDisabled, OriginNotAllowed
from vocadesk.errors import NotFound, RateLimited
from vocadesk.models.embeds import Embed
from vocadesk.settings import get_settings

PAGE = "https://www.brightsmile.com"
WINDOW_START = 1_800_000_000


@pytest.fixture
def embed(repos, tenant_a):
    return repos.embeds.create(
        Embed(
            account_id=tenant_a.account_id,
            agent_id=tenant_a.agent.id,
            client_id=tenant_a.client.id,
            allowed_origins=[PAGE],
        )
    )


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    monkeypatch.setattr(rate_limits, "now", lambda: WINDOW_START + 1.0)


def test_a_page_may_use_an_embed_that_lists_its_origin(repos, embed):
    assert embed_tokens.embed_for_page(repos, embed.id, PAGE) == embed

    with pytest.raises(OriginNotAllowed):
        embed_tokens.embed_for_page(repos, embed.id, "https://elsewhere.example")
    with pytest.raises(OriginNotAllowed):
        embed_tokens.embed_for_page(repos, embed.id, None)


def test_a_rotated_embeds_old_id_is_unknown(repos, embed):
    rotated = repos.embeds.rotate(embed)

    with pytest.raises(NotFound):
        embed_tokens.embed_for_page(repos, embed.id, PAGE)
    assert embed_tokens.embed_for_page(repos, rotated.id, PAGE).id == rotated.id


def test_a_disabled_embed_spends_the_address_limit_but_not_the_embeds(repos, embed, monkeypatch):
    monkeypatch.setenv("VOCADESK_EMBED_TOKEN_LIMIT_PER_IP", "2")
    monkeypatch.setenv("VOCADESK_EMBED_TOKEN_LIMIT_PER_EMBED", "1")
    get_settings.cache_clear()
    disabled = repos.embeds.save(embed.model_copy(update={"enabled": False}))

    with pytest.raises(EmbedDisabled):
        embed_tokens.issue(repos, disabled, origin=PAGE, source_ip="203.0.113.7")

    # the embed's one token is still there, and the address has one left
    ticket = embed_tokens.issue(repos, embed, origin=PAGE, source_ip="203.0.113.7")
    assert ticket.channel == "web"
    with pytest.raises(RateLimited) as refused:
        embed_tokens.issue(repos, embed, origin=PAGE, source_ip="203.0.113.8")
    assert refused.value.limit == "embed_tokens_per_embed"
    counts = repos.rate_counters.count("embed_tokens_per_ip", "203.0.113.7", window_start=WINDOW_START)
    assert counts == 2
