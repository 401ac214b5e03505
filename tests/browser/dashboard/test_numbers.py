"""Phone numbers: add (E.164; a number already in use is explained), attach to an agent, detach, remove."""

import random
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


@pytest.fixture
def agent(api):
    """An agent of its own client, so the picker has a name no other test uses."""
    client = api.post("/v1/clients", json={"name": f"Dockside Dental {uuid.uuid4().hex[:6]}"}).json()
    agent = api.post("/v1/agents", json={"client_id": client["id"], "name": f"Dora {uuid.uuid4().hex[:6]}"}).json()
    yield agent
    api.delete(f"/v1/agents/{agent['id']}")
    api.delete(f"/v1/clients/{client['id']}")


def number_row(page, number: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=number, exact=False))


def test_add_a_number_attach_it_to_an_agent_detach_it_and_remove_it(owner_page, platform, api, agent, a11y, screenshot):
    page = owner_page
    digits = f"{random.randrange(10**6, 10**7)}"
    number = f"+1555{digits}"
    page.goto(f"{platform}/phone-numbers")
    page.get_by_role("heading", name="Phone numbers", level=1).wait_for()

    page.get_by_role("button", name="Add number").click()
    form = page.get_by_role("region", name="Add a phone number")
    form.get_by_label("Phone number").fill("555 0100")
    form.get_by_role("button", name="Add number").click()
    expect(form.get_by_text("isn't a phone number in international form")).to_be_visible()

    form.get_by_label("Phone number").fill(f"+1 (555) {digits[:3]}-{digits[3:]}")  # typed as people do
    form.get_by_label("Label").fill("Front line")
    form.get_by_role("button", name="Add number").click()
    expect(page.get_by_role("status").filter(has_text=f"{number} added")).to_be_visible()
    row = number_row(page, number)
    expect(row).to_contain_text("Not answered")
    expect(row).to_contain_text("Front line")

    # The same number again: taken, and the page says what that means.
    page.get_by_role("button", name="Add number").click()
    form.get_by_label("Phone number").fill(number)
    form.get_by_role("button", name="Add number").click()
    expect(form.get_by_text("already in use")).to_be_visible()
    expect(form.get_by_label("Phone number")).to_have_attribute("aria-invalid", "true")
    form.get_by_role("button", name="Cancel").click()

    row.get_by_label(f"Agent to answer {number}").select_option(label=agent["name"])
    row.get_by_role("button", name="Attach").click()
    expect(row.get_by_role("link", name=agent["name"])).to_have_attribute("href", f"/agents/{agent['id']}")
    expect(page.get_by_role("status").filter(has_text=f"now answered by {agent['name']}")).to_be_visible()
    assert api.get(f"/v1/phone-numbers/{number}").json()["agent_id"] == agent["id"]
    screenshot(page, "phone-numbers")
    a11y(page, "phone numbers")

    row.get_by_role("button", name="Detach").click()
    page.get_by_role("dialog", name=f"Detach {agent['name']} from {number}?").get_by_role(
        "button", name="Detach"
    ).click()
    expect(row).to_contain_text("Not answered")
    assert api.get(f"/v1/phone-numbers/{number}").json()["agent_id"] is None

    row.get_by_role("button", name="Remove").click()
    page.get_by_role("dialog", name=f"Remove {number} from your account?").get_by_role("button", name="Remove").click()
    expect(row).to_have_count(0)
    assert api.get(f"/v1/phone-numbers/{number}").status_code == 404
