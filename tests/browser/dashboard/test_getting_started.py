"""Getting started ticks each step from what the API holds, when the tab regains focus; and a viewer sees
the checklist and the Clients, Phone numbers, Embeds and Usage screens without any edit control.

The demo account is shared by every test (and seeded with a client, an agent, a number and an embed), so
the checklist first sees a new account's empty lists (those reads are answered empty in the browser), then
each list for real as the step is done through the API."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.dashboard.conftest import invited_page
from tests.browser.dashboard.test_usage import place_test_call

pytestmark = pytest.mark.slow

LISTS = re.compile(r"/v1/(clients|agents|calls|phone-numbers|embeds)(\?.*)?$")


class NewAccount:
    """Answers the checklist's list reads empty, as for a new account, until `reveal(list)` lets that
    list's reads through to the API."""

    def __init__(self, page) -> None:
        self.hidden = {"clients", "agents", "calls", "phone-numbers", "embeds"}
        page.route(LISTS, self.answer)

    def answer(self, route) -> None:
        listed = LISTS.search(route.request.url)
        if route.request.method == "GET" and listed and listed.group(1) in self.hidden:
            route.fulfill(json={"items": [], "next_cursor": None})
        else:
            route.continue_()

    def reveal(self, *lists: str) -> None:
        self.hidden.difference_update(lists)


def step(page, title: str):
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title, exact=True))


def back_to_the_tab(page) -> None:
    """What the browser does when the person returns from another tab or window."""
    page.evaluate("window.dispatchEvent(new Event('focus'))")


def test_the_checklist_ticks_each_step_as_it_is_done(owner_page, platform, api, a11y, screenshot):
    page = owner_page
    account = NewAccount(page)
    page.goto(f"{platform}/")
    expect(page.get_by_role("status").filter(has_text="1 of 5 steps done")).to_be_visible()
    expect(step(page, "Sign in")).to_contain_text("Done")
    first = step(page, "Create a client")
    expect(first).to_have_attribute("aria-current", "step")
    expect(first).to_contain_text("Next step")
    expect(first.get_by_role("link", name="Go to Clients")).to_have_attribute("href", "/clients")
    expect(step(page, "Create an agent")).to_contain_text("To do")
    screenshot(page, "getting-started")
    a11y(page, "getting started")

    suffix = uuid.uuid4().hex[:6]
    client = api.post("/v1/clients", json={"name": f"Lakeside Gym {suffix}"}).json()
    agent = api.post("/v1/agents", json={"client_id": client["id"], "name": f"Lena {suffix}"}).json()
    try:
        account.reveal("clients")
        back_to_the_tab(page)
        expect(step(page, "Create a client")).to_contain_text("Done")
        expect(step(page, "Create an agent")).to_have_attribute("aria-current", "step")

        account.reveal("agents")
        back_to_the_tab(page)
        expect(step(page, "Create an agent")).to_contain_text("Done")
        test_call = step(page, "Make a test call")
        expect(test_call).to_have_attribute("aria-current", "step")
        expect(test_call.get_by_role("link", name=re.compile(r"^Open "))).to_have_attribute(
            "href", re.compile(r"^/agents/agt_")
        )

        place_test_call(api, platform, agent["id"])
        account.reveal("calls")
        back_to_the_tab(page)
        expect(step(page, "Make a test call")).to_contain_text("Done")
        expect(step(page, "Attach a phone number or an embed")).to_have_attribute("aria-current", "step")

        embed = api.post("/v1/embeds", json={"agent_id": agent["id"], "allowed_origins": ["https://lakeside.example"]})
        account.reveal("phone-numbers", "embeds")
        back_to_the_tab(page)
        expect(step(page, "Attach a phone number or an embed")).to_contain_text("Done")
        expect(page.get_by_role("status").filter(has_text="5 of 5 steps done")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(r"^You.re live$"))).to_be_visible()
        api.delete(f"/v1/embeds/{embed.json()['id']}")
    finally:
        api.delete(f"/v1/agents/{agent['id']}")
        api.delete(f"/v1/clients/{client['id']}")


EDIT_CONTROLS = re.compile(
    r"^(New client|Edit|Delete|Add number|Attach|Change agent|Detach|Remove|New embed|Rotate id)\b"
)


@pytest.fixture
def viewer_page(dashboard_browser, platform, api):
    email = f"viewer-{uuid.uuid4().hex[:8]}@example.com"
    user = api.post("/v1/users", json={"email": email, "role": "viewer", "name": "Val Viewer"}).json()
    page = invited_page(dashboard_browser, platform, email)
    yield page
    page.context.close()
    api.delete(f"/v1/users/{user['id']}")


def test_a_viewer_sees_these_screens_without_edit_controls(viewer_page, platform):
    page = viewer_page
    expect(page.get_by_text("You have view-only access")).to_be_visible()
    expect(step(page, "Create a client")).to_contain_text("Done")  # the demo account's client

    for path, heading, content in [
        ("/clients", "Clients", page.get_by_role("rowheader", name="Bright Smile Dental")),
        ("/phone-numbers", "Phone numbers", page.get_by_role("rowheader", name="+15555550100")),
        ("/embeds", "Embeds", page.get_by_role("article", name="Demo page")),
        ("/usage", "Usage", page.get_by_role("button", name="Last 30 days")),
    ]:
        page.goto(f"{platform}{path}")
        page.get_by_role("heading", name=heading, level=1).wait_for()
        expect(content).to_be_visible()
        expect(page.get_by_role("button", name=EDIT_CONTROLS)).to_have_count(0)

    # Reading is not editing: a viewer still copies a snippet and previews the button.
    page.goto(f"{platform}/embeds")
    demo = page.get_by_role("article", name="Demo page")
    expect(demo.get_by_role("button", name="Copy snippet")).to_be_visible()
    expect(demo.get_by_role("button", name="Preview the button")).to_be_visible()
