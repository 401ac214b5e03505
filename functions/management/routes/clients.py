"""Routes for /v1/clients."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.pagination import Cursor, Limit
from vocadesk import clients
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.clients import Client, NewClient
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()


@router.get("/")
def list_clients(caller: SignedIn, limit: Limit = 20, cursor: Cursor = None) -> Page[Client]:
    return clients.list_page(default_repositories().clients, caller, limit=limit, cursor=cursor)


@router.post("/")
def create_client(caller: SignedIn, new: NewClient) -> Response[Client]:
    client = clients.create(default_repositories().clients, caller, new)
    return Response(status_code=HTTPStatus.CREATED, content_type=content_types.APPLICATION_JSON, body=client)


@router.get("/<client_id>")
def get_client(caller: SignedIn, client_id: Annotated[str, Path(max_length=64)]) -> Client:
    return clients.get(default_repositories().clients, caller, client_id)
