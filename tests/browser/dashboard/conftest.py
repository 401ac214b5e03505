"""The dashboard in Debian's Chromium against the whole local platform (`python -m local_platform` on free
ports: gateway, emulator, ingest, voice runtime, Realtime stand-in), as a user meets it after `make run`.

Fixtures: `platform` (its URL, once per worker), `owner_page` (signed in as the demo owner), `api` (an
httpx client signed in as the same owner, to arrange data), `a11y` (axe-core: no serious or critical
violations) and `screenshot` (PNG per screen under test-artifacts/dashboard/)."""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from tests.browser.conftest import launch
from tests.local_platform.test_main import read_until, start_platform

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "dashboard_static" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "dashboard"
DEMO = {"email": "demo@example.com", "password": "vocadesk-demo"}


@pytest.fixture(scope="session")
def platform_urls() -> Iterator[dict[str, str]]:
    """The platform's `url` (gateway) and `emulator` (AWS_ENDPOINT_URL for the local tools, e.g. send_event)."""
    if not (ROOT / "dashboard_static" / "dist" / "index.html").exists():
        pytest.fail("the dashboard is not built: `make test` builds it (make dashboard)")
    ports = ("GATEWAY", "EMULATOR", "VOICE", "STANDIN")
    process = start_platform({f"VOCADESK_{name}_PORT": "0" for name in ports} | {"VOCADESK_OPENAI_API_KEY": ""})
    try:
        url = read_until(process, r"Open\s+(http://127\.0\.0\.1:\d+)/")[0].group(1)
        emulator = read_until(process, r"AWS emulator\s+(http://127\.0\.0\.1:\d+)")[0].group(1)
        # Keep reading its output, so a long session of calls never fills the pipe and stalls the platform.
        threading.Thread(target=deque, args=(process.stdout, 0), daemon=True).start()
        yield {"url": url, "emulator": emulator}
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def platform(platform_urls: dict[str, str]) -> str:
    return platform_urls["url"]


def sign_in_tokens(url: str, email: str, password: str) -> dict:
    response = httpx2.post(f"{url}/auth/signin", json={"email": email, "password": password}, timeout=10)
    response.raise_for_status()
    return response.json()


@pytest.fixture
def api(platform: str) -> Iterator[httpx2.Client]:
    """The demo owner's API client, for arranging data and checking what the UI wrote."""
    token = sign_in_tokens(platform, **DEMO)["id_token"]
    with httpx2.Client(base_url=platform, timeout=10, headers={"authorization": f"Bearer {token}"}) as client:
        yield client


@pytest.fixture
def dashboard_browser(playwright_driver, microphone_wav: Path) -> Iterator[object]:
    """Chromium with the microphone granted and fed from the generated WAV (for test calls)."""
    browser = launch(
        playwright_driver, "--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={microphone_wav}"
    )
    yield browser
    browser.close()


def sign_in(page, url: str, email: str = DEMO["email"], password: str = DEMO["password"]) -> None:
    """Through the sign-in form, as a person does (the demo account's fields come filled in)."""
    page.goto(f"{url}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").wait_for()


TEMPORARY_PASSWORD = "Welcome-to-Vocadesk-1"  # what `make run` gives invited users (local_platform/provision.py)


def invited_page(dashboard_browser, url: str, email: str, *, path: str = "/"):
    """A new browser context signed in as an invited user through the form, at `path`: the temporary password,
    then a password of their own when the form asks for it."""
    context = dashboard_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{url}{path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(TEMPORARY_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("New password").fill("Teammate-Passw0rd")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").wait_for()
    return page


@pytest.fixture
def owner_page(dashboard_browser, platform: str):
    context = dashboard_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, platform)
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def a11y():
    """`a11y(page, name)`: axe-core over the page as it is now; fails on serious or critical violations."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs the dashboard's packages (npm ci)")
    source = AXE.read_text()

    def check(page, name: str) -> None:
        page.add_script_tag(content=source)
        result = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        described = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad]
        assert not bad, f"{name}: accessibility violations:\n" + "\n".join(described)

    return check


@pytest.fixture
def screenshot():
    """`screenshot(page, name)`: a full-page PNG of the screen, kept as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
