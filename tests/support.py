"""Test helpers: sample payloads and a ready-made tenant."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from vocadesk.accounts import open_account
from vocadesk.auth import Caller
from vocadesk.ids import new_id
from vocadesk.models.accounts import Role, User
from vocadesk.models.agents import Agent
from vocadesk.models.clients import Client
from vocadesk.storage.repositories import Repositories

EVENTS = Path(__file__).parent / "events"
CALL_TOKEN_KEYS = "test:" + "k" * 40  # every test's VOCADESK_CALL_TOKEN_KEYS (tests/conftest.py)


def load_event(name: str) -> dict[str, Any]:
    """A sample payload from the providers' docs, kept under tests/events/."""
    return json.loads((EVENTS / name).read_text())


def sqs_event(*bodies):
    """The docs' sample SQS event with one record per body."""
    sample = load_event("sqs_event.json")
    template = sample["Records"][0]
    sample["Records"] = [
        dict(copy.deepcopy(template), messageId=f"msg-{i}", body=body) for i, body in enumerate(bodies)
    ]
    return sample


def started_envelope(tenant):
    envelope = load_event("eventbridge_call_started.json")
    envelope["detail"] |= {"account_id": tenant.account_id, "client_id": tenant.client.id, "agent_id": tenant.agent.id}
    return envelope


class Tenant:
    """An account with an owner, a viewer, a client and an agent: the usual cast of a test."""

    def __init__(self, repos: Repositories, name: str) -> None:
        self.account, self.owner = open_account(repos, name=name, owner_email=f"owner@{name}.com", owner_name="Owner")
        self.viewer = repos.users.create(
            User(account_id=self.account.id, email=f"viewer@{name}.com", name="Viewer", role=Role.VIEWER)
        )
        self.client = repos.clients.create(Client(account_id=self.account.id, name=f"{name} client"))
        self.agent = repos.agents.create(Agent(account_id=self.account.id, client_id=self.client.id, name="Front desk"))

    @property
    def account_id(self) -> str:
        return self.account.id

    def new_call(self, *, at: datetime, channel: str = "phone", agent: Agent | None = None) -> dict[str, str]:
        """The identifying fields every event of a new call of this tenant carries."""
        agent = agent or self.agent
        return {
            "account_id": self.account.id,
            "client_id": agent.client_id,
            "agent_id": agent.id,
            "call_id": new_id("call", at=at),
            "channel": channel,
        }

    def as_owner(self) -> Caller:
        return Caller(account_id=self.account.id, user_id=self.owner.id, role=Role.OWNER)

    def as_viewer(self) -> Caller:
        return Caller(account_id=self.account.id, user_id=self.viewer.id, role=Role.VIEWER)


def bearer(http, email, password):
    response = http.post("/auth/signin", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"authorization": f"Bearer {response.json()['id_token']}"}
