"""The Agents screens in Chromium against the whole local platform: creating an agent and shaping it in the
editor while the instructions preview follows, the API's field errors by their fields, a concurrent edit's
conflict, a draft that survives a reload, a test call through the SDK with its live transcript, and a viewer."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import launch
from tests.browser.dashboard.conftest import invited_page, sign_in
from tests.browser.fake_platform import wav

pytestmark = pytest.mark.slow


def unique(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:6]}"


def new_client(api) -> dict:
    response = api.post("/v1/clients", json={"name": unique("Clinic")})
    response.raise_for_status()
    return response.json()


def new_agent(api, client_id: str, **fields) -> dict:
    response = api.post("/v1/agents", json={"client_id": client_id, "name": unique("Desk"), **fields})
    response.raise_for_status()
    return response.json()


@pytest.fixture
def quiet_owner_page(playwright_driver, tmp_path_factory, platform) -> Iterator[object]:
    """The demo owner in a quiet room: the fake microphone sends silence, so the stand-in hears no speech
    that would cut the agent's greeting short (a barge-in), and the greeting arrives whole."""
    silence = wav(tmp_path_factory.mktemp("audio") / "quiet.wav", peak=0)
    browser = launch(
        playwright_driver, "--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={silence}"
    )
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}"))
    sign_in(page, platform)
    yield page
    browser.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def instructions_text(page):
    return page.get_by_role("region", name="Instructions text")


def screenshot_from_top(screenshot, page, name: str) -> None:
    page.evaluate("() => window.scrollTo(0, 0)")  # sticky parts then sit where a person first sees them
    screenshot(page, name)


def test_create_an_agent_with_questions_and_a_transfer_rule_while_the_instructions_follow(
    owner_page, platform, api, a11y, screenshot
):
    page = owner_page
    client = new_client(api)

    # The client's agents: none yet
    page.goto(f"{platform}/agents?client={client['id']}")
    expect(page.get_by_role("heading", name=f"{client['name']} has no agents yet")).to_be_visible()
    a11y(page, "agents, empty")

    # Creating one opens it in the editor
    page.get_by_role("button", name="New agent").click()
    form = page.get_by_role("region", name="New agent")
    form.get_by_label("Agent name").fill("Night desk")
    expect(form.get_by_label("Client")).to_have_value(client["id"])
    form.get_by_role("button", name="Create and edit").click()
    expect(page).to_have_url(re.compile(r"/agents/agt_[0-9A-Z]{26}$"))
    agent_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("heading", name="Night desk", level=1)).to_be_visible()

    # The greeting shows in the instructions before anything is saved
    greeting = f"Good evening, {client['name']} night desk."
    page.get_by_label("Greeting").fill(greeting)
    expect(instructions_text(page)).to_contain_text(f'Open the call with: "{greeting}"')
    expect(instructions_text(page).locator("mark", has_text=greeting)).to_be_visible()

    # Two questions; the second moved first with the keyboard
    page.get_by_role("button", name="Add question").click()
    first = page.get_by_role("group", name="Question 1")
    expect(first.get_by_label("Question", exact=True)).to_be_focused()
    first.get_by_label("Question", exact=True).fill("What is your full name?")
    expect(first.get_by_label("Answer key")).to_have_value("full_name")
    page.get_by_role("button", name="Add question").click()
    second = page.get_by_role("group", name="Question 2")
    second.get_by_label("Question", exact=True).fill("Which day suits you?")
    second.get_by_label("Answer key").fill("preferred_day")
    second.get_by_label("Answer type").select_option("date")
    second.get_by_label("Required").uncheck()
    move_up = second.get_by_role("button", name="Move question “Which day suits you?” up")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Question 1").get_by_label("Answer key")).to_have_value("preferred_day")
    expect(page.get_by_role("button", name="Move question “Which day suits you?” down")).to_be_focused()
    expect(instructions_text(page)).to_contain_text('1. [preferred_day, optional] "Which day suits you?"')
    expect(instructions_text(page)).to_contain_text('2. [full_name, required] "What is your full name?"')

    # A warm transfer to the front desk when the caller presses 0 or asks for a person
    page.get_by_role("button", name="Add transfer rule").click()
    rule = page.get_by_role("group", name="Transfer rule 1")
    rule.get_by_label("Transfer when").fill("the caller asks for a person")
    rule.get_by_label("Destination").fill("+15555550123")
    rule.get_by_label("Rule name").fill("front_desk")
    rule.get_by_label("Mode").select_option("warm")
    rule.get_by_label("The caller presses 0").check()
    expect(instructions_text(page)).to_contain_text('call `transfer_call` with rule_id "front_desk"')

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved: version 2.")).to_be_visible()
    expect(page.get_by_text("Up to date: the saved agent (version 2).")).to_be_visible()
    stored = api.get(f"/v1/agents/{agent_id}").json()
    assert stored["conversation"]["greeting"] == greeting
    assert [(q["key"], q["type"], q["required"]) for q in stored["questions"]] == [
        ("preferred_day", "date", False),
        ("full_name", "text", True),
    ]
    assert [(r["id"], r["destination"], r["mode"], r["triggers"]) for r in stored["transfer_rules"]] == [
        ("front_desk", "+15555550123", "warm", ["dtmf_0"])
    ]
    screenshot_from_top(screenshot, page, "agent-editor")
    a11y(page, "agent editor")

    # Back on the list, the new agent is there
    page.get_by_role("link", name=client["name"]).click()
    row = page.get_by_role("row").filter(has_text="Night desk")
    expect(row).to_contain_text("2 questions")
    screenshot_from_top(screenshot, page, "agents")
    a11y(page, "agents")


def test_a_field_the_api_refuses_shows_its_message_next_to_it(owner_page, platform, api, a11y):
    page = owner_page
    rule = {"id": "front_desk", "condition": "the caller asks for a person", "destination": "+15555550123"}
    agent = new_agent(api, new_client(api)["id"], transfer_rules=[rule])
    page.goto(f"{platform}/agents/{agent['id']}")

    destination = page.get_by_role("group", name="Transfer rule 1").get_by_label("Destination")
    destination.fill("the front desk")
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert").filter(has_text="be saved as it is")
    expect(summary).to_contain_text("Transfer rule 1, destination")
    expect(destination).to_have_attribute("aria-invalid", "true")
    expect(destination).to_have_accessible_description(re.compile("international form"))
    assert api.get(f"/v1/agents/{agent['id']}").json()["version"] == 1
    a11y(page, "agent editor, refused")

    # Fixed, it saves
    destination.fill("sip:desk@example.com")
    expect(destination).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved: version 2.")).to_be_visible()


def test_a_concurrent_edit_is_a_conflict_with_a_choice(owner_page, platform, api):
    page = owner_page
    agent = new_agent(api, new_client(api)["id"])
    page.goto(f"{platform}/agents/{agent['id']}")
    page.get_by_label("Greeting").fill("Hello from the dashboard")

    # Someone else saves between this page's read and its save
    etag = api.get(f"/v1/agents/{agent['id']}").headers["etag"]
    api.patch(f"/v1/agents/{agent['id']}", json={"name": "Renamed elsewhere"}, headers={"if-match": etag})
    page.get_by_role("button", name="Save").click()

    conflict = page.get_by_role("alert").filter(has_text="Someone else has saved this agent")
    expect(conflict).to_contain_text("version 2")
    expect(conflict).to_contain_text("differs from yours in: name, conversation")
    expect(page.get_by_role("button", name="Save")).to_be_disabled()

    # Their version replaces the draft
    conflict.get_by_role("button", name="Load their version (discard my changes)").click()
    expect(page.get_by_label("Agent name")).to_have_value("Renamed elsewhere")
    expect(page.get_by_label("Greeting")).to_have_value("Hello! How can I help you today?")

    # Or, on another clash, keep editing and replace theirs on the next save
    page.get_by_label("Greeting").fill("Hello again")
    api.patch(f"/v1/agents/{agent['id']}", json={"persona": "Changed elsewhere"})
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Keep editing mine").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved: version 4.")).to_be_visible()
    stored = api.get(f"/v1/agents/{agent['id']}").json()
    assert (stored["conversation"]["greeting"], stored["persona"]) == ("Hello again", "")


def test_an_unsaved_draft_survives_a_reload_and_leaving_it_asks_first(owner_page, platform, api):
    page = owner_page
    agent = new_agent(api, new_client(api)["id"])
    asked: list[str] = []
    answers = {"confirm": False}  # stay on the page, until the test decides to leave

    def answer(dialog):
        asked.append(dialog.type)
        if dialog.type == "beforeunload" or answers.get(dialog.type):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    page.goto(f"{platform}/agents/{agent['id']}")
    page.get_by_label("Tone").fill("calm and unhurried")
    expect(page.get_by_role("status").filter(has_text="Unsaved changes")).to_be_visible()

    # A reload (as after an expired session's hosted sign-in) brings the draft back
    page.reload()
    expect(page.get_by_label("Tone")).to_have_value("calm and unhurried")
    expect(page.get_by_role("status").filter(has_text="were kept in this tab")).to_be_visible()

    # Saved elsewhere meanwhile: the draft still comes back, with the conflict to settle before saving
    api.patch(f"/v1/agents/{agent['id']}", json={"persona": "Changed elsewhere"})
    page.reload()
    conflict = page.get_by_role("alert").filter(has_text="This tab kept your unsaved changes to version 1")
    expect(conflict).to_contain_text("differs from yours in: persona, conversation")
    conflict.get_by_role("button", name="Keep editing mine").click()
    expect(page.get_by_label("Tone")).to_have_value("calm and unhurried")

    # A link away asks first: staying keeps the draft on the page, leaving discards it
    calls = page.get_by_role("navigation", name="Main").get_by_role("link", name="Calls")
    calls.click()
    assert "confirm" in asked
    expect(page.get_by_label("Tone")).to_have_value("calm and unhurried")
    answers["confirm"] = True
    calls.click()
    expect(page.get_by_role("heading", name="Calls", level=1)).to_be_visible()
    page.go_back()
    expect(page.get_by_label("Tone")).to_have_value("friendly and concise")


def test_signing_out_names_unsaved_drafts_and_discards_them_only_when_confirmed(owner_page, platform, api):
    page = owner_page
    agent = new_agent(api, new_client(api)["id"])
    answers: list[bool] = [False]  # first stay, then sign out

    def answer(dialog):
        assert "unsaved changes to an agent" in dialog.message
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    page.goto(f"{platform}/agents/{agent['id']}")
    page.get_by_label("Tone").fill("calm and unhurried")
    expect(page.get_by_role("status").filter(has_text="Unsaved changes")).to_be_visible()
    drafts = "() => Object.keys(sessionStorage).filter((k) => k.startsWith('vocadesk.agent-draft.')).length"

    page.get_by_role("button", name="Sign out").click()  # staying keeps everything
    expect(page.get_by_label("Tone")).to_have_value("calm and unhurried")
    answers.append(True)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to Vocadesk").wait_for()
    assert page.evaluate(drafts) == 0 and not answers


def test_a_test_call_shows_the_live_transcript_and_links_to_its_review(
    quiet_owner_page, platform, api, a11y, screenshot
):
    page = quiet_owner_page
    greeting = f"Thanks for calling {unique('Test')}."
    agent = new_agent(api, new_client(api)["id"], conversation={"greeting": greeting})
    page.goto(f"{platform}/agents/{agent['id']}")
    panel = page.get_by_role("region", name="Test call")

    # Through the (fake) microphone, the agent greets as its greeting says
    panel.get_by_role("button", name="Start test call").click()
    expect(panel.get_by_role("button", name="Hang up")).to_be_focused()
    transcript = panel.get_by_role("log", name="Live transcript")
    expect(transcript).to_contain_text(greeting, timeout=20_000)
    page.wait_for_function("() => Vocadesk.stats().framesSent > 0")  # the microphone's audio goes out

    # A typed turn is the caller's in the transcript
    panel.get_by_label("Type what the caller says").fill("I would like an appointment, please.")
    panel.get_by_role("button", name="Send").click()
    expect(transcript.get_by_role("listitem").filter(has_text="I would like an appointment")).to_contain_text("You")
    screenshot_from_top(screenshot, page, "agent-test-call")
    a11y(page, "agent test call")

    # Hanging up links to the call's review
    panel.get_by_role("button", name="Hang up").click()
    expect(panel).to_contain_text("Call ended. You hung up.")
    panel.get_by_role("link", name="Review this call").click()
    expect(page).to_have_url(re.compile(r"/calls/call_[0-9A-Z]{26}$"))


def test_duplicate_then_delete_from_the_list_with_a_refusal_explained(owner_page, platform, api):
    page = owner_page
    client = new_client(api)
    agent = new_agent(api, client["id"])
    number = f"+1555{uuid.uuid4().int % 10_000_000:07d}"
    api.post("/v1/phone-numbers", json={"number": number, "agent_id": agent["id"]}).raise_for_status()
    page.goto(f"{platform}/agents?client={client['id']}")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=agent["name"], exact=True))
    expect(row).to_contain_text(number)

    # Duplicating opens the copy
    row.get_by_role("button", name=f"Duplicate {agent['name']}").click()
    expect(page.get_by_role("heading", name=f"Copy of {agent['name']}", level=1)).to_be_visible()
    page.go_back()

    # The original still answers its number: the dialog says so, and the API's refusal is explained
    row.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name=f"Delete “{agent['name']}”?")
    expect(dialog).to_contain_text(f"Phone number {number}: detach it on Phone numbers")
    dialog.get_by_role("button", name="Delete agent").click()
    expect(dialog.get_by_role("alert")).to_contain_text("still answers callers")
    dialog.get_by_role("button", name="Cancel").click()

    # The copy answers nothing: it goes
    copy = page.get_by_role("row").filter(has_text=f"Copy of {agent['name']}")
    expect(copy).to_contain_text("Nothing yet")
    copy.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete agent").click()
    expect(page.get_by_role("status").filter(has_text=f"Agent “Copy of {agent['name']}” deleted.")).to_be_visible()
    expect(copy).to_have_count(0)


def test_a_viewer_reads_the_editor_without_a_way_to_change_it(dashboard_browser, platform, api, a11y):
    agent = new_agent(api, new_client(api)["id"], conversation={"greeting": "Hello, viewer."})
    email = f"viewer-{uuid.uuid4().hex[:8]}@example.com"
    api.post("/v1/users", json={"email": email, "role": "viewer", "name": "Vera Viewer"}).raise_for_status()
    page = invited_page(dashboard_browser, platform, email, path=f"/agents/{agent['id']}")

    expect(page.get_by_role("heading", name=agent["name"], level=1)).to_be_visible()
    expect(page.get_by_label("Greeting")).to_have_value("Hello, viewer.")
    expect(page.get_by_label("Greeting")).to_be_disabled()
    expect(page.get_by_label("Agent name")).to_be_disabled()
    expect(instructions_text(page)).to_contain_text('Open the call with: "Hello, viewer."')
    for name in ("Save", "Delete agent", "Add question", "Start test call"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    a11y(page, "agent editor, viewer")
    page.context.close()
