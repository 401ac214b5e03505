"""Clients: create, edit (a concurrent edit is a conflict), delete, and a client that still has an agent
explains why it can't be deleted."""

import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:6]}"


def client_row(page, name: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=False))


def test_create_edit_and_delete_a_client(owner_page, platform, api, a11y, screenshot):
    page = owner_page
    name = unique("Harbour Vets")
    page.goto(f"{platform}/clients")
    page.get_by_role("heading", name="Clients", level=1).wait_for()

    page.get_by_role("button", name="New client").click()
    form = page.get_by_role("region", name="New client")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Contact email").fill("not-an-email")
    form.get_by_role("button", name="Create client").click()
    email = form.get_by_label("Contact email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_text("@-sign")).to_be_visible()  # the API's field error, at the field
    email.fill("desk@harbourvets.example")
    form.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("status").filter(has_text=f"Client “{name}” created")).to_be_visible()
    row = client_row(page, name)
    expect(row).to_contain_text("desk@harbourvets.example")
    screenshot(page, "clients")
    a11y(page, "clients")

    row.get_by_role("button", name=f"Edit {name}").click()
    editor = page.get_by_role("region", name=f"Edit “{name}”")
    expect(editor.get_by_label("Name")).to_have_value(name)
    editor.get_by_label("Notes").fill("Open weekends")
    editor.get_by_role("button", name="Save changes").click()
    expect(client_row(page, name)).to_contain_text("Open weekends")

    # Someone else saves while this editor is open: saving here is a conflict, not a silent overwrite.
    client_id = next(
        c["id"] for c in api.get("/v1/clients", params={"limit": 100}).json()["items"] if c["name"] == name
    )
    client_row(page, name).get_by_role("button", name=f"Edit {name}").click()
    editor = page.get_by_role("region", name=f"Edit “{name}”")
    expect(editor.get_by_label("Notes")).to_have_value("Open weekends")
    api.patch(f"/v1/clients/{client_id}", json={"notes": "Closed Sundays"}).raise_for_status()
    editor.get_by_label("Notes").fill("Open every day")
    editor.get_by_role("button", name="Save changes").click()
    expect(editor.get_by_role("alert")).to_contain_text("Someone else changed this client")
    editor.get_by_role("button", name="Load the latest version").click()
    expect(editor.get_by_label("Notes")).to_have_value("Closed Sundays")
    editor.get_by_role("button", name="Cancel").click()

    client_row(page, name).get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name=f"Delete the client “{name}”?")
    dialog.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status").filter(has_text=f"Client “{name}” deleted")).to_be_visible()
    expect(client_row(page, name)).to_have_count(0)
    assert api.get(f"/v1/clients/{client_id}").status_code == 404


def test_a_client_with_an_agent_cannot_be_deleted_and_the_page_says_why(owner_page, platform, api):
    page = owner_page
    name = unique("Corner Bakery")
    client = api.post("/v1/clients", json={"name": name}).json()
    agent = api.post("/v1/agents", json={"client_id": client["id"], "name": unique("Baker Bo")}).json()
    try:
        page.goto(f"{platform}/clients")
        agents_link = client_row(page, name).get_by_role("link", name=f"1 agent of {name}")
        expect(agents_link).to_have_attribute("href", f"/agents?client={client['id']}")
        client_row(page, name).get_by_role("button", name="Delete").click()
        page.get_by_role("dialog", name=f"Delete the client “{name}”?").get_by_role("button", name="Delete").click()

        explanation = page.get_by_role("alert").filter(has_text="be deleted yet")
        expect(explanation).to_contain_text("It still has 1 agent")
        expect(explanation.get_by_role("link", name=agent["name"])).to_have_attribute("href", f"/agents/{agent['id']}")
        expect(client_row(page, name)).to_have_count(1)
        assert api.get(f"/v1/clients/{client['id']}").status_code == 200
    finally:
        api.delete(f"/v1/agents/{agent['id']}")
        api.delete(f"/v1/clients/{client['id']}")
