"""Embeds: create for an agent, edit the allowed websites (a bad one is refused at its line), copy the
snippet, preview the real SDK button without starting a call, rotate and delete."""

import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


@pytest.fixture
def agent(api):
    client = api.post("/v1/clients", json={"name": f"Tide Shop {uuid.uuid4().hex[:6]}"}).json()
    agent = api.post("/v1/agents", json={"client_id": client["id"], "name": f"Tess {uuid.uuid4().hex[:6]}"}).json()
    yield agent
    for embed in api.get("/v1/embeds", params={"agent_id": agent["id"]}).json()["items"]:
        api.delete(f"/v1/embeds/{embed['id']}")
    api.delete(f"/v1/agents/{agent['id']}")
    api.delete(f"/v1/clients/{client['id']}")


def only_embed(api, agent) -> dict:
    [embed] = api.get("/v1/embeds", params={"agent_id": agent["id"]}).json()["items"]
    return embed


def test_create_edit_copy_preview_rotate_and_delete_an_embed(owner_page, platform, api, agent, a11y, screenshot):
    page = owner_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=platform)
    token_requests: list[str] = []
    page.on("request", lambda request: "/embed/token" in request.url and token_requests.append(request.url))

    page.goto(f"{platform}/embeds?agent={agent['id']}")
    expect(page.get_by_role("heading", name="This agent has no embeds")).to_be_visible()
    page.get_by_role("button", name="New embed").click()
    form = page.get_by_role("region", name="New embed")
    expect(form.get_by_label("Agent")).to_have_value(agent["id"])
    form.get_by_label("Name").fill("Shop site")
    form.get_by_label("Allowed websites").fill("https://shop.example.com")
    form.get_by_label("Label").fill("Call the shop")
    form.get_by_role("button", name="Create embed").click()
    expect(page.get_by_role("status").filter(has_text="Embed “Shop site” created")).to_be_visible()
    card = page.get_by_role("article", name="Shop site")
    expect(card.get_by_role("link", name=agent["name"])).to_be_visible()

    card.get_by_role("button", name="Edit").click()
    origins = card.get_by_label("Allowed websites")
    expect(origins).to_have_value("https://shop.example.com")
    origins.fill("https://shop.example.com\nftp://files.example.com")
    card.get_by_role("button", name="Save changes").click()
    expect(card.get_by_text("Line 2 (ftp://files.example.com): must be scheme://host")).to_be_visible()
    expect(origins).to_have_attribute("aria-invalid", "true")
    origins.fill("https://shop.example.com\nhttps://*.example.com")
    card.get_by_role("button", name="Save changes").click()
    expect(card.get_by_role("listitem").filter(has_text="https://*.example.com")).to_be_visible()
    assert only_embed(api, agent)["allowed_origins"] == ["https://shop.example.com", "https://*.example.com"]

    card.get_by_role("button", name="Copy snippet").click()
    expect(card.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == only_embed(api, agent)["snippet"]

    card.get_by_role("button", name="Preview the button").click()
    preview = card.frame_locator("iframe[title='Preview of the call button “Call the shop”']")
    button = preview.get_by_role("button", name="Call the shop")  # inside the SDK's shadow root
    expect(button).to_be_visible()
    screenshot(page, "embeds")
    a11y(page, "embeds")
    button.click()
    expect(card.get_by_text("This is only a preview")).to_be_visible()
    assert token_requests == [], "the preview must not start a call"

    old_id = only_embed(api, agent)["id"]
    card.get_by_role("button", name="Rotate id").click()
    page.get_by_role("dialog", name="Give “Shop site” a new id?").get_by_role("button", name="Rotate").click()
    expect(page.get_by_role("status").filter(has_text="has a new id")).to_be_visible()
    new = only_embed(api, agent)
    assert new["id"] != old_id
    card = page.get_by_role("article", name="Shop site")  # a new card: the embed has a new id
    expect(card.get_by_label("Floating button snippet for Shop site")).to_have_value(new["snippet"])

    card.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete the embed “Shop site”?").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("heading", name="This agent has no embeds")).to_be_visible()
    assert api.get("/v1/embeds", params={"agent_id": agent["id"]}).json()["items"] == []
