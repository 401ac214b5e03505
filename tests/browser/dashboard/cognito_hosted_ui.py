"""A stand-in for Cognito's hosted UI, faithful to the protocol the dashboard speaks with it: OAuth 2.0's
authorization code grant with PKCE (RFC 6749, RFC 7636 S256) on Cognito's paths and error codes.

`GET /oauth2/authorize` sends the browser to `/login` (or, within a hosted session, straight back) and then to
`redirect_uri` with `code` and `state`; `POST /oauth2/token` trades a code (single use, five minutes, bound to
its client, redirect URI and code challenge) or a refresh token for tokens; `GET /logout` ends the hosted
session and goes to `logout_uri`. The app client's registered settings (callback and sign-out URLs, flows,
scopes, no secret) are read from the emulator's Cognito and enforced as Cognito does; passwords are checked
and tokens issued by that Cognito (InitiateAuth), so the dashboard gets real ID tokens for the user.

Not here: sign-up, forgotten passwords, MFA, the temporary-password change (the form says so), client secrets.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from vocadesk import aws_clients
from vocadesk.user_pool import USER_POOL, sign_in_name

CODE_SECONDS = 300  # Cognito's authorization codes last five minutes
SESSION_COOKIE = "cognito"  # the hosted UI's own session, on its domain
VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")  # RFC 7636 §4.1


class OAuthError(Exception):
    """An error the protocol names (`error` code, human description)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def s256(verifier: str) -> str:
    """BASE64URL(SHA256(verifier)) without padding: the S256 `code_challenge` of a verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class AuthorizeRequest:
    """The authorize endpoint's query, checked against the app client as Cognito checks it."""

    client_id: str
    redirect_uri: str
    state: str | None
    scopes: tuple[str, ...]
    code_challenge: str | None

    def query(self) -> str:
        params = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri}
        params |= {"scope": " ".join(self.scopes)} | ({"state": self.state} if self.state is not None else {})
        if self.code_challenge:
            params |= {"code_challenge": self.code_challenge, "code_challenge_method": "S256"}
        return urlencode(params)

    def back(self, **params: str) -> str:
        """`redirect_uri` with the answer (a code, or an error) and the state the client sent."""
        state = {"state": self.state} if self.state is not None else {}
        return f"{self.redirect_uri}?{urlencode(params | state)}"


@dataclass(frozen=True)
class Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str | None
    tokens: dict[str, Any]  # Cognito's AuthenticationResult for the user
    expires_at: float


@dataclass(frozen=True)
class HostedSession:
    """Signed in at the hosted UI: the next authorize of the same client skips the form until /logout."""

    client_id: str
    refresh_token: str  # fresh tokens for the next code, without asking for the password again


class ErrorPage(Exception):
    """A request that cannot be answered at the client's redirect URI (unknown client, unregistered URI)."""


class HostedUi:
    def __init__(self, *, user_pool_id: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.user_pool_id = user_pool_id
        self.clock = clock
        self.codes: dict[str, Grant] = {}  # issued and not yet presented
        self.sessions: dict[str, HostedSession] = {}  # by the session cookie's value

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth2/authorize", self.authorize, methods=["GET"]),
                Route("/login", self.login, methods=["GET", "POST"]),
                Route("/oauth2/token", self.token, methods=["POST"]),
                Route("/logout", self.logout, methods=["GET"]),
            ]
        )

    # -- the app client, as registered in the emulator's Cognito ---------------------------------
    def _client(self, client_id: str | None) -> dict[str, Any] | None:
        if not client_id:
            return None
        cognito = aws_clients.client("cognito-idp")
        try:
            return cognito.describe_user_pool_client(UserPoolId=self.user_pool_id, ClientId=client_id)["UserPoolClient"]
        except (cognito.exceptions.ResourceNotFoundException, cognito.exceptions.InvalidParameterException):
            return None

    def _parse_authorize(self, request: Request) -> AuthorizeRequest:
        """Checks in Cognito's order: what cannot be sent back is an error page, the rest goes to the client."""
        query = request.query_params
        client = self._client(query.get("client_id"))
        if client is None:
            raise ErrorPage("invalid_request: client_id")
        if query.get("redirect_uri") not in client.get("CallbackURLs", []):
            raise ErrorPage("redirect_mismatch")
        parsed = AuthorizeRequest(
            client_id=client["ClientId"],
            redirect_uri=query["redirect_uri"],
            state=query.get("state"),
            scopes=tuple((query.get("scope") or " ".join(client.get("AllowedOAuthScopes", []))).split()),
            code_challenge=query.get("code_challenge"),
        )
        if not client.get("AllowedOAuthFlowsUserPoolClient") or "code" not in client.get("AllowedOAuthFlows", []):
            raise OAuthError("unauthorized_client", "the client may not use the authorization code grant")
        if query.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "response_type must be code")
        if not set(parsed.scopes) <= set(client.get("AllowedOAuthScopes", [])):
            raise OAuthError("invalid_scope", "a requested scope is not allowed for this client")
        method = query.get("code_challenge_method")
        if (parsed.code_challenge and method != "S256") or (method and not parsed.code_challenge):
            raise OAuthError("invalid_request", "code_challenge_method must be S256, with a code_challenge")
        return parsed

    # -- endpoints ---------------------------------------------------------------------------------
    async def authorize(self, request: Request) -> Response:
        try:
            parsed = await run_in_threadpool(self._parse_authorize, request)
        except ErrorPage as error:
            return _error_page(str(error))
        except OAuthError as error:
            return _to_client(request, error)
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if session and session.client_id == parsed.client_id:
            tokens = await run_in_threadpool(self._refresh, parsed.client_id, session.refresh_token)
            if tokens is not None:
                return RedirectResponse(parsed.back(code=self._issue(parsed, tokens)), status_code=302)
        return RedirectResponse(f"/login?{parsed.query()}", status_code=302)

    async def login(self, request: Request) -> Response:
        try:
            parsed = await run_in_threadpool(self._parse_authorize, request)
        except ErrorPage as error:
            return _error_page(str(error))
        except OAuthError as error:
            return _to_client(request, error)
        if request.method == "GET":
            return _login_form(parsed)
        form = await request.form()
        email, password = str(form.get("username", "")), str(form.get("password", ""))
        try:
            tokens = await run_in_threadpool(self._password_sign_in, parsed.client_id, email, password)
        except OAuthError as error:
            return _login_form(parsed, email=email, message=error.description)
        session = secrets.token_urlsafe(24)
        self.sessions[session] = HostedSession(client_id=parsed.client_id, refresh_token=tokens["RefreshToken"])
        response = RedirectResponse(parsed.back(code=self._issue(parsed, tokens)), status_code=302)
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="lax", path="/")
        return response

    async def token(self, request: Request) -> Response:
        cors = {"access-control-allow-origin": request.headers["origin"]} if "origin" in request.headers else {}
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
            return _token_error("invalid_request", "the body must be application/x-www-form-urlencoded", cors)
        form = {name: str(value) for name, value in (await request.form()).items()}
        try:
            tokens = await run_in_threadpool(self._grant, form)
        except OAuthError as error:
            return _token_error(error.error, error.description, cors)
        headers = {"cache-control": "no-store", "pragma": "no-cache", **cors}
        return JSONResponse(tokens, headers=headers)

    async def logout(self, request: Request) -> Response:
        client = await run_in_threadpool(self._client, request.query_params.get("client_id"))
        if client is None:
            return _error_page("invalid_request: client_id")
        logout_uri = request.query_params.get("logout_uri")
        if logout_uri not in client.get("LogoutURLs", []):
            return _error_page("redirect_mismatch")
        self.sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
        response = RedirectResponse(logout_uri, status_code=302)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -- grants ------------------------------------------------------------------------------------
    def _issue(self, parsed: AuthorizeRequest, tokens: dict[str, Any]) -> str:
        code = secrets.token_urlsafe(32)
        self.codes[code] = Grant(
            client_id=parsed.client_id,
            redirect_uri=parsed.redirect_uri,
            code_challenge=parsed.code_challenge,
            tokens=tokens,
            expires_at=self.clock() + CODE_SECONDS,
        )
        return code

    def _grant(self, form: dict[str, str]) -> dict[str, Any]:
        client = self._client(form.get("client_id"))
        if client is None:
            raise OAuthError("invalid_client", "unknown client_id")
        if client.get("ClientSecret"):
            raise OAuthError("invalid_client", "this stand-in serves public clients only")
        if not client.get("AllowedOAuthFlowsUserPoolClient"):
            raise OAuthError("unauthorized_client", "the client may not use OAuth flows")
        grant_type = form.get("grant_type")
        if grant_type == "refresh_token":
            tokens = self._refresh(client["ClientId"], form.get("refresh_token", ""))
            if tokens is None:
                raise OAuthError("invalid_grant", "the refresh token is invalid")
            return _token_response(tokens, with_refresh=False)
        if grant_type != "authorization_code":
            raise OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
        # Spent by its first presentation, whatever the outcome (RFC 6749 §4.1.2: never usable twice).
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant.expires_at <= self.clock():
            raise OAuthError("invalid_grant", "the code is unknown, used or expired")
        if grant.client_id != client["ClientId"] or grant.redirect_uri != form.get("redirect_uri"):
            raise OAuthError("invalid_grant", "the code was issued to another client or redirect_uri")
        if grant.code_challenge:
            verifier = form.get("code_verifier", "")
            if not VERIFIER.match(verifier) or not secrets.compare_digest(s256(verifier), grant.code_challenge):
                raise OAuthError("invalid_grant", "code_verifier does not match the code_challenge")
        return _token_response(grant.tokens, with_refresh=True)

    def _password_sign_in(self, client_id: str, email: str, password: str) -> dict[str, Any]:
        cognito = aws_clients.client("cognito-idp")
        errors = cognito.exceptions
        try:
            answer = cognito.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": sign_in_name(email), "PASSWORD": password},
            )
        except (errors.NotAuthorizedException, errors.UserNotFoundException, errors.InvalidParameterException):
            raise OAuthError("access_denied", "Incorrect username or password.") from None
        if "AuthenticationResult" not in answer:
            raise OAuthError("access_denied", f"This stand-in cannot do {answer.get('ChallengeName')} yet.")
        return answer["AuthenticationResult"]

    def _refresh(self, client_id: str, refresh_token: str) -> dict[str, Any] | None:
        if not refresh_token:
            return None
        cognito = aws_clients.client("cognito-idp")
        try:
            answer = cognito.initiate_auth(
                ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh_token}
            )
        except (cognito.exceptions.NotAuthorizedException, cognito.exceptions.InvalidParameterException):
            return None
        return answer.get("AuthenticationResult")


def register_dashboard(user_pool_id: str, client_id: str, origins: list[str]) -> None:
    """Give the emulator's app client the hosted sign-in settings the CDK stack gives the real one (the shared
    definition's), for dashboards at `origins`. Cognito's update replaces every setting, so all are passed."""
    settings = USER_POOL.create_client_kwargs(user_pool_id) | USER_POOL.hosted_sign_in_kwargs(origins)
    settings.pop("GenerateSecret")  # fixed when a client is created
    aws_clients.client("cognito-idp").update_user_pool_client(ClientId=client_id, **settings)


def _token_response(result: dict[str, Any], *, with_refresh: bool) -> dict[str, Any]:
    """The token endpoint's JSON: a refresh grant does not hand out a new refresh token."""
    body = {
        "id_token": result["IdToken"],
        "access_token": result["AccessToken"],
        "expires_in": result["ExpiresIn"],
        "token_type": "Bearer",
    }
    return body | ({"refresh_token": result["RefreshToken"]} if with_refresh and "RefreshToken" in result else {})


def _token_error(error: str, description: str, headers: dict[str, str]) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=400, headers=headers)


def _to_client(request: Request, error: OAuthError) -> Response:
    """An authorize error the client can hear about: back to its (registered) redirect URI with the state."""
    query = request.query_params
    back = AuthorizeRequest(
        client_id=query.get("client_id", ""),
        redirect_uri=query["redirect_uri"],
        state=query.get("state"),
        scopes=(),
        code_challenge=None,
    )
    return RedirectResponse(back.back(error=error.error, error_description=error.description), status_code=302)


def _error_page(error: str) -> Response:
    body = (
        "<!doctype html><html lang='en'><title>Error</title><main>"
        "<h1>An error was encountered with the requested page.</h1>"
        f"<p role='alert'>{html.escape(error)}</p></main></html>"
    )
    return HTMLResponse(body, status_code=400)


def _login_form(parsed: AuthorizeRequest, *, email: str = "", message: str = "") -> Response:
    action = html.escape(f"/login?{parsed.query()}")
    alert = f"<p role='alert'>{html.escape(message)}</p>" if message else ""
    body = (
        "<!doctype html><html lang='en'><title>Signin</title><main>"
        "<h1>Sign in with your email and password</h1>"
        f"{alert}<form method='post' action='{action}'>"
        f"<label for='username'>Email</label><input id='username' name='username' type='email' "
        f"autocomplete='username' required value='{html.escape(email)}'>"
        "<label for='password'>Password</label><input id='password' name='password' type='password' "
        "autocomplete='current-password' required>"
        "<button type='submit'>Sign in</button></form></main></html>"
    )
    return HTMLResponse(body)
