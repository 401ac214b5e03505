"""The isolation matrix: every route of the Management API, enumerated from the router itself, tried as
tenant A's owner, tenant B's owner, and with no, expired and tampered tokens.

Tenant B must get 404 for anything of A's (never 403, never A's data); the bad tokens 401 with nothing
written; A itself succeeds, which shows each request was well-formed enough to reach the tenant check.
A new route fails here until it is described below (its path ids and, for writes, a body).
"""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime
from http import HTTPStatus

import jwt
import pytest
from moto.utilities.utils import load_resource

from functions.management.handler import app
from vocadesk.events import CallStarted
from vocadesk.models.agents import Agent
from vocadesk.models.clients import Client
from vocadesk.models.embeds import Embed
from vocadesk.models.phone_numbers import PhoneNumber

ROUTES = sorted(f"{route.method} {route.path}" for route in app._static_routes + app._dynamic_routes)

# Request bodies for writes, as functions of tenant A's fixture ids (`ids`); they name A's things where
# the route accepts a reference, so tenant B must get 404 rather than a new item pointing at A's data.
BODIES = {
    "POST /v1/clients": lambda ids: {"name": "New client"},
    "PATCH /v1/clients/<client_id>": lambda ids: {"notes": "changed"},
    "POST /v1/agents": lambda ids: {"client_id": ids["client_id"], "name": "New agent"},
    "PATCH /v1/agents/<agent_id>": lambda ids: {"name": "Renamed"},
    "POST /v1/agents/<agent_id>/instructions": lambda ids: {"conversation": {"greeting": "Hello from a draft"}},
    "POST /v1/embeds": lambda ids: {"agent_id": ids["agent_id"], "allowed_origins": ["https://a.example.com"]},
    "PATCH /v1/embeds/<embed_id>": lambda ids: {"name": "Renamed"},
    "POST /v1/phone-numbers": lambda ids: {"number": "+14155550999", "agent_id": ids["agent_id"]},
    "PUT /v1/phone-numbers/<number>/agent": lambda ids: {"agent_id": ids["agent_id"]},
    "POST /v1/users": lambda ids: {"email": f"invited-by-{ids['caller']}@example.com", "name": "New", "role": "viewer"},
    "PATCH /v1/users/<user_id>": lambda ids: {"role": "admin"},
}
# Routes whose path id is replaced by a spare one (deleting A's main client or agent is refused, 409).
SPARE = {
    "DELETE /v1/clients/<client_id>": {"client_id": "spare_client_id"},
    "DELETE /v1/agents/<agent_id>": {"agent_id": "spare_agent_id"},
}
# Routes that name nothing of A's and create or read only the caller's own: B succeeds, sees none of A.
OWN_ONLY = {
    "GET /v1/me",
    "GET /v1/clients",
    "POST /v1/clients",
    "GET /v1/agents",
    "GET /v1/calls",
    "GET /v1/embeds",
    "GET /v1/phone-numbers",
    "GET /v1/users",
    "POST /v1/users",
    "GET /v1/usage",
    "GET /v1/openapi.json",
}

POOL_KEY = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"), algorithm="RS256").key


@pytest.fixture
def ids(repos, tenant_a):
    """Every kind of thing tenant A owns, by the path parameter that names it."""
    a = tenant_a.account_id
    spare_client = repos.clients.create(Client(account_id=a, name="Spare"))
    spare_agent = repos.agents.create(Agent(account_id=a, client_id=tenant_a.client.id, name="Spare agent"))
    embed = repos.embeds.create(
        Embed(account_id=a, agent_id=tenant_a.agent.id, client_id=tenant_a.client.id, allowed_origins=["https://a.com"])
    )
    number = repos.phone_numbers.create(
        PhoneNumber(account_id=a, number="+14155550177", agent_id=tenant_a.agent.id, client_id=tenant_a.client.id)
    )
    call = tenant_a.new_call(at=datetime.now(UTC))
    repos.calls.record_started(CallStarted(**call, seq=0, occurred_at=datetime.now(UTC), caller="+14155550100"))
    return {
        "client_id": tenant_a.client.id,
        "agent_id": tenant_a.agent.id,
        "embed_id": embed.id,
        "number": number.number,
        "call_id": call["call_id"],
        "user_id": tenant_a.viewer.id,
        "spare_client_id": spare_client.id,
        "spare_agent_id": spare_agent.id,
    }


def request_for(route: str, ids: dict[str, str]) -> tuple[str, str, dict | None]:
    method, template = route.split(" ", 1)
    path = template
    for part in template.split("/"):
        if part.startswith("<"):
            name = part[1:-1]
            value = ids[SPARE[route][name]] if name in SPARE.get(route, {}) else ids.get(name)
            assert value, f"{route}: teach the isolation matrix an id of tenant A for <{name}>"
            path = path.replace(part, value)
    body = None
    if method in ("POST", "PUT", "PATCH") and not path.endswith(("/duplicate", "/rotate", "/test-call")):
        assert route in BODIES, f"{route}: give the isolation matrix a valid request body for it"
        body = BODIES[route](ids)
    return method, path, body


def expired(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False}) | {"exp": int(time.time()) - 60}
    return jwt.encode(claims, POOL_KEY, algorithm="RS256", headers=jwt.get_unverified_header(token))


def tampered(token: str, account_id: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["custom:account_id"] = account_id
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return ".".join([header, forged, signature])


def table_snapshot(repos) -> list[dict]:
    return sorted(repos.table.client.scan(TableName=repos.table.name)["Items"], key=json.dumps)


def a_secrets(tenant_a, ids) -> list[str]:
    """Strings that only tenant A's data contains."""
    return [tenant_a.account_id, tenant_a.owner.email, tenant_a.client.name, *ids.values()]


def test_every_route_is_in_the_matrix():
    described = {r for r in ROUTES if ("<" in r) or r in OWN_ONLY or r in BODIES}
    assert set(ROUTES) - described == set(), "describe the new routes in the isolation matrix"


@pytest.mark.parametrize("route", ROUTES)
def test_isolation(route, http, repos, tenant_a, tenant_b, ids, owner_a, owner_b):
    method, path, body = request_for(route, ids | {"caller": "b"})

    def call(headers):
        return http.request(method, path, json=body, headers=headers)

    # Bad tokens: API Gateway's 401, nothing written.
    token = owner_a["authorization"].split(" ", 1)[1]
    before = table_snapshot(repos)
    for headers in (
        {},
        {"authorization": f"Bearer {expired(token)}"},
        {"authorization": f"Bearer {tampered(token, tenant_b.account_id)}"},
    ):
        response = call(headers)
        assert response.status_code == HTTPStatus.UNAUTHORIZED, (route, headers, response.text)
    assert table_snapshot(repos) == before

    # Tenant B: 404 for anything of A's, with nothing of A's in the answer and nothing of A's changed.
    response = call(owner_b)
    asked = path + json.dumps(body)  # an error may echo the id it was asked for; that is not a leak
    leaked = [s for s in a_secrets(tenant_a, ids) if s in response.text and s not in asked]
    if route in OWN_ONLY:
        assert response.status_code < 300, (route, response.status_code, response.text)
    else:
        assert response.status_code == HTTPStatus.NOT_FOUND, (route, response.status_code, response.text)
    assert leaked == [], (route, leaked)
    a_items = [i for i in table_snapshot(repos) if tenant_a.account_id in json.dumps(i)]
    assert a_items == [i for i in before if tenant_a.account_id in json.dumps(i)], f"{route} changed A's data as B"

    # Tenant A itself gets through, so the request above reached the tenant check.
    method, path, body = request_for(route, ids | {"caller": "a"})
    response = call(owner_a)
    assert response.status_code < 300, (route, response.status_code, response.text)
