"""Routes for /v1/phone-numbers. A number is its own id (E.164, `+` may be percent-encoded in the path)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.etag import no_content, with_etag
from functions.management.routes.pagination import Cursor, Limit
from vocadesk import phone_numbers
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.pages import Page
from vocadesk.models.phone_numbers import AgentAttachment, NewPhoneNumber, PhoneNumber
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()
NumberPath = Annotated[str, Path(max_length=32, description="The number in E.164 form, e.g. +14155550123.")]


@router.get("/")
def list_phone_numbers(
    caller: SignedIn,
    limit: Limit = 20,
    cursor: Cursor = None,
    agent_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[PhoneNumber]:
    return phone_numbers.list_page(default_repositories(), caller, agent_id=agent_id, limit=limit, cursor=cursor)


@router.post("/", status_code=HTTPStatus.CREATED)
def add_phone_number(caller: SignedIn, new: NewPhoneNumber) -> Response[PhoneNumber]:
    return with_etag(phone_numbers.add(default_repositories(), caller, new), HTTPStatus.CREATED)


@router.get("/<number>")
def get_phone_number(caller: SignedIn, number: NumberPath) -> Response[PhoneNumber]:
    return with_etag(phone_numbers.get(default_repositories(), caller, number))


@router.put("/<number>/agent")
def attach_agent(caller: SignedIn, number: NumberPath, attachment: AgentAttachment) -> Response[PhoneNumber]:
    """Calls to the number are answered by this agent from now on."""
    return with_etag(phone_numbers.attach(default_repositories(), caller, number, attachment.agent_id))


@router.delete("/<number>/agent")
def detach_agent(caller: SignedIn, number: NumberPath) -> Response[PhoneNumber]:
    """Calls to the number are no longer answered (callers hear a polite refusal)."""
    return with_etag(phone_numbers.detach(default_repositories(), caller, number))


@router.delete("/<number>", status_code=HTTPStatus.NO_CONTENT)
def remove_phone_number(caller: SignedIn, number: NumberPath) -> Response[None]:
    phone_numbers.remove(default_repositories(), caller, number)
    return no_content()
