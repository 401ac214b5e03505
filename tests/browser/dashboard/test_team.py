"""Team: an owner invites a teammate (a refused email shown at its field, an email already in the team
explained), changes their role and back, and removes them; an admin cannot touch owners and sees the API's
refusal when the page was out of date; an invited viewer signs in with the temporary password, chooses their
own, and reads the team without any control."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.dashboard.conftest import TEMPORARY_PASSWORD, invited_page

pytestmark = pytest.mark.slow


def unique_email(who: str) -> str:
    return f"{who}-{uuid.uuid4().hex[:8]}@example.com"


def member_row(page, name: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=False))


def open_team(page, platform: str) -> None:
    page.goto(f"{platform}/team")
    page.get_by_role("heading", name="Team", level=1).wait_for()


def invite(api, name: str, role: str) -> dict:
    response = api.post("/v1/users", json={"email": unique_email(role), "name": name, "role": role})
    response.raise_for_status()
    return response.json()


def test_invite_a_teammate_change_their_role_and_remove_them(owner_page, platform, api, a11y, screenshot):
    page = owner_page
    name = f"Vera {uuid.uuid4().hex[:6]}"
    email = unique_email("vera")
    open_team(page, platform)
    you = member_row(page, "(you)")
    expect(you).to_contain_text("demo@example.com")
    expect(you.get_by_role("button", name="Remove")).to_be_disabled()  # nobody removes themselves here

    page.get_by_role("button", name="Invite teammate").click()
    form = page.get_by_role("region", name="Invite a teammate")
    expect(form).to_contain_text(TEMPORARY_PASSWORD)  # how the invitee gets in, locally
    form.get_by_label("Email").fill("vera.example.com")
    form.get_by_label("Name").fill(name)
    form.get_by_role("button", name="Send invitation").click()
    email_field = form.get_by_label("Email")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    expect(email_field).to_be_focused()
    expect(form.get_by_text("@-sign")).to_be_visible()  # the API's field error, at the field
    a11y(page, "team, invitation refused")

    email_field.fill(email)
    expect(form.get_by_label("Role", exact=True)).to_have_value("viewer")
    form.get_by_role("button", name="Send invitation").click()
    notice = page.get_by_role("status").filter(has_text=f"{name} was invited as viewer")
    expect(notice).to_contain_text(email)
    expect(notice).to_contain_text(TEMPORARY_PASSWORD)
    row = member_row(page, name)
    expect(row).to_contain_text(email)
    expect(row).to_contain_text("Viewer")
    screenshot(page, "team")
    a11y(page, "team")

    # The same email again: already in the team, said at the field.
    page.get_by_role("button", name="Invite teammate").click()
    form = page.get_by_role("region", name="Invite a teammate")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Name").fill("Vera again")
    form.get_by_role("button", name="Send invitation").click()
    expect(form.get_by_text(f"{name} already has this email in your team, as viewer")).to_be_visible()
    form.get_by_role("button", name="Cancel").click()

    user_id = next(u["id"] for u in api.get("/v1/users", params={"limit": 100}).json()["items"] if u["email"] == email)
    for role, label in [("admin", "Admin"), ("viewer", "Viewer")]:
        row.get_by_label(f"Role of {name}").select_option(role)
        row.get_by_role("button", name="Save role").click()
        expect(page.get_by_role("status").filter(has_text=f"{name} is now {role}")).to_be_visible()
        expect(row.locator(".badge")).to_have_text(label)
        assert api.get(f"/v1/users/{user_id}").json()["role"] == role

    row.get_by_role("button", name="Remove").click()
    dialog = page.get_by_role("dialog", name=f"Remove {name} from the team?")
    expect(dialog).to_contain_text("stops working")
    dialog.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("status").filter(has_text=f"{name} was removed from the team")).to_be_visible()
    expect(member_row(page, name)).to_have_count(0)
    assert api.get(f"/v1/users/{user_id}").status_code == 404


def test_an_admin_cannot_manage_owners_and_sees_the_api_refusal(dashboard_browser, platform, api):
    admin = invite(api, f"Ada {uuid.uuid4().hex[:6]}", "admin")
    other = invite(api, f"Otto {uuid.uuid4().hex[:6]}", "viewer")
    page = invited_page(dashboard_browser, platform, admin["email"])
    try:
        open_team(page, platform)
        owner = member_row(page, "Demo Owner")
        expect(owner.get_by_role("combobox")).to_be_disabled()
        expect(owner).to_contain_text("Only an owner can change an owner")
        expect(owner.get_by_role("button", name="Remove")).to_be_disabled()
        row = member_row(page, other["name"])
        expect(row.get_by_role("option", name="Owner")).to_be_disabled()  # only an owner makes owners
        page.get_by_role("button", name="Invite teammate").click()
        roles = page.get_by_role("region", name="Invite a teammate").get_by_label("Role", exact=True)
        expect(roles.get_by_role("option")).to_have_text(["Admin", "Viewer"])

        # Meanwhile an owner makes Otto an owner: this page still shows a viewer, and the API refuses.
        api.patch(f"/v1/users/{other['id']}", json={"role": "owner"}).raise_for_status()
        row.get_by_label(f"Role of {other['name']}").select_option("admin")
        row.get_by_role("button", name="Save role").click()
        expect(row.get_by_role("alert")).to_contain_text("The role was not changed: only an owner may")
        expect(row.locator(".badge")).to_have_text("Owner")  # and the row now says what is true
        expect(row.get_by_role("combobox")).to_be_disabled()
    finally:
        page.context.close()
        api.delete(f"/v1/users/{other['id']}")
        api.delete(f"/v1/users/{admin['id']}")


def test_an_invited_viewer_reads_the_team_without_controls(dashboard_browser, platform, api, a11y, screenshot):
    viewer = invite(api, f"Val {uuid.uuid4().hex[:6]}", "viewer")
    page = invited_page(dashboard_browser, platform, viewer["email"])
    try:
        open_team(page, platform)
        expect(page.get_by_text("You have view-only access")).to_be_visible()
        you = member_row(page, "(you)")
        expect(you).to_contain_text(viewer["email"])
        expect(you.locator(".badge")).to_have_text("Viewer")
        expect(member_row(page, "Demo Owner")).to_contain_text("demo@example.com")
        expect(page.get_by_role("button", name="Invite teammate")).to_have_count(0)
        expect(page.get_by_role("region", name="Invite a teammate")).to_have_count(0)
        expect(page.get_by_role("combobox")).to_have_count(0)
        expect(page.get_by_role("button", name="Remove")).to_have_count(0)
        expect(page.get_by_role("button", name="Save role")).to_have_count(0)
        screenshot(page, "team, viewer")
        a11y(page, "team, viewer")
    finally:
        page.context.close()
        api.delete(f"/v1/users/{viewer['id']}")
