import json
from datetime import UTC, datetime

import pytest
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from tests.support import load_event
from vocadesk.errors import Invalid
from vocadesk.events import (
    DETAIL_TYPES,
    EVENT_MODELS,
    INGEST_RULE_PATTERN,
    CallEnded,
    CallStarted,
    envelope,
    parse_detail,
    put_events_entry,
)
from vocadesk.ids import new_id

NOW = datetime(2026, 11, 25, 17, tzinfo=UTC)


def started(**overrides):
    fields = dict(
        account_id=new_id("acc"),
        client_id=new_id("cli"),
        agent_id=new_id("agt"),
        call_id=new_id("call"),
        channel="phone",
        seq=0,
        occurred_at=NOW,
    )
    return CallStarted(**(fields | overrides))


def test_the_contract_names_exactly_the_five_call_events():
    assert set(DETAIL_TYPES) == {"call.started", "call.transcript", "call.transferred", "call.ended", "call.analyzed"}
    assert {"source": ["vocadesk.voice"], "detail-type": list(DETAIL_TYPES)} == INGEST_RULE_PATTERN


def test_every_event_carries_the_common_fields():
    common = {"event_id", "account_id", "client_id", "agent_id", "call_id", "channel", "seq", "occurred_at"}

    for model in EVENT_MODELS.values():
        assert common <= set(model.model_fields)


def test_a_sample_envelope_from_the_bus_parses_into_its_event():
    sample = EventBridgeModel.model_validate(load_event("eventbridge_call_started.json"))

    event = parse_detail(sample.detail_type, sample.detail)

    assert isinstance(event, CallStarted)
    assert event.caller == "+14155550100"
    assert event.occurred_at == datetime(2026, 11, 25, 17, 0, 0, 250_000, tzinfo=UTC)


def test_put_events_entry_and_envelope_round_trip_to_the_same_event():
    event = started(caller="+14155550100")

    entry = put_events_entry(event, bus_name="vocadesk-calls")
    received = EventBridgeModel.model_validate(envelope(event))

    assert entry["Source"] == "vocadesk.voice" and entry["DetailType"] == "call.started"
    assert parse_detail(entry["DetailType"], json.loads(entry["Detail"])) == event
    assert parse_detail(received.detail_type, received.detail) == event


def test_unknown_detail_type_is_refused_by_name():
    with pytest.raises(Invalid) as exc:
        parse_detail("call.exploded", {})

    assert exc.value.field == "detail-type"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seq": -1}, "detail.seq"),
        ({"seq": "first"}, "detail.seq"),
        ({"channel": "fax"}, "detail.channel"),
        ({"occurred_at": "2026-11-25T17:00:00"}, "detail.occurred_at"),  # no timezone
        ({"account_id": "acme"}, "detail.account_id"),
    ],
)
def test_bad_details_name_the_field(change, field):
    detail = json.loads(started().model_dump_json()) | change

    with pytest.raises(Invalid) as exc:
        parse_detail("call.started", detail)

    assert exc.value.field == field


def test_fields_from_a_newer_publisher_are_ignored():
    event = started()
    detail = json.loads(event.model_dump_json()) | {"added_in_v2": True}

    assert parse_detail("call.started", detail) == event


def test_missing_fields_are_named():
    detail = json.loads(started().model_dump_json())
    del detail["call_id"]

    with pytest.raises(Invalid) as exc:
        parse_detail("call.started", detail)

    assert exc.value.field == "detail.call_id"


def test_ended_requires_a_reason_from_the_list():
    base = json.loads(started().model_dump_json(exclude={"caller", "called", "external_id"}))

    with pytest.raises(Invalid):
        parse_detail("call.ended", base | {"reason": "bored", "duration_ms": 1000})
    assert isinstance(parse_detail("call.ended", base | {"reason": "caller_hangup", "duration_ms": 1000}), CallEnded)


LATENCY = {
    "greeting_ms": 820,
    "provider_connect_ms": 0,
    "prewarmed": True,
    "response_ms": {"count": 3, "p50_ms": 640, "p95_ms": 910, "max_ms": 910},
    "barge_ins": 1,
    "barge_in_ms": {"count": 1, "p50_ms": 2, "p95_ms": 2, "max_ms": 2},
}


def ended_detail(**fields) -> dict:
    base = json.loads(started().model_dump_json(exclude={"caller", "called", "external_id"}))
    return base | {"reason": "caller_hangup", "duration_ms": 61_000} | fields


def test_ended_from_a_runtime_before_latency_parses_without_it():
    event = parse_detail("call.ended", ended_detail())

    assert isinstance(event, CallEnded) and event.latency is None


def test_ended_carries_the_runtimes_latency_through_the_bus_unchanged():
    event = parse_detail("call.ended", ended_detail(latency=LATENCY))

    received = EventBridgeModel.model_validate(envelope(event))
    entry = put_events_entry(event, bus_name="vocadesk-calls")

    assert isinstance(event, CallEnded) and event.latency is not None
    assert event.latency.model_dump() == LATENCY
    assert parse_detail(received.detail_type, received.detail) == event
    assert parse_detail(entry["DetailType"], json.loads(entry["Detail"])) == event


def test_latency_from_a_newer_runtime_keeps_what_this_one_knows():
    newer = LATENCY | {"jitter_ms": 12, "response_ms": LATENCY["response_ms"] | {"p99_ms": 950}}
    without_answers = {"greeting_ms": 700}  # nothing else measured: every other figure has its default

    event = parse_detail("call.ended", ended_detail(latency=newer))
    sparse = parse_detail("call.ended", ended_detail(latency=without_answers))

    assert isinstance(event, CallEnded) and event.latency is not None
    assert event.latency.model_dump() == LATENCY
    assert isinstance(sparse, CallEnded) and sparse.latency is not None
    assert (sparse.latency.response_ms, sparse.latency.barge_ins, sparse.latency.prewarmed) == (None, 0, False)


def test_a_negative_or_empty_latency_figure_is_named():
    with pytest.raises(Invalid) as negative:
        parse_detail("call.ended", ended_detail(latency={"greeting_ms": -5}))
    with pytest.raises(Invalid) as empty:
        parse_detail("call.ended", ended_detail(latency={"response_ms": {"count": 0, "p50_ms": 0, "p95_ms": 0}}))

    assert negative.value.field == "detail.latency.greeting_ms"
    assert empty.value.field.startswith("detail.latency.response_ms")
