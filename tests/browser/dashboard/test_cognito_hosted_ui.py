"""The hosted UI stand-in (cognito_hosted_ui.py) keeps OAuth's promises, so a dashboard that signs in through it
would sign in through Cognito: codes are single use, bound to their client, redirect URI and PKCE challenge;
only registered URIs are redirected to; the tokens are the emulator's Cognito's, for the user who signed in."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from tests.browser.dashboard.cognito_hosted_ui import CODE_SECONDS, HostedUi, register_dashboard, s256

APP = "http://localhost:5173"  # the dashboard's origin, as registered on the app client
CALLBACK = f"{APP}/auth/callback"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hosted(identity, user_pool, clock) -> HostedUi:
    register_dashboard(user_pool.id, user_pool.client_id, [APP])
    return HostedUi(user_pool_id=user_pool.id, clock=clock)


@pytest.fixture
def ui(hosted) -> TestClient:
    with TestClient(hosted.app(), follow_redirects=False) as client:
        yield client


def authorize_params(user_pool, verifier: str, **overrides: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": user_pool.client_id,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": "st-1",
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    } | overrides


def query_of(response) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(response.headers["location"]).query).items()}


def sign_in(ui, user_pool, tenant, verifier: str, password: str = "pw-owner") -> dict[str, str]:
    """Authorize -> the login form -> back at the callback: its query (code and state)."""
    to_login = ui.get("/oauth2/authorize", params=authorize_params(user_pool, verifier))
    assert to_login.status_code == 302 and to_login.headers["location"].startswith("/login?")
    assert ui.get(to_login.headers["location"]).status_code == 200
    back = ui.post(to_login.headers["location"], data={"username": tenant.owner.email, "password": password})
    assert back.status_code == 302 and back.headers["location"].startswith(f"{CALLBACK}?"), back.text
    return query_of(back)


def exchange(ui, user_pool, code: str, verifier: str, **overrides: str):
    form = {
        "grant_type": "authorization_code",
        "client_id": user_pool.client_id,
        "code": code,
        "redirect_uri": CALLBACK,
        "code_verifier": verifier,
    } | overrides
    return ui.post("/oauth2/token", data=form, headers={"origin": APP})


def new_verifier() -> str:
    return secrets.token_urlsafe(48)


def test_a_code_is_traded_once_for_the_users_own_cognito_tokens(ui, user_pool, tenant_a, identity):
    verifier = new_verifier()
    back = sign_in(ui, user_pool, tenant_a, verifier)

    first = exchange(ui, user_pool, back["code"], verifier)
    again = exchange(ui, user_pool, back["code"], verifier)

    assert back["state"] == "st-1"
    assert first.status_code == 200 and first.headers["access-control-allow-origin"] == APP
    assert first.headers["cache-control"] == "no-store"
    tokens = first.json()
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"] and tokens["access_token"]
    claims = identity.verify(f"Bearer {tokens['id_token']}")  # what the API's authorizer accepts
    assert claims["email"] == tenant_a.owner.email and claims["custom:account_id"] == tenant_a.account_id
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "tampered",
    [
        {"code_verifier": "x" * 64},  # not the verifier of the challenge
        {"code_verifier": ""},
        {"redirect_uri": f"{APP}/elsewhere"},
    ],
)
def test_a_code_with_the_wrong_verifier_or_redirect_uri_is_refused_and_spent(ui, user_pool, tenant_a, tampered):
    verifier = new_verifier()
    code = sign_in(ui, user_pool, tenant_a, verifier)["code"]

    refused = exchange(ui, user_pool, code, verifier, **tampered)
    honest = exchange(ui, user_pool, code, verifier)

    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
    assert honest.status_code == 400 and honest.json()["error"] == "invalid_grant"


def test_an_unknown_client_and_an_expired_code_are_refused(ui, user_pool, tenant_a, clock):
    verifier = new_verifier()
    code = sign_in(ui, user_pool, tenant_a, verifier)["code"]
    stranger = exchange(ui, user_pool, code, verifier, client_id="nobody")
    ui.cookies.clear()  # no hosted session: the form again
    late_code = sign_in(ui, user_pool, tenant_a, verifier)["code"]

    clock.now += CODE_SECONDS
    late = exchange(ui, user_pool, late_code, verifier)

    assert stranger.status_code == 400 and stranger.json()["error"] == "invalid_client"
    assert late.status_code == 400 and late.json()["error"] == "invalid_grant"


def test_only_form_posts_of_known_grant_types_are_taken(ui, user_pool):
    as_json = ui.post("/oauth2/token", json={"grant_type": "authorization_code"})
    implicit = ui.post("/oauth2/token", data={"grant_type": "password", "client_id": user_pool.client_id})

    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"
    assert implicit.status_code == 400 and implicit.json()["error"] == "unsupported_grant_type"


def test_an_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(ui, user_pool):
    params = authorize_params(user_pool, new_verifier(), redirect_uri="https://evil.example/auth/callback")

    response = ui.get("/oauth2/authorize", params=params)

    assert response.status_code == 400 and "redirect_mismatch" in response.text
    assert "location" not in response.headers


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "openid aws.cognito.signin.user.admin"}, "invalid_scope"),
    ],
)
def test_a_bad_authorize_request_goes_back_to_the_client_with_the_error_and_state(ui, user_pool, overrides, error):
    response = ui.get("/oauth2/authorize", params=authorize_params(user_pool, new_verifier(), **overrides))

    assert response.status_code == 302 and response.headers["location"].startswith(f"{CALLBACK}?")
    assert query_of(response)["error"] == error and query_of(response)["state"] == "st-1"


def test_a_wrong_password_shows_the_form_again_without_a_code(ui, user_pool, tenant_a, hosted):
    login = ui.get("/oauth2/authorize", params=authorize_params(user_pool, new_verifier())).headers["location"]

    response = ui.post(login, data={"username": tenant_a.owner.email, "password": "nope"})

    assert response.status_code == 200 and "Incorrect username or password." in response.text
    assert not hosted.codes and not hosted.sessions


def test_the_hosted_session_skips_the_form_until_logout_ends_it(ui, user_pool, tenant_a, identity):
    sign_in(ui, user_pool, tenant_a, new_verifier())
    verifier = new_verifier()

    silent = ui.get("/oauth2/authorize", params=authorize_params(user_pool, verifier, state="st-2"))
    tokens = exchange(ui, user_pool, query_of(silent)["code"], verifier).json()
    unregistered = ui.get("/logout", params={"client_id": user_pool.client_id, "logout_uri": "https://evil.example/"})
    logout = ui.get("/logout", params={"client_id": user_pool.client_id, "logout_uri": f"{APP}/"})
    after = ui.get("/oauth2/authorize", params=authorize_params(user_pool, new_verifier()))

    assert query_of(silent)["state"] == "st-2"
    assert identity.verify(f"Bearer {tokens['id_token']}")["email"] == tenant_a.owner.email
    assert unregistered.status_code == 400 and "redirect_mismatch" in unregistered.text
    assert logout.status_code == 302 and logout.headers["location"] == f"{APP}/"
    assert after.headers["location"].startswith("/login?")


def test_a_refresh_token_brings_a_new_id_token_without_a_new_refresh_token(ui, user_pool, tenant_a, identity):
    verifier = new_verifier()
    first = exchange(ui, user_pool, sign_in(ui, user_pool, tenant_a, verifier)["code"], verifier).json()
    form = {"grant_type": "refresh_token", "client_id": user_pool.client_id, "refresh_token": first["refresh_token"]}

    refreshed = ui.post("/oauth2/token", data=form)
    forged = ui.post("/oauth2/token", data=form | {"refresh_token": "forged"})

    assert refreshed.status_code == 200 and "refresh_token" not in refreshed.json()
    assert identity.verify(f"Bearer {refreshed.json()['id_token']}")["email"] == tenant_a.owner.email
    assert forged.status_code == 400 and forged.json()["error"] == "invalid_grant"
