"""Signing in as in AWS: Cognito's hosted sign-in, authorization code + PKCE, in Chromium.

The built dashboard is served by the local gateway with the `/config.json` the CDK stack writes (hosted mode),
the hosted UI is the protocol-faithful stand-in (cognito_hosted_ui.py), and both talk to the emulator's
Cognito, whose app client has the OAuth settings the stack gives the real one: the tokens the dashboard ends
up with are real ID tokens that the API's authorizer checks.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import uvicorn
from playwright.sync_api import expect
from starlette.testclient import TestClient

from local_platform.gateway import create_gateway
from tests.browser.conftest import launch
from tests.browser.dashboard.cognito_hosted_ui import HostedUi, register_dashboard
from vocadesk.user_pool import USER_POOL

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
OWNER_PASSWORD = "pw-owner"  # tests/conftest.py `identity`


@dataclass(frozen=True)
class Hosted:
    dashboard: str  # the gateway: the built dashboard, its /config.json and the API
    hosted_ui: str  # the hosted UI stand-in's origin (the config's `domain`)
    ui: HostedUi
    client_id: str


def bound_socket() -> tuple[socket.socket, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextlib.contextmanager
def serving(app, sock: socket.socket) -> Iterator[None]:
    """An ASGI app on a real port, on its own thread (the browser cannot reach a TestClient)."""
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def hosted(identity, user_pool) -> Iterator[Hosted]:
    if not (ROOT / "dashboard_static" / "dist" / "index.html").exists():
        pytest.fail("the dashboard is not built: `make test` builds it (make dashboard)")
    gateway_socket, dashboard = bound_socket()
    ui_socket, hosted_ui = bound_socket()
    register_dashboard(user_pool.id, user_pool.client_id, [dashboard])
    ui = HostedUi(user_pool_id=user_pool.id)
    config = {  # as infra_cdk/stack.py writes it, with the stand-in's origin for the Cognito domain
        "auth": {
            "mode": "hosted",
            "domain": hosted_ui,
            "client_id": user_pool.client_id,
            "scopes": list(USER_POOL.oauth_scopes),
        }
    }
    with serving(create_gateway(identity, dashboard_config=config), gateway_socket), serving(ui.app(), ui_socket):
        yield Hosted(dashboard=dashboard, hosted_ui=hosted_ui, ui=ui, client_id=user_pool.client_id)


@pytest.fixture
def context(playwright_driver):
    browser = launch(playwright_driver)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    browser.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(context):
    return context.new_page()


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def stored_session(page) -> dict | None:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('vocadesk.session'))")


def sign_in_at_hosted_ui(page, email: str, password: str = OWNER_PASSWORD) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page, hosted: Hosted, email: str, path: str = "/") -> None:
    page.goto(f"{hosted.dashboard}{path}")
    page.get_by_role("button", name="Continue to sign-in").click()
    sign_in_at_hosted_ui(page, email)
    page.get_by_role("navigation", name="Main").wait_for()


def test_sign_in_goes_to_the_hosted_ui_with_pkce_and_lands_on_the_page_it_started_from(
    hosted, page, tenant_a, identity, a11y, screenshot
):
    page.goto(f"{hosted.dashboard}/clients")
    expect(page.get_by_role("heading", name="Sign in to Vocadesk", level=1)).to_be_visible()
    a11y(page, "hosted sign-in")
    screenshot(page, "sign-in-hosted")

    with page.expect_request(lambda request: "/oauth2/authorize" in request.url) as authorize:
        page.get_by_role("button", name="Continue to sign-in").click()
    asked = query(authorize.value.url)
    assert authorize.value.url.startswith(f"{hosted.hosted_ui}/oauth2/authorize?")
    assert asked["response_type"] == "code" and asked["client_id"] == hosted.client_id
    assert asked["redirect_uri"] == f"{hosted.dashboard}/auth/callback"
    assert asked["code_challenge_method"] == "S256" and re.fullmatch(r"[A-Za-z0-9_-]{43}", asked["code_challenge"])
    assert asked["scope"] == "openid email profile" and len(asked["state"]) >= 16

    sign_in_at_hosted_ui(page, tenant_a.owner.email)

    expect(page).to_have_url(f"{hosted.dashboard}/clients")
    expect(page.get_by_role("heading", name="Clients", level=1)).to_be_visible()
    expect(page.get_by_text(tenant_a.owner.email)).to_be_visible()  # /v1/me answered with the new token
    claims = identity.verify(f"Bearer {stored_session(page)['id_token']}")  # what API Gateway's authorizer does
    assert claims["custom:account_id"] == tenant_a.account_id
    assert not hosted.ui.codes  # the code was traded (once) for the tokens


def test_a_callback_with_a_tampered_state_is_refused_with_a_message_before_its_code_is_used(
    hosted, page, tenant_a, a11y, screenshot
):
    page.goto(f"{hosted.dashboard}/")
    page.get_by_role("button", name="Continue to sign-in").click()
    page.get_by_label("Password").wait_for()
    # The same sign-in, answered outside the browser, so the genuine callback can be altered on its way back.
    with TestClient(hosted.ui.app(), base_url=hosted.hosted_ui, follow_redirects=False) as outside:
        answer = outside.post(page.url, data={"username": tenant_a.owner.email, "password": OWNER_PASSWORD})
    genuine = query(answer.headers["location"])

    page.goto(f"{hosted.dashboard}/auth/callback?{urlencode(genuine | {'state': 'forged-' + genuine['state']})}")

    expect(page.get_by_role("alert")).to_contain_text("was not started here. Sign in again.")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    assert stored_session(page) is None
    assert genuine["code"] in hosted.ui.codes  # refused before the token endpoint was asked
    a11y(page, "hosted sign-in refused")
    screenshot(page, "sign-in-hosted-refused")

    # Signing in again from there lands in the app, not back on the spent callback.
    page.get_by_role("button", name="Continue to sign-in").click()
    sign_in_at_hosted_ui(page, tenant_a.owner.email)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page).to_have_url(f"{hosted.dashboard}/")


def test_sign_out_goes_through_the_hosted_logout_and_ends_the_hosted_session(hosted, context, page, tenant_a):
    sign_in(page, hosted, tenant_a.owner.email)
    # While the hosted session lasts, another tab signs in without the form.
    other = context.new_page()
    other.goto(f"{hosted.dashboard}/")
    other.get_by_role("button", name="Continue to sign-in").click()
    expect(other.get_by_role("navigation", name="Main")).to_be_visible()
    other.close()

    with page.expect_request(lambda request: "/logout" in request.url) as logout:
        page.get_by_role("button", name="Sign out").click()

    assert logout.value.url.startswith(f"{hosted.hosted_ui}/logout?")
    assert query(logout.value.url) == {"client_id": hosted.client_id, "logout_uri": f"{hosted.dashboard}/"}
    expect(page).to_have_url(f"{hosted.dashboard}/")
    expect(page.get_by_role("button", name="Continue to sign-in")).to_be_visible()
    assert stored_session(page) is None and not hosted.ui.sessions
    # The hosted session is over too: the next sign-in asks for the password again.
    page.get_by_role("button", name="Continue to sign-in").click()
    expect(page.get_by_label("Password")).to_be_visible()
    assert page.url.startswith(f"{hosted.hosted_ui}/login?")


def test_an_expired_session_renews_from_its_refresh_token_and_keeps_the_unsaved_form(hosted, page, tenant_a):
    sign_in(page, hosted, tenant_a.owner.email, "/clients")
    page.get_by_role("button", name="New client").click()
    name = f"Kept {uuid.uuid4().hex[:8]}"
    page.get_by_label("Name").fill(name)
    before = stored_session(page)
    # The API refuses the token from now on (as once it has expired): the save gets a 401.
    page.evaluate(
        """() => { const s = JSON.parse(sessionStorage.getItem('vocadesk.session'));
                   s.id_token = s.id_token.slice(0, -4) + 'AAAA';
                   sessionStorage.setItem('vocadesk.session', JSON.stringify(s)); }"""
    )
    authorize_requests: list[str] = []
    page.on("request", lambda request: "/oauth2/authorize" in request.url and authorize_requests.append(request.url))

    page.get_by_role("button", name="Create client").click()
    dialog = page.get_by_role("dialog", name="Your session has expired")
    dialog.get_by_role("button", name="Continue to sign-in").click()

    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Name")).to_have_value(name)  # the page never left
    assert not authorize_requests
    renewed = stored_session(page)
    assert renewed["id_token"] != before["id_token"] and renewed["refresh_token"] == before["refresh_token"]
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("status")).to_contain_text(name)
