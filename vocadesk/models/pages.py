"""One page of a list: the items and an opaque cursor for the next page (None on the last)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from vocadesk.models.fields import Model

T = TypeVar("T")


class Page(Model, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` to get the next page; absent on the last.")
