"""A session's conversation items, in order and bounded, with how much assistant audio each one carries.

Feeds `previous_item_id`, truncate, delete and retrieve, and refuses what the provider refuses there
(unknown or duplicate ids, truncating past the audio). No I/O.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from local_platform.realtime_standin.client_events import ProtocolError

TRUNCATE_SLACK_MS = 1  # a client computing ms from bytes may round up


class ConversationItems:
    def __init__(self, max_items: int = 2000) -> None:
        self._items: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._max = max_items
        self.audio_ms: dict[str, float] = {}  # assistant audio sent per item

    @property
    def last_id(self) -> str | None:
        return next(reversed(self._items), None)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._items

    def add(self, item: dict[str, Any]) -> str | None:
        """Append `item`; the id of the item before it (None for the first)."""
        previous = self.last_id
        self._items[item["id"]] = item
        while len(self._items) > self._max:
            forgotten, _ = self._items.popitem(last=False)
            self.audio_ms.pop(forgotten, None)
        return previous

    def replace(self, item: dict[str, Any]) -> None:
        if item["id"] in self._items:
            self._items[item["id"]] = item

    def get(self, item_id: str) -> dict[str, Any] | None:
        return self._items.get(item_id)

    def known(self, item_id: str, *, param: str = "item_id", event_id: str | None = None) -> dict[str, Any]:
        """The item, or the provider's refusal naming the id."""
        item = self._items.get(item_id)
        if item is None:
            message = f"Item with item_id '{item_id}' not found."
            raise ProtocolError("item_not_found", message, param=param, event_id=event_id)
        return item

    def fresh_id(self, item_id: str, *, event_id: str | None = None) -> str:
        if item_id in self._items:
            message = f"Item with item_id '{item_id}' already exists."
            raise ProtocolError("item_id_already_exists", message, param="item.id", event_id=event_id)
        return item_id

    def truncate(self, item_id: str, content_index: int, audio_end_ms: int, *, event_id: str | None = None) -> None:
        """Keep only the audio the caller heard; the provider drops the transcript with it."""
        item, audio_ms = self.known(item_id, event_id=event_id), self.audio_ms.get(item_id)
        if item.get("role") != "assistant" or audio_ms is None:
            message = "Only assistant messages with audio can be truncated."
            raise ProtocolError("invalid_value", message, param="item_id", event_id=event_id)
        if content_index != 0:
            message = f"Invalid 'content_index': the item has no content part {content_index}."
            raise ProtocolError("invalid_value", message, param="content_index", event_id=event_id)
        if audio_end_ms > audio_ms + TRUNCATE_SLACK_MS:
            message = f"Audio content of {audio_ms:.0f}ms is already shorter than {audio_end_ms}ms"
            raise ProtocolError("invalid_value", message, param="audio_end_ms", event_id=event_id)
        self._items[item_id] = {**item, "content": [{"type": "output_audio", "transcript": ""}]}
        self.audio_ms[item_id] = audio_end_ms

    def delete(self, item_id: str, *, event_id: str | None = None) -> None:
        self.known(item_id, event_id=event_id)
        self.audio_ms.pop(item_id, None)
        del self._items[item_id]
