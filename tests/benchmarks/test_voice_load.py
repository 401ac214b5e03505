"""The voice load benchmark's own machinery: frame tags survive the trip, and a two-call step measures
every column (relay both ways, barge-in, greeting, runtime CPU and memory) from all its processes (the
stand-in's workers and the caller processes each see part of the calls: their logs are merged).

Numbers are the benchmark's business (`python -m benchmarks voice_load`); this checks it still works.
"""

import tempfile
from pathlib import Path

import pytest

from benchmarks import voice_load


def test_a_tag_written_into_a_payload_reads_back_and_keeps_the_rest_of_the_audio():
    # Given a 20 ms μ-law frame as base64
    payload = "f39/fw" * 36  # 216 characters, 162 bytes

    # When a tag is stamped into its head
    tagged = voice_load._retag(payload, 0, 0x1234_5678)

    # Then it reads back, and only the first 8 samples changed
    assert voice_load.tag_of(tagged[: voice_load.TAG_CHARS]) == 0x1234_5678
    assert tagged[voice_load.TAG_CHARS :] == payload[voice_load.TAG_CHARS :] and len(tagged) == len(payload)


def test_an_untagged_payload_has_no_tag():
    assert voice_load.tag_of("f39/f39/f39/") is None  # 0x7f: quiet, but not one of the tag's codes


@pytest.mark.slow
def test_two_calls_are_measured_end_to_end():
    # Given the emulator, When two calls run through a fresh stand-in and runtime
    platform = voice_load.Platform(Path(tempfile.mkdtemp(prefix="voice_load-test-")))
    try:
        row = voice_load.run_step(platform, 2, ramp=0.5, quiet_wait=0)
    finally:
        platform.close()

    # Then every measurement has data behind it (how good the numbers are is the benchmark's business: on a
    # busy machine a call may go wrong without the harness being broken)
    details = row["details"]
    assert row["ok"] + row["failed"] == 2 and row["ok"] >= 1
    assert [call["index"] for call in details["calls"]] == [0, 1]  # one from each caller process
    assert details["relay"]["up_n"] > 1000 and details["relay"]["down_n"] > 100  # tags joined both ways
    barge_ins_per_call = sum(barge is not None for _, barge in voice_load.LOAD_SCRIPT_TEXT)
    assert details["barge_in"]["attempted"] == 2 * barge_ins_per_call and row["barge_p50"] is not None
    assert details["greeting"]["n"] >= 1 and details["greeting"]["lookup_p50"] > 0
    assert row["cpu_pct"] > 0 and row["rss_mib"] > 0 and details["runtime_loop_lag_ms"]["p99"] is not None
