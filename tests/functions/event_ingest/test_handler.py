"""The ingest Lambda fed SQS batches of EventBridge envelopes, as the event source mapping feeds it."""

import json
from datetime import datetime, timedelta

import boto3
import pytest

from functions.event_ingest.handler import lambda_handler
from local_platform.lambda_context import LocalLambdaContext
from tests.support import sqs_event, started_envelope
from vocadesk.errors import NotFound
from vocadesk.events import CallAnalyzed, CallEnded, CallTranscript, CallTransferred, envelope
from vocadesk.models.calls import CallAnalysis, CallFilter, Recording
from vocadesk.settings import get_settings

CONTEXT = LocalLambdaContext(function_name="vocadesk-event-ingest")


def dead_letters(platform):
    messages = (
        boto3.client("sqs")
        .receive_message(QueueUrl=platform.dead_letter_queue_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
        .get("Messages", [])
    )
    return [(m["Body"], m["MessageAttributes"]["reason"]["StringValue"]) for m in messages]


def later(envelope_, event_type, seq, **fields):
    """Another event of the same call as a started envelope, `seq` ms later."""
    detail = envelope_["detail"]
    common = {k: detail[k] for k in ("account_id", "client_id", "agent_id", "call_id", "channel")}
    at = datetime.fromisoformat(detail["occurred_at"]) + timedelta(seconds=seq)
    return json.dumps(envelope(event_type(**common, seq=seq, occurred_at=at, **fields)))


def test_a_call_started_envelope_stores_the_call(repos, tenant_a, platform):
    body = started_envelope(tenant_a)

    result = lambda_handler(sqs_event(json.dumps(body)), CONTEXT)

    assert result == {"batchItemFailures": []}
    call = repos.calls.get(tenant_a.account_id, body["detail"]["call_id"])
    assert call.status == "in_progress" and call.external_id == body["detail"]["external_id"]


def test_every_event_type_lands_on_the_call(repos, tenant_a, platform):
    start = started_envelope(tenant_a)
    key = f"account/{tenant_a.account_id}/calls/{start['detail']['call_id']}.wav"
    boto3.client("s3").put_object(Bucket=get_settings().recordings_bucket, Key=key, Body=b"RIFF")
    bodies = [
        json.dumps(start),
        later(start, CallTranscript, 1, speaker="agent", text="Hello!", started_ms=0, ended_ms=900),
        later(start, CallTranscript, 2, speaker="caller", text="Hi, a person please", started_ms=1200, ended_ms=2500),
        later(start, CallTransferred, 3, rule_id="human", destination="+14155550123", mode="cold", result="initiated"),
        later(
            start,
            CallEnded,
            4,
            reason="transferred",
            duration_ms=4001,
            recording=Recording(s3_key=key, duration_ms=4001, format="wav"),
        ),
        later(
            start,
            CallAnalyzed,
            5,
            analysis=CallAnalysis(summary="Wanted a person", sentiment="neutral", captured_data={"intent": "human"}),
        ),
    ]

    assert lambda_handler(sqs_event(*bodies), CONTEXT) == {"batchItemFailures": []}

    call = repos.calls.get(tenant_a.account_id, start["detail"]["call_id"])
    turns = repos.calls.turns(tenant_a.account_id, call.id, limit=10).items
    assert (call.status, call.end_reason, call.duration_ms, call.billable_seconds) == ("ended", "transferred", 4001, 5)
    assert (call.turn_count, call.caller_turns, call.agent_turns) == (2, 1, 1)
    assert call.transfer.destination == "+14155550123" and call.recording.s3_key == key
    assert call.analysis.captured_data == {"intent": "human"}
    assert [(t.seq, t.speaker, t.text) for t in turns] == [(1, "agent", "Hello!"), (2, "caller", "Hi, a person please")]


def test_delivering_the_same_event_twice_stores_it_once(repos, tenant_a, platform):
    start = started_envelope(tenant_a)
    transcript = later(start, CallTranscript, 1, speaker="caller", text="Hi", started_ms=0, ended_ms=500)

    lambda_handler(sqs_event(json.dumps(start), transcript, transcript, json.dumps(start)), CONTEXT)

    assert len(repos.calls.list(tenant_a.account_id, CallFilter(), limit=10).items) == 1
    assert repos.calls.get(tenant_a.account_id, start["detail"]["call_id"]).turn_count == 1


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda e: "not json at all",
        lambda e: json.dumps({**e, "detail-type": "call.exploded"}),
        lambda e: json.dumps({**e, "source": "someone.else"}),
        lambda e: json.dumps({k: v for k, v in e.items() if k != "detail"}),
        lambda e: json.dumps({**e, "detail": {**e["detail"], "seq": "first"}}),
        lambda e: json.dumps({**e, "detail": {k: v for k, v in e["detail"].items() if k != "call_id"}}),
        lambda e: json.dumps({**e, "detail": {**e["detail"], "agent_id": "agt_" + "7" * 26}}),
        lambda e: json.dumps({**e, "detail": {**e["detail"], "client_id": "cli_" + "7" * 26}}),
    ],
    ids=[
        "not-json",
        "unknown-type",
        "foreign-source",
        "no-detail",
        "wrong-type",
        "missing-field",
        "unknown-agent",
        "agent-of-another-client",
    ],
)
def test_invalid_events_go_to_the_dead_letter_queue_without_a_write_or_a_retry(repos, tenant_a, platform, corrupt):
    body = corrupt(started_envelope(tenant_a))

    result = lambda_handler(sqs_event(body), CONTEXT)

    assert result == {"batchItemFailures": []}  # retrying cannot fix it
    assert repos.calls.list(tenant_a.account_id, CallFilter(), limit=10).items == []
    [(dead_body, reason)] = dead_letters(platform)
    assert dead_body == body and reason


def test_an_event_naming_another_accounts_agent_is_rejected(repos, tenant_a, tenant_b, platform):
    body = started_envelope(tenant_a)
    body["detail"]["account_id"] = tenant_b.account_id  # B's account, A's agent and client

    lambda_handler(sqs_event(json.dumps(body)), CONTEXT)

    with pytest.raises(NotFound):
        repos.calls.get(tenant_b.account_id, body["detail"]["call_id"])
    assert "does not exist" in dead_letters(platform)[0][1]


def test_a_recording_outside_the_calls_account_is_rejected(repos, tenant_a, tenant_b, platform):
    start = started_envelope(tenant_a)
    foreign = f"account/{tenant_b.account_id}/calls/secret.wav"
    ended = later(
        start,
        CallEnded,
        1,
        reason="caller_hangup",
        duration_ms=1000,
        recording=Recording(s3_key=foreign, duration_ms=1000),
    )

    lambda_handler(sqs_event(ended), CONTEXT)

    assert repos.calls.list(tenant_a.account_id, CallFilter(), limit=10).items == []
    assert "outside" in dead_letters(platform)[0][1]


def test_a_missing_recording_object_still_ends_the_call_without_it(repos, tenant_a, platform):
    start = started_envelope(tenant_a)
    key = f"account/{tenant_a.account_id}/calls/never-uploaded.wav"
    ended = later(
        start, CallEnded, 1, reason="caller_hangup", duration_ms=1000, recording=Recording(s3_key=key, duration_ms=1000)
    )

    lambda_handler(sqs_event(json.dumps(start), ended), CONTEXT)

    call = repos.calls.get(tenant_a.account_id, start["detail"]["call_id"])
    assert call.status == "ended" and call.recording is None


def test_a_storage_failure_fails_only_that_record_so_it_is_retried(repos, tenant_a, platform):
    repos.table.client.delete_table(TableName=repos.table.name)  # every read and write now fails
    valid = json.dumps(started_envelope(tenant_a))

    result = lambda_handler(sqs_event("not json", valid), CONTEXT)

    assert result == {"batchItemFailures": [{"itemIdentifier": "msg-1"}]}
    assert [body for body, _ in dead_letters(platform)] == ["not json"]


def test_when_the_dead_letter_queue_is_unreachable_the_record_is_retried(tenant_a, platform):
    boto3.client("sqs").delete_queue(QueueUrl=platform.dead_letter_queue_url)

    result = lambda_handler(sqs_event("not json"), CONTEXT)

    assert result == {"batchItemFailures": [{"itemIdentifier": "msg-0"}]}


def test_stored_and_rejected_events_are_counted_as_emf_metrics(tenant_a, platform, monkeypatch, capsys):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")

    lambda_handler(sqs_event(json.dumps(started_envelope(tenant_a)), "not json"), CONTEXT)

    [emf] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"CloudWatchMetrics"' in line]
    assert emf["StoredEvents"] == [1.0] and emf["RejectedEvents"] == [1.0]
