"""How `make call` prints the stored call: the latency the runtime reported, one line per kind of wait."""

from local_platform.caller.stored_call import format_call

CALL = {"id": "call_1", "status": "ended", "end_reason": "agent_ended", "duration_ms": 20_804, "turns": []}


def test_the_latency_lines_name_the_greeting_the_answers_and_the_barge_ins():
    latency = {
        "greeting_ms": 21,
        "provider_connect_ms": 0,
        "prewarmed": True,
        "response_ms": {"count": 3, "p50_ms": 640, "p95_ms": 910, "max_ms": 910},
        "barge_ins": 1,
        "barge_in_ms": {"count": 1, "p50_ms": 1, "p95_ms": 1, "max_ms": 1},
    }

    printed = format_call(CALL | {"latency": latency}).splitlines()

    assert printed[-3:] == [
        "  latency: greeting 21 ms, provider connect 0 ms (pre-warmed)",
        "  latency: 3 answers: p50 640 ms, p95 910 ms, max 910 ms",
        "  latency: 1 barge-in, stopped in p50 1 ms, p95 1 ms, max 1 ms",
    ]


def test_a_call_without_answers_or_barge_ins_prints_only_what_was_measured():
    latency = {"greeting_ms": None, "provider_connect_ms": 340, "prewarmed": False, "barge_ins": 0}

    printed = format_call(CALL | {"latency": latency}).splitlines()

    assert printed[-1] == "  latency: greeting -, provider connect 340 ms (opened on start)"
    assert "latency" not in format_call(CALL | {"latency": None})
