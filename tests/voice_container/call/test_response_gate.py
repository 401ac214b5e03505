"""voice_container/call/response_gate.py: one response at a time, none lost."""

from voice_container.call.response_gate import ALREADY_ACTIVE, ResponseGate


def gate() -> tuple[ResponseGate, list[dict]]:
    sent: list[dict] = []
    return ResponseGate(sent.append), sent


def test_an_idle_model_is_asked_at_once():
    responses, sent = gate()
    responses.request({"type": "response.create"})
    assert sent == [{"type": "response.create"}] and responses.active


def test_a_request_during_a_response_goes_when_it_ends():
    responses, sent = gate()
    responses.created()  # e.g. server VAD started one
    responses.request({"type": "response.create", "n": 1})
    assert sent == []
    responses.done()
    assert sent == [{"type": "response.create", "n": 1}] and responses.active


def test_waiting_requests_go_one_per_finished_response():
    responses, sent = gate()
    responses.created()
    responses.request({"n": 1})
    responses.request({"n": 2})
    responses.done()
    assert sent == [{"n": 1}]
    responses.done()
    assert sent == [{"n": 1}, {"n": 2}]
    responses.done()
    assert sent == [{"n": 1}, {"n": 2}] and not responses.active


def test_a_refused_request_waits_for_the_running_response():
    responses, sent = gate()
    responses.request({"n": 1})  # raced a response the server started itself
    responses.refused(ALREADY_ACTIVE)
    responses.done()  # the server's response ends
    assert sent == [{"n": 1}, {"n": 1}]


def test_other_errors_do_not_resend():
    responses, sent = gate()
    responses.request({"n": 1})
    responses.refused("invalid_value")
    responses.done()
    assert sent == [{"n": 1}]


def test_the_oldest_waiting_request_is_dropped_past_the_limit():
    sent: list[dict] = []
    responses = ResponseGate(sent.append, max_waiting=2)
    responses.created()
    for n in range(3):
        responses.request({"n": n})
    responses.done()
    responses.done()
    assert sent == [{"n": 1}, {"n": 2}]
