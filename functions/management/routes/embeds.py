"""Routes for /v1/embeds. Every embed comes with its ready-to-paste snippet; rotate replaces its public id."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from functions.management.routes.etag import IfMatch, no_content, version_of, with_etag
from functions.management.routes.pagination import Cursor, Limit
from vocadesk import embeds
from vocadesk.lambda_support.http import SignedIn
from vocadesk.models.embeds import EmbedPatch, EmbedView, NewEmbed
from vocadesk.models.pages import Page
from vocadesk.storage.repositories import default_repositories

router = APIGatewayHttpRouter()
EmbedIdPath = Annotated[str, Path(max_length=64)]


@router.get("/")
def list_embeds(
    caller: SignedIn,
    limit: Limit = 20,
    cursor: Cursor = None,
    agent_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[EmbedView]:
    return embeds.list_page(default_repositories(), caller, agent_id=agent_id, limit=limit, cursor=cursor)


@router.post("/", status_code=HTTPStatus.CREATED)
def create_embed(caller: SignedIn, new: NewEmbed) -> Response[EmbedView]:
    return with_etag(embeds.create(default_repositories(), caller, new), HTTPStatus.CREATED)


@router.get("/<embed_id>")
def get_embed(caller: SignedIn, embed_id: EmbedIdPath) -> Response[EmbedView]:
    return with_etag(embeds.get(default_repositories(), caller, embed_id))


@router.patch("/<embed_id>")
def update_embed(
    caller: SignedIn, embed_id: EmbedIdPath, patch: EmbedPatch, if_match: IfMatch = None
) -> Response[EmbedView]:
    updated = embeds.update(default_repositories(), caller, embed_id, patch, expected_version=version_of(if_match))
    return with_etag(updated)


@router.delete("/<embed_id>", status_code=HTTPStatus.NO_CONTENT)
def delete_embed(caller: SignedIn, embed_id: EmbedIdPath) -> Response[None]:
    embeds.delete(default_repositories(), caller, embed_id)
    return no_content()


@router.post("/<embed_id>/rotate")
def rotate_embed(caller: SignedIn, embed_id: EmbedIdPath) -> Response[EmbedView]:
    """Give the embed a new public id: pages still using the old snippet can no longer start calls."""
    return with_etag(embeds.rotate(default_repositories(), caller, embed_id))
