"""Routes for /v1/clients. Reads return an `ETag` (the version); updates honour `If-Match`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.etag import IfMatch, no_content, version_of, with_etag
from functions.management.routes.pagination import Cursor, Limit
from vocadesk import clients
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.clients import Client, ClientPatch, NewClient
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()
ClientIdPath = Annotated[str, Path(max_length=64)]


@router.get("/")
def list_clients(caller: SignedIn, limit: Limit = 20, cursor: Cursor = None) -> Page[Client]:
    return clients.list_page(default_repositories().clients, caller, limit=limit, cursor=cursor)


@router.post("/", status_code=HTTPStatus.CREATED)
def create_client(caller: SignedIn, new: NewClient) -> Response[Client]:
    return with_etag(clients.create(default_repositories().clients, caller, new), HTTPStatus.CREATED)


@router.get("/<client_id>")
def get_client(caller: SignedIn, client_id: ClientIdPath) -> Response[Client]:
    return with_etag(clients.get(default_repositories().clients, caller, client_id))


@router.patch("/<client_id>")
def update_client(
    caller: SignedIn, client_id: ClientIdPath, patch: ClientPatch, if_match: IfMatch = None
) -> Response[Client]:
    updated = clients.update(
        default_repositories().clients, caller, client_id, patch, expected_version=version_of(if_match)
    )
    return with_etag(updated)


@router.delete("/<client_id>", status_code=HTTPStatus.NO_CONTENT)
def delete_client(caller: SignedIn, client_id: ClientIdPath) -> Response[None]:
    clients.delete(default_repositories(), caller, client_id)
    return no_content()
