from voice_container.call.playback_clock import PlaybackClock


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_heard_runs_in_real_time_from_the_last_echoed_mark_and_never_past_what_was_sent():
    time = FakeTime()
    clock = PlaybackClock(time)
    first = clock.sent("item_1", 400)
    clock.sent("item_1", 400)

    time.now += 0.1
    assert clock.heard_ms() == 100 and clock.playing()

    time.now += 0.5  # the far end is late: its echo of the first mark only now arrives
    clock.acknowledged(first)
    assert clock.heard_ms() == 400
    time.now += 0.25
    assert clock.heard_ms() == 650
    time.now += 10
    assert clock.heard_ms() == 800 and not clock.playing()


def test_a_new_item_restarts_the_count_and_old_marks_are_ignored():
    time = FakeTime()
    clock = PlaybackClock(time)
    old = clock.sent("item_1", 1000)
    clock.sent("item_2", 200)

    clock.acknowledged(old)

    assert clock.item_id == "item_2" and clock.heard_ms() == 0


def test_cleared_returns_what_was_heard_and_forgets_the_item():
    time = FakeTime()
    clock = PlaybackClock(time)
    clock.sent("item_1", 3000)
    time.now += 1.2

    heard = clock.cleared()

    assert heard == 1200 and clock.item_id is None and not clock.playing()


def test_a_mark_follows_an_items_first_chunk_then_every_200_ms_of_its_audio():
    clock = PlaybackClock(FakeTime())

    marks = [clock.sent("item_1", 40) for _ in range(12)]  # 480 ms in 40 ms chunks
    marks.append(clock.sent("item_2", 40))

    assert [i for i, mark in enumerate(marks) if mark] == [0, 5, 10, 12]  # at 40, 240, 440 ms; the new item's first
    assert len(set(filter(None, marks))) == 4


def test_between_marks_heard_runs_on_from_the_last_echo():
    time = FakeTime()
    clock = PlaybackClock(time)
    first = clock.sent("item_1", 40)
    for _ in range(3):
        assert clock.sent("item_1", 40) is None

    time.now += 0.09  # the far end buffered 50 ms before playing: its echo of the first chunk comes at 90 ms
    clock.acknowledged(first)
    time.now += 0.06

    assert clock.heard_ms() == 100 and clock.playing()
    time.now += 0.1
    assert clock.heard_ms() == 160 and not clock.playing()
