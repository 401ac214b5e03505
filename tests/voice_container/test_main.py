"""`python -m voice_container`: what the process sets up before it serves."""

import sys

import pytest

import voice_container.__main__ as entry


def test_worker_threads_hand_the_gil_back_to_the_event_loop_within_a_millisecond(monkeypatch):
    # Given the server's run replaced by a look at the process as it would start serving
    seen = {}
    monkeypatch.setattr(entry, "configure_logging", lambda: None)
    monkeypatch.setattr(entry.DrainingServer, "run", lambda self: seen.setdefault("interval", sys.getswitchinterval()))
    before = sys.getswitchinterval()

    # When the runtime's main runs
    try:
        assert entry.main() == 0
    finally:
        sys.setswitchinterval(before)

    # Then a thread running Python (boto3 in a worker) gives the GIL up after 1 ms, not CPython's 5 ms
    assert seen["interval"] == pytest.approx(entry.GIL_SWITCH_INTERVAL_SECONDS) and before == pytest.approx(0.005)
