import pytest

from local_platform.realtime_standin.client_events import ProtocolError
from local_platform.realtime_standin.conversation_items import ConversationItems


def item(item_id: str) -> dict:
    return {"id": item_id, "type": "message"}


def test_items_chain_by_previous_id_and_the_oldest_are_forgotten():
    items = ConversationItems(max_items=2)

    previous = [items.add(item(name)) for name in ("a", "b", "c")]

    assert previous == [None, "a", "b"]
    assert "a" not in items and items.get("c") == item("c") and items.last_id == "c"


def test_delete_forgets_the_item_and_its_audio():
    items = ConversationItems()
    items.add(item("a"))
    items.audio_ms["a"] = 900

    items.delete("a")

    assert items.audio_ms == {} and "a" not in items
    with pytest.raises(ProtocolError) as unknown:
        items.delete("a")
    assert (unknown.value.code, unknown.value.param) == ("item_not_found", "item_id")


def test_truncating_keeps_what_was_heard_and_refuses_more_than_was_sent():
    items = ConversationItems()
    items.add({"id": "a", "type": "message", "role": "assistant", "content": [{"type": "output_audio"}]})
    items.audio_ms["a"] = 1200

    items.truncate("a", 0, 700)

    assert items.audio_ms["a"] == 700 and items.get("a")["content"][0]["transcript"] == ""
    with pytest.raises(ProtocolError, match="already shorter"):
        items.truncate("a", 0, 900)
