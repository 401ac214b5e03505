from datetime import UTC, datetime, timedelta

import pytest

from vocadesk.ids import new_id, time_bound, timestamp_of


def test_ids_minted_later_sort_after_earlier_ones():
    early = datetime(2026, 1, 1, tzinfo=UTC)
    ids = [new_id("call", at=early + timedelta(milliseconds=ms)) for ms in (0, 1, 1000, 86_400_000)]

    assert ids == sorted(ids)


def test_time_part_round_trips_to_the_millisecond():
    at = datetime(2026, 11, 25, 17, 0, 0, 250_000, tzinfo=UTC)

    assert timestamp_of(new_id("call", at=at)) == at


def test_time_bounds_enclose_every_id_of_that_millisecond():
    at = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    ids = [new_id("call", at=at) for _ in range(50)]

    assert all(time_bound("call", at, upper=False) <= i <= time_bound("call", at, upper=True) for i in ids)
    assert time_bound("call", at + timedelta(milliseconds=1), upper=False) > max(ids)


def test_ids_are_unique_within_one_millisecond():
    at = datetime(2026, 11, 25, tzinfo=UTC)

    assert len({new_id("evt", at=at) for _ in range(1000)}) == 1000


def test_unknown_prefix_is_refused():
    with pytest.raises(ValueError, match="prefix"):
        new_id("xyz")
