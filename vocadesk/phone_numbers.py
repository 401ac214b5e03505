"""Phone numbers: E.164 numbers an account brings (e.g. bought in Twilio), each answered by one agent.

A number is unique across the whole platform, since an incoming call is routed by the dialled number
alone. Attaching points it at an agent of the same account; a detached number answers nobody.
"""

from __future__ import annotations

from urllib.parse import unquote

from vocadesk.auth import Caller
from vocadesk.models.pages import Page
from vocadesk.models.phone_numbers import NewPhoneNumber, PhoneNumber
from vocadesk.storage.repositories import Repositories


def path_number(raw: str) -> str:
    """The number as it appears in a URL path: `+1415...` or percent-encoded `%2B1415...`."""
    return unquote(raw).strip()


def add(repos: Repositories, caller: Caller, new: NewPhoneNumber) -> PhoneNumber:
    """Add a number (409 naming `number` if any account has it), attached to `new.agent_id` if given."""
    caller.require_write()
    client_id = repos.agents.get(caller.account_id, new.agent_id).client_id if new.agent_id else None
    return repos.phone_numbers.create(
        PhoneNumber(account_id=caller.account_id, client_id=client_id, **new.model_dump())
    )


def get(repos: Repositories, caller: Caller, number: str) -> PhoneNumber:
    return repos.phone_numbers.get(caller.account_id, path_number(number))


def list_page(
    repos: Repositories, caller: Caller, *, agent_id: str | None, limit: int, cursor: str | None
) -> Page[PhoneNumber]:
    if agent_id:
        return repos.phone_numbers.list_for_agent(caller.account_id, agent_id, limit=limit, cursor=cursor)
    return repos.phone_numbers.list(caller.account_id, limit=limit, cursor=cursor)


def attach(repos: Repositories, caller: Caller, number: str, agent_id: str) -> PhoneNumber:
    """Point the number at an agent of the caller's account (replacing any agent it had)."""
    caller.require_write()
    agent = repos.agents.get(caller.account_id, agent_id)
    current = repos.phone_numbers.get(caller.account_id, path_number(number), consistent=True)
    return repos.phone_numbers.save(current.model_copy(update={"agent_id": agent.id, "client_id": agent.client_id}))


def detach(repos: Repositories, caller: Caller, number: str) -> PhoneNumber:
    caller.require_write()
    current = repos.phone_numbers.get(caller.account_id, path_number(number), consistent=True)
    return repos.phone_numbers.save(current.model_copy(update={"agent_id": None, "client_id": None}))


def remove(repos: Repositories, caller: Caller, number: str) -> None:
    """Remove the number from the account and release it platform-wide."""
    caller.require_write()
    repos.phone_numbers.delete(caller.account_id, path_number(number))
