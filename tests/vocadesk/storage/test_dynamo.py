import pytest

from vocadesk.errors import Invalid
from vocadesk.storage.dynamo import decode_cursor, deserialize, encode_cursor, serialize


def test_json_shaped_items_round_trip_through_attribute_values():
    item = {"s": "text", "i": 42, "f": 0.25, "neg": -3, "b": True, "n": None, "l": [1, "a"], "m": {"k": {"x": 1.5}}}

    assert deserialize(serialize(item)) == item


def test_cursor_round_trips_within_its_partition():
    key = {"PK": {"S": "A#acc_1"}, "SK": {"S": "CLIENT#cli_1"}}

    assert decode_cursor(encode_cursor(key), partition_attr="PK", partition="A#acc_1") == key


@pytest.mark.parametrize("cursor", ["not-base64!", "e30", "W10", encode_cursor({"PK": {"S": "A#acc_other"}})])
def test_a_cursor_for_another_partition_or_garbage_is_invalid(cursor):
    with pytest.raises(Invalid) as exc:
        decode_cursor(cursor, partition_attr="PK", partition="A#acc_1")

    assert exc.value.field == "cursor"


def test_a_cursor_cannot_smuggle_non_key_attributes():
    cursor = encode_cursor({"PK": {"S": "A#acc_1"}, "SK": {"S": "x"}, "secret": {"S": "y"}})

    with pytest.raises(Invalid):
        decode_cursor(cursor, partition_attr="PK", partition="A#acc_1")
