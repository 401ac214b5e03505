"""The calls screens against real calls: test calls through the voice runtime from the browser-protocol
client (`local_platform.web_caller`, with tickets from POST /v1/agents/{id}/test-call; recorded and
analysed as any call) and a phone conversation published on the bus by `local_platform.send_event`."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx2
import pytest
from playwright.sync_api import expect

from local_platform.web_caller import WebCall
from tests.browser.dashboard.conftest import DEMO, sign_in_tokens

pytestmark = pytest.mark.slow

QUESTIONS = [
    {"key": "full_name", "prompt": "What is your full name?", "required": True},
    {"key": "callback_number", "prompt": "What is the best number to reach you?", "type": "phone", "required": True},
]


@dataclass
class Arranged:
    client: dict
    agent: dict
    test_calls: list[str]  # oldest first
    phone_call: str  # newer than the test calls


def signed_in_client(url: str) -> httpx2.Client:
    token = sign_in_tokens(url, **DEMO)["id_token"]
    return httpx2.Client(base_url=url, timeout=10, headers={"authorization": f"Bearer {token}"})


def client_and_agent(http: httpx2.Client, label: str) -> tuple[dict, dict]:
    suffix = uuid.uuid4().hex[:8]
    client = http.post("/v1/clients", json={"name": f"{label} clinic {suffix}"}).raise_for_status().json()
    agent = http.post(
        "/v1/agents", json={"client_id": client["id"], "name": f"{label} desk {suffix}", "questions": QUESTIONS}
    )
    return client, agent.raise_for_status().json()


def start_test_call(http: httpx2.Client, url: str, agent_id: str, script: list[str]) -> WebCall:
    """A test call as the dashboard's browser makes it: a ticket, then the runtime's web socket."""
    ticket = http.post(f"/v1/agents/{agent_id}/test-call").raise_for_status().json()
    return WebCall(ticket["runtime_url"], ticket["token"], origin=url, script=script, pause_after_agent=0.3)


def in_background(calls: list[WebCall], stagger: float = 0.4):
    """Plays the calls on their own thread and loop (Playwright's sync API holds this thread's), each
    `stagger` seconds after the last so their order is known; the future gives their records."""

    async def play():
        async def one(n: int, call: WebCall):
            await asyncio.sleep(n * stagger)
            return await call.run()

        return await asyncio.gather(*(one(n, call) for n, call in enumerate(calls)))

    pool = ThreadPoolExecutor(1)
    future = pool.submit(asyncio.run, play())
    pool.shutdown(wait=False)
    return future


def wait_for_call(http: httpx2.Client, call_id: str, *, settled: bool = True, timeout: float = 45) -> dict:
    """The call once the API has it (and, with `settled`, once it has ended and its analysis arrived)."""
    deadline = time.monotonic() + timeout
    while True:
        response = http.get(f"/v1/calls/{call_id}")
        if response.status_code == 200:
            call = response.json()
            if not settled or (call["status"] == "ended" and call["analysis"] is not None):
                return call
        assert time.monotonic() < deadline, f"call {call_id} never arrived: {response.text[:300]}"
        time.sleep(0.2)


def send_phone_conversation(emulator: str) -> str:
    """`make run`'s shortcut: a whole phone call's events on the bus, for the demo agent."""
    sent = subprocess.run(
        [sys.executable, "-m", "local_platform.send_event", "--conversation"],
        capture_output=True,
        text=True,
        env=os.environ | {"AWS_ENDPOINT_URL": emulator},
        timeout=60,
        check=True,
    )
    return sent.stdout.strip()


@pytest.fixture(scope="module")
def arranged(platform_urls: dict[str, str]) -> Iterator[Arranged]:
    """Three short recorded test calls to an agent of its own client, then a newer phone call."""
    url = platform_urls["url"]
    with signed_in_client(url) as http:
        client, agent = client_and_agent(http, "Calls list")
        records = in_background([start_test_call(http, url, agent["id"], []) for _ in range(3)]).result(timeout=90)
        ids = [record.call_id for record in records]
        assert all(ids), [record.problems for record in records]
        for call_id in ids:
            wait_for_call(http, call_id)
        phone = send_phone_conversation(platform_urls["emulator"])
        wait_for_call(http, phone)
        yield Arranged(client=client, agent=agent, test_calls=ids, phone_call=phone)


def row_ids(page) -> list[str]:
    table = page.get_by_role("table", name="Calls, newest first")
    expect(table).to_have_attribute("aria-busy", "false")
    return table.locator("tbody tr").evaluate_all("rows => rows.map(row => row.dataset.callId)")


def test_the_list_shows_calls_newest_first_with_names_and_links(owner_page, platform, arranged, a11y, screenshot):
    page = owner_page
    page.goto(f"{platform}/calls?limit=100")
    phone_row = page.locator(f'tr[data-call-id="{arranged.phone_call}"]')
    expect(phone_row).to_contain_text("Bright Smile Dental")
    expect(phone_row).to_contain_text("Phone")
    expect(phone_row).to_contain_text("Caller hung up")
    expect(phone_row).to_contain_text("Positive")
    ids = row_ids(page)
    newest_first = [arranged.phone_call, *reversed(arranged.test_calls)]
    assert [call_id for call_id in ids if call_id in newest_first] == newest_first

    test_row = page.locator(f'tr[data-call-id="{arranged.test_calls[0]}"]')
    for fact in (arranged.agent["name"], arranged.client["name"], "Test call", "Demo Owner", "Ended"):
        expect(test_row).to_contain_text(fact)
    screenshot(page, "calls")
    a11y(page, "calls")

    test_row.get_by_role("link").click()
    expect(page).to_have_url(f"{platform}/calls/{arranged.test_calls[0]}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Call on")


def test_filters_narrow_the_list_and_survive_a_reload(owner_page, platform, arranged):
    page = owner_page
    page.goto(f"{platform}/calls?limit=100")
    filters = page.get_by_role("form", name="Filter calls")
    expect(page.locator(f'tr[data-call-id="{arranged.test_calls[0]}"]')).to_be_visible()

    filters.get_by_label("Channel").select_option("phone")
    filters.get_by_label("Status").select_option("ended")
    expect(page).to_have_url(f"{platform}/calls?channel=phone&status=ended&limit=100")
    page.reload()
    expect(filters.get_by_label("Channel")).to_have_value("phone")
    expect(filters.get_by_label("Status")).to_have_value("ended")
    ids = row_ids(page)
    assert arranged.phone_call in ids and not set(arranged.test_calls) & set(ids)
    channels = page.locator("tbody tr td:nth-child(4)").all_inner_texts()
    assert set(channels) == {"Phone"}

    filters.get_by_role("button", name="Clear filters").click()
    filters.get_by_label("Client").select_option(arranged.client["id"])
    # Only the chosen client's agents
    expect(filters.get_by_label("Agent").locator("option")).to_have_text(["All agents", arranged.agent["name"]])
    filters.get_by_label("Agent").select_option(arranged.agent["id"])
    expect(page.locator("tbody tr")).to_have_count(3)
    assert row_ids(page) == list(reversed(arranged.test_calls))

    # Dates are the user's calendar days: the calls' own day keeps them, the day before has none.
    day = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
    filters.get_by_label("From").fill(day)
    filters.get_by_label("To").fill(day)
    expect(page.locator("tbody tr")).to_have_count(3)
    page.reload()
    expect(filters.get_by_label("From")).to_have_value(day)
    expect(filters.get_by_label("Agent")).to_have_value(arranged.agent["id"])
    expect(page.locator("tbody tr")).to_have_count(3)
    yesterday = page.evaluate(
        "() => { const d = new Date(); d.setDate(d.getDate() - 1); return d.toLocaleDateString('en-CA'); }"
    )
    filters.get_by_label("From").fill(yesterday)
    filters.get_by_label("To").fill(yesterday)
    expect(page.get_by_role("heading", name="No calls match these filters")).to_be_visible()


def test_pages_move_forward_and_back_and_a_page_survives_a_reload(owner_page, platform, arranged):
    page = owner_page
    newest_first = list(reversed(arranged.test_calls))
    page.goto(f"{platform}/calls?client_id={arranged.client['id']}&limit=2")
    pager = page.get_by_role("navigation", name="Pages of calls")
    expect(pager).to_contain_text("Page 1")
    assert row_ids(page) == newest_first[:2]
    expect(pager.get_by_role("button", name="Previous")).to_be_disabled()

    pager.get_by_role("button", name="Next").click()
    expect(pager).to_contain_text("Page 2")
    assert row_ids(page) == newest_first[2:]
    expect(pager.get_by_role("button", name="Next")).to_be_disabled()
    page.reload()
    expect(pager).to_contain_text("Page 2")  # the cursor is in the URL, the trail in the history entry
    assert row_ids(page) == newest_first[2:]

    pager.get_by_role("button", name="Previous").click()
    expect(pager).to_contain_text("Page 1")
    assert row_ids(page) == newest_first[:2]
    page.go_back()  # the browser's Back agrees with the pager
    expect(pager).to_contain_text("Page 2")
    assert row_ids(page) == newest_first[2:]


def press_play(page) -> None:
    """What the player's play button does (the page may pause at once to renew an expired link)."""
    page.locator("audio").evaluate("a => { a.play().catch(() => {}); }")


def audio_state(page) -> dict:
    return page.locator("audio").evaluate("a => ({ src: a.currentSrc, time: a.currentTime, paused: a.paused })")


def test_a_call_page_follows_the_live_call_then_plays_its_recording_in_step_with_the_transcript(
    owner_page, platform, a11y, screenshot
):
    page = owner_page
    with signed_in_client(platform) as http:
        _, agent = client_and_agent(http, "Call page")
        call = start_test_call(http, platform, agent["id"], ["Alex Morgan"])
        playing = in_background([call])
        deadline = time.monotonic() + 20
        while not call.record.call_id:
            assert time.monotonic() < deadline and not playing.done(), call.record.problems
            time.sleep(0.1)
        call_id = call.record.call_id
        wait_for_call(http, call_id, settled=False)

        # Live: the page says so and follows the call as it goes on (a turn is stored once it is finished).
        page.goto(f"{platform}/calls/{call_id}")
        expect(page.get_by_text("Live: this page follows the call")).to_be_visible()
        expect(page.get_by_text("Analysis in progress").first).to_be_visible()
        transcript = page.get_by_role("list", name="Transcript")
        expect(transcript.locator("li").first).to_contain_text(agent["name"], timeout=20_000)
        playing.result(timeout=60)
        stored = wait_for_call(http, call_id)
    caller_starts = next(turn["started_ms"] for turn in stored["turns"] if turn["speaker"] == "caller") / 1000

    # Ended: the analysis arrives without a reload, with the answers against the agent's questions.
    analysis = page.get_by_role("region", name="Analysis")
    expect(analysis).to_contain_text("A caller reached", timeout=30_000)
    expect(analysis).to_contain_text("Neutral")
    expect(page.get_by_text("Live: this page follows the call")).to_have_count(0)
    captured = page.get_by_role("table", name="The agent's questions and the answers this call gave")
    expect(captured.get_by_role("row", name="What is your full name?")).to_contain_text("Alex Morgan")
    unanswered = captured.get_by_role("row", name="What is the best number to reach you?")
    expect(unanswered).to_contain_text("Required")
    expect(unanswered).to_contain_text("Not answered")

    turns = transcript.get_by_role("button")
    expect(turns.first).to_contain_text(agent["name"])
    caller_turn = turns.filter(has_text="Alex Morgan")
    expect(caller_turn).to_contain_text("Caller")
    timeline = page.get_by_role("region", name="Timeline")
    for event in ("Call started", "Caller spoke", "Call ended", "Recording stored", "Analysis ready"):
        expect(timeline).to_contain_text(event)
    expect(page.get_by_role("region", name="Latency")).to_contain_text("Greeting (first audio)")

    # The recording loads and plays; the turn being heard is marked.
    press_play(page)
    page.wait_for_function(
        "() => { const a = document.querySelector('audio');"
        " return a.readyState >= 2 && a.duration > 0 && a.currentTime > 0.3; }"
    )
    expect(turns.first).to_have_attribute("aria-current", "true")
    screenshot(page, "call")
    a11y(page, "call")

    # A click on a turn plays from its start; so does Enter on a focused one.
    caller_turn.click()
    page.wait_for_function(f"() => document.querySelector('audio').currentTime >= {caller_starts}")
    expect(caller_turn).to_have_attribute("aria-current", "true")
    assert audio_state(page)["time"] < caller_starts + 3
    turns.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('audio').currentTime < {caller_starts}")
    expect(turns.first).to_have_attribute("aria-current", "true")


def test_an_expired_recording_link_is_renewed_before_playing(owner_page, platform, arranged):
    page = owner_page
    call_id = arranged.test_calls[0]
    reads: list[str] = []

    def first_read_expired(route):
        response = route.fetch()
        body = response.json()
        if not reads:
            body["recording_url_expires_at"] = "2000-01-01T00:00:00Z"  # as if the page had been open for long
        reads.append(body["recording_url"])
        route.fulfill(response=response, json=body)

    page.route(f"**/v1/calls/{call_id}", first_read_expired)
    page.goto(f"{platform}/calls/{call_id}")
    page.locator("audio").wait_for()
    assert page.locator("audio").get_attribute("src") == reads[0]
    press_play(page)
    page.wait_for_function(
        "() => { const a = document.querySelector('audio'); return !a.paused && a.currentTime > 0.2; }"
    )
    # Read again before playing, and playing the new link (the same text when signed in the same second).
    assert len(reads) == 2 and audio_state(page)["src"] == reads[1]


def test_no_calls_yet_says_how_calls_arrive_and_a_failure_offers_a_retry(owner_page, platform, a11y):
    page = owner_page
    outage = {"status": 503, "json": {"message": "The calls store is unavailable."}}
    answers = [outage] * 3 + [{"json": {"items": []}}]  # a server error is tried thrice before it is shown
    # The demo account has calls: the API's answers for a new account (and an outage) are stood in for.
    page.route(re.compile(r"/v1/calls(\?|$)"), lambda route: route.fulfill(**answers.pop(0)))
    page.goto(f"{platform}/calls")
    expect(page.get_by_role("alert")).to_contain_text("The calls store is unavailable.", timeout=15_000)
    page.get_by_role("button", name="Try again").click()
    empty = page.get_by_role("heading", name="No calls yet").locator("..")
    for way in ("test call", "phone number", "embed"):
        expect(empty).to_contain_text(way)
    expect(empty.get_by_role("link", name="Agents")).to_have_attribute("href", "/agents")
    a11y(page, "calls, none yet")


def test_a_call_without_recording_or_latency_report_says_so(owner_page, platform, arranged):
    page = owner_page
    page.goto(f"{platform}/calls/{arranged.phone_call}")
    recording = page.get_by_role("region", name="Recording and transcript")
    expect(recording).to_contain_text("No recording was stored for this call.")
    expect(recording.get_by_role("listitem")).to_have_count(4)
    expect(recording.get_by_role("button")).to_have_count(0)  # nothing to play from a turn
    expect(recording.get_by_role("listitem").nth(1)).to_contain_text("0:03Caller")
    expect(page.get_by_role("region", name="Latency")).to_contain_text("Not reported for this call.")
    expect(page.get_by_role("region", name="Transfer")).to_contain_text("No transfer")
    captured = page.get_by_role("table", name="The agent's questions and the answers this call gave")
    expect(captured.get_by_role("row", name="What is your full name?")).to_contain_text("Ada Lovelace")
    expect(captured.get_by_role("row", name="What is the reason for your visit?")).to_contain_text("Not answered")
