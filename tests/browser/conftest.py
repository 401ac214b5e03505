"""Headless Chromium (Debian's, never a downloaded build) with a fake microphone playing a generated WAV,
and the fake platform the SDK talks to. Skipped only where no chromium is installed; CI installs it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.fake_platform import FakePlatform, running, wav

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASE_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(driver, *args: str):
    """Debian's Chromium, headless, with the flags every browser test needs plus `args`."""
    return driver.chromium.launch(executable_path=CHROMIUM, args=[*BASE_ARGS, *args])


def _require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is in the dev group: make test installs it")


# Per test, not per session: Playwright's sync API keeps an asyncio loop running on this thread while it
# is open, which would break every later test in the same worker that calls asyncio.run().
@pytest.fixture
def playwright_driver() -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def microphone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return wav(tmp_path_factory.mktemp("audio") / "caller.wav")


@pytest.fixture
def browser(playwright_driver, microphone_wav: Path) -> Iterator[object]:
    """Microphone granted without a prompt, fed from the WAV."""
    browser = launch(
        playwright_driver, "--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={microphone_wav}"
    )
    yield browser
    browser.close()


@pytest.fixture
def mic_denying_browser(playwright_driver) -> Iterator[object]:
    """Every permission prompt answered "block", as a visitor who refuses the microphone."""
    browser = launch(playwright_driver, "--deny-permission-prompts")
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def fake() -> Iterator[FakePlatform]:
    with running() as fake:
        yield fake


@pytest.fixture
def fresh_sockets(fake: FakePlatform) -> None:
    """A socket a failed test left unclaimed is not the next test's."""
    while not fake.sockets.empty():
        fake.sockets.get_nowait()


@pytest.fixture
def page(browser, fresh_sockets: None) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
