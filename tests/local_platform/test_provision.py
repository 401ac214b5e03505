"""The demo `make run` seeds: what a newcomer can try at once (sign-in, phone number, demo page)."""

from __future__ import annotations

from local_platform.provision import DEMO_EMBED_ID, demo_origins, seed_demo
from vocadesk.origins import origin_allowed
from vocadesk.settings import get_settings


def test_the_demo_agent_is_on_the_demo_page_for_the_gateways_origin(repos, directory, monkeypatch):
    monkeypatch.setenv("VOCADESK_PUBLIC_URL", "http://127.0.0.1:8080")
    get_settings.cache_clear()

    demo = seed_demo(repos, directory, get_settings())

    embed = repos.embeds.find_public(DEMO_EMBED_ID)
    assert embed is not None and embed.agent_id == demo.agent.id and embed.enabled
    assert origin_allowed("http://127.0.0.1:8080", embed.allowed_origins)
    assert origin_allowed("http://localhost:8080", embed.allowed_origins)
    assert not origin_allowed("http://127.0.0.1:9999", embed.allowed_origins)
    assert seed_demo(repos, directory, get_settings()) is None  # seeded once


def test_demo_origins_name_both_loopback_hosts_and_nothing_else():
    assert demo_origins("http://127.0.0.1:8080/") == ["http://127.0.0.1:8080", "http://localhost:8080"]
    assert demo_origins("http://localhost:5000") == ["http://localhost:5000", "http://127.0.0.1:5000"]
    assert demo_origins("https://app.vocadesk.example") == ["https://app.vocadesk.example"]
