import json

import pytest

from functions.event_ingest.handler import lambda_handler
from local_platform.lambda_context import LocalLambdaContext
from tests.support import sqs_event, started_envelope
from vocadesk.errors import NotFound

CONTEXT = LocalLambdaContext(function_name="vocadesk-event-ingest")


def test_a_call_started_envelope_stores_the_call(repos, tenant_a):
    envelope = started_envelope(tenant_a)

    result = lambda_handler(sqs_event(json.dumps(envelope)), CONTEXT)

    assert result == {"batchItemFailures": []}
    call = repos.calls.get(tenant_a.account_id, envelope["detail"]["call_id"])
    assert call.status == "in_progress" and call.external_id == envelope["detail"]["external_id"]


def test_delivering_the_same_event_twice_stores_one_call_once(repos, tenant_a):
    body = json.dumps(started_envelope(tenant_a))

    lambda_handler(sqs_event(body, body), CONTEXT)

    assert len(repos.calls.list(tenant_a.account_id, limit=10).items) == 1


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda e: "not json at all",
        lambda e: json.dumps({**e, "detail-type": "call.exploded"}),
        lambda e: json.dumps({**e, "source": "someone.else"}),
        lambda e: json.dumps({k: v for k, v in e.items() if k != "detail"}),
        lambda e: json.dumps({**e, "detail": {**e["detail"], "seq": "first"}}),
        lambda e: json.dumps({**e, "detail": {k: v for k, v in e["detail"].items() if k != "call_id"}}),
    ],
    ids=["not-json", "unknown-type", "foreign-source", "no-detail", "wrong-type", "missing-field"],
)
def test_invalid_events_are_rejected_without_a_write_or_a_retry(repos, tenant_a, corrupt):
    envelope = started_envelope(tenant_a)

    result = lambda_handler(sqs_event(corrupt(envelope)), CONTEXT)

    assert result == {"batchItemFailures": []}  # retrying cannot fix it
    with pytest.raises(NotFound):
        repos.calls.get(tenant_a.account_id, envelope["detail"]["call_id"])


def test_a_storage_failure_fails_only_that_record_so_it_is_retried(repos, tenant_a):
    repos.table.client.delete_table(TableName=repos.table.name)  # every write now fails
    valid = json.dumps(started_envelope(tenant_a))

    result = lambda_handler(sqs_event("not json", valid), CONTEXT)

    assert result == {"batchItemFailures": [{"itemIdentifier": "msg-1"}]}
