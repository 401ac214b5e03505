"""Routes for /v1/users: the account's users, invited, changed and removed by owners and admins."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.pagination import Cursor, Limit
from vocadesk import users
from vocadesk.directory import default_directory
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.accounts import NewUser, User, UserPatch
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()
UserIdPath = Annotated[str, Path(max_length=64)]


@router.get("/")
def list_users(caller: SignedIn, limit: Limit = 20, cursor: Cursor = None) -> Page[User]:
    return users.list_page(default_repositories().users, caller, limit=limit, cursor=cursor)


@router.post("/", status_code=HTTPStatus.CREATED)
def invite_user(caller: SignedIn, new: NewUser) -> Response[User]:
    user = users.invite(default_repositories().users, default_directory(), caller, new)
    return Response(status_code=HTTPStatus.CREATED, content_type=content_types.APPLICATION_JSON, body=user)


@router.get("/<user_id>")
def get_user(caller: SignedIn, user_id: UserIdPath) -> User:
    return users.get(default_repositories().users, caller, user_id)


@router.patch("/<user_id>")
def update_user(caller: SignedIn, user_id: UserIdPath, patch: UserPatch) -> User:
    return users.update(default_repositories().users, caller, user_id, patch)


@router.delete("/<user_id>", status_code=HTTPStatus.NO_CONTENT)
def remove_user(caller: SignedIn, user_id: UserIdPath) -> Response[None]:
    users.remove(default_repositories().users, default_directory(), caller, user_id)
    return Response(status_code=HTTPStatus.NO_CONTENT, body=None)
