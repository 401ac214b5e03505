"""Usage: billable minutes and calls by day (an SVG chart with its table) and by client; a range without
calls says so; a range over the API's limit is refused at the date field."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from local_platform.web_caller import place_web_call

pytestmark = pytest.mark.slow


def place_test_call(api, platform: str, agent_id: str) -> None:
    """A short test call to the agent, as the agent editor places one (a typed, text-mode web call on the
    `test` channel), then waits until the platform has stored it with its billable time."""
    ticket = api.post(f"/v1/agents/{agent_id}/test-call").json()
    call = place_web_call(ticket["runtime_url"], ticket["token"], origin=platform, typed=True, max_wait_for_agent=1)
    # Its own thread: Playwright's sync API keeps an event loop running on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        record = pool.submit(asyncio.run, call).result(timeout=60)
    assert record.end_reason, f"the test call did not end cleanly: {record.problems}"
    deadline = time.monotonic() + 20
    while True:
        calls = api.get("/v1/calls", params={"agent_id": agent_id, "channel": "test", "limit": 1}).json()["items"]
        if calls and calls[0]["billable_seconds"]:
            return
        assert time.monotonic() < deadline, f"the test call was never stored as ended: {calls}"
        time.sleep(0.2)


@pytest.fixture
def client_with_a_call(api, platform):
    client = api.post("/v1/clients", json={"name": f"Meadow Clinic {uuid.uuid4().hex[:6]}"}).json()
    agent = api.post("/v1/agents", json={"client_id": client["id"], "name": f"Mae {uuid.uuid4().hex[:6]}"}).json()
    place_test_call(api, platform, agent["id"])
    yield client
    api.delete(f"/v1/agents/{agent['id']}")
    api.delete(f"/v1/clients/{client['id']}")


def test_usage_shows_minutes_by_day_as_a_chart_and_a_table_and_by_client(
    owner_page, platform, client_with_a_call, a11y, screenshot
):
    page = owner_page
    page.goto(f"{platform}/usage")
    page.get_by_role("heading", name="Usage", level=1).wait_for()
    expect(page.get_by_role("button", name="Last 30 days")).to_have_attribute("aria-pressed", "true")

    chart = page.get_by_role("img", name="Billable minutes by day")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_description(re.compile(r"min in all; the busiest day was"))
    by_client = page.get_by_role("table", name="Billable minutes and calls by client")
    expect(by_client.get_by_role("row").filter(has_text=client_with_a_call["name"])).to_be_visible()

    by_day = page.get_by_role("table", name="Billable minutes and calls by day")
    expect(by_day).to_be_attached()
    expect(by_day).not_to_be_in_viewport()  # for screen readers until asked for
    page.get_by_role("button", name="Show the numbers").click()
    expect(by_day).to_be_in_viewport()
    assert by_day.get_by_role("row").count() == 31  # the header and 30 days

    page.get_by_role("radio", name="Calls").check()
    expect(page.get_by_role("img", name="Calls by day")).to_be_visible()
    screenshot(page, "usage")
    a11y(page, "usage")


def test_a_range_without_calls_says_so_and_one_too_long_is_refused(owner_page, platform):
    page = owner_page
    page.goto(f"{platform}/usage?from=2020-01-01&to=2020-01-31")
    expect(page.get_by_role("heading", name="No calls from")).to_be_visible()
    expect(page.get_by_label("From")).to_have_value("2020-01-01")

    page.get_by_label("To").fill("2020-06-30")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Pick at most 92 days")).to_be_visible()
    expect(page.get_by_label("To")).to_have_attribute("aria-invalid", "true")
    assert "to=2020-01-31" in page.url  # the refused range was not applied

    page.get_by_role("button", name="Last 7 days").click()
    expect(page.get_by_role("button", name="Last 7 days")).to_have_attribute("aria-pressed", "true")
    assert "from=" in page.url and "2020" not in page.url
