"""End to end, as a person tries it: `make run` (a subprocess on free ports), its demo page in Chromium,
a click on the demo agent's button, the greeting heard through the SDK, a hang-up, and the web call the
dashboard then lists. Everything real: embed gateway, voice runtime `WS /web`, Realtime stand-in, ingest."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx2
import pytest

from tests.browser.conftest import launch
from tests.browser.fake_platform import wav
from tests.local_platform.test_main import read_until, start_platform

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_platform() -> Iterator[str]:
    ports = ("GATEWAY", "EMULATOR", "VOICE", "STANDIN")
    process = start_platform({f"VOCADESK_{name}_PORT": "0" for name in ports} | {"VOCADESK_OPENAI_API_KEY": ""})
    try:
        yield read_until(process, r"Open\s+(http://127\.0\.0\.1:\d+)/")[0].group(1)
    finally:
        process.kill()
        process.wait()


@pytest.fixture
def quiet_browser(playwright_driver, tmp_path_factory) -> Iterator[object]:
    """A visitor in a quiet room: the stand-in hears no speech, so the agent's greeting is never cut."""
    silence = wav(tmp_path_factory.mktemp("audio") / "quiet.wav", peak=0)
    browser = launch(
        playwright_driver, "--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={silence}"
    )
    yield browser
    browser.close()


def test_the_demo_page_calls_the_demo_agent_and_the_call_is_stored(local_platform, quiet_browser):
    url = local_platform
    page = quiet_browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{url}/sdk/demo.html")
    page.wait_for_function("() => window.Vocadesk")
    page.evaluate("() => { window.heard = []; Vocadesk.on('transcript', (t) => heard.push(t)); }")

    # When the visitor clicks the floating button, in the demo embed's look
    button = page.locator("vocadesk-call-button[floating]").get_by_role("button", name="Talk to Sam")
    assert button.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(11, 110, 79)"
    button.click()

    # Then the call is live, the greeting plays through the worklet and its marks go back to the runtime
    page.wait_for_function("() => ['live', 'speaking'].includes(Vocadesk.state)")
    page.wait_for_function("() => heard.some((t) => t.speaker === 'agent' && t.text.includes('Bright Smile'))")
    page.wait_for_function("() => Vocadesk.stats().samplesPlayed > 24000 && Vocadesk.stats().marksEchoed > 0")
    assert page.evaluate("() => Vocadesk.stats().framesSent") > 0

    # When they hang up
    page.get_by_role("button", name="Hang up").click()
    page.wait_for_function("() => Vocadesk.state === 'ended'")
    call_id = page.evaluate("() => Vocadesk.stats().callId")

    # Then the dashboard's API has the web call, ended by the caller
    with httpx2.Client(base_url=url, timeout=10) as http:
        signed_in = http.post("/auth/signin", json={"email": "demo@example.com", "password": "vocadesk-demo"})
        auth = {"authorization": f"Bearer {signed_in.json()['id_token']}"}
        deadline = time.monotonic() + 15
        while (call := http.get(f"/v1/calls/{call_id}", headers=auth)).status_code != 200 or not call.json().get(
            "end_reason"
        ):
            assert time.monotonic() < deadline, f"the web call never reached the API: {call.text}"
            time.sleep(0.2)
    assert call.json()["channel"] == "web"
    assert call.json()["end_reason"] == "caller_hangup"
    page.close()
