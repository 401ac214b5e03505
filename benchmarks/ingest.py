"""Event ingest under load: 10k call events through the real Lambda handler against the emulator.

Per event type it reports DynamoDB requests and items written per event, estimated write units (1 KB
units of the item after the write, plus one per GSI an item with index keys is written to: both GSIs
project ALL), and the handler's own time per event with the emulator's share (time inside boto3
calls) subtracted. The emulator's speed is not DynamoDB's: its share is shown separately, not tuned.
"""

from __future__ import annotations

import json
import math
import os
import random
import statistics
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

EVENTS = 10_000
BATCH = 10
DUPLICATE_SHARE = 0.1
WRITE_OPS = {"PutItem", "UpdateItem", "DeleteItem"}


def attribute_size(attribute: dict[str, Any]) -> int:
    """DynamoDB's size rule for one attribute value (UTF-8 strings, ~1 byte per 2 digits, 3 per container)."""
    ((kind, value),) = attribute.items()
    if kind == "S":
        return len(value.encode())
    if kind == "N":
        return math.ceil(len(value) / 2) + 1
    if kind in ("NS", "SS"):
        return sum(len(member) for member in value)
    if kind == "M":
        return 3 + item_size(value)
    if kind == "L":
        return 3 + sum(1 + attribute_size(member) for member in value)
    return 1


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + attribute_size(value) for name, value in item.items())


def call_events(tenant: dict[str, str], rng: random.Random) -> list[Any]:
    from vocadesk.events import CallAnalyzed, CallEnded, CallStarted, CallTranscript, CallTransferred
    from vocadesk.ids import new_id
    from vocadesk.models.calls import CallAnalysis, Recording

    start = datetime.now(UTC)
    ids = dict(tenant, call_id=new_id("call", at=start), channel="phone")
    events: list[Any] = []

    def emit(model: Any, **fields: Any) -> None:
        at = start + timedelta(seconds=len(events) * 3)
        events.append(model(**ids, seq=len(events), occurred_at=at, **fields))

    emit(CallStarted, caller="+14155550100", called="+14155550199", external_id="CA" + "0" * 32)
    for turn in range(rng.randint(10, 50)):
        emit(
            CallTranscript,
            speaker="agent" if turn % 2 == 0 else "caller",
            text="Thanks for calling, how can I help you today? " * rng.randint(1, 3),
            started_ms=turn * 3000,
            ended_ms=turn * 3000 + 2500,
        )
    if rng.random() < 0.2:
        emit(CallTransferred, rule_id="human", destination="+14155550123", mode="cold", result="initiated")
    key = f"account/{tenant['account_id']}/calls/{ids['call_id']}.wav"
    emit(
        CallEnded,
        reason="caller_hangup",
        duration_ms=len(events) * 3000,
        recording=Recording(s3_key=key, duration_ms=len(events) * 3000),
    )
    emit(
        CallAnalyzed,
        analysis=CallAnalysis(
            summary="Booked a cleaning for Tuesday.",
            sentiment="positive",
            captured_data={"full_name": "Ada Lovelace", "reason": "cleaning"},
        ),
    )
    return events


def run() -> list[dict[str, Any]]:
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        POWERTOOLS_METRICS_DISABLED="true",
        POWERTOOLS_LOG_LEVEL="ERROR",
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import boto3
    from moto import mock_aws

    with mock_aws():
        from functions.event_ingest import handler
        from local_platform.lambda_context import LocalLambdaContext
        from local_platform.provision import provision
        from tests.support import Tenant
        from vocadesk.events import envelope
        from vocadesk.settings import get_settings
        from vocadesk.storage.repositories import default_repositories

        settings = get_settings()
        provision(settings, boto3.session.Session())
        repos = default_repositories()
        cast = Tenant(repos, "bench")
        tenant = {"account_id": cast.account_id, "client_id": cast.client.id, "agent_id": cast.agent.id}
        rng = random.Random(7)
        events: list[Any] = []
        while len(events) < EVENTS:
            events += call_events(tenant, rng)
        events = events[:EVENTS]
        s3 = boto3.client("s3")
        for event in events:
            if getattr(event, "recording", None):
                s3.put_object(Bucket=settings.recordings_bucket, Key=event.recording.s3_key, Body=b"RIFF")
        deliveries = [e for e in events for _ in range(2 if rng.random() < DUPLICATE_SHARE else 1)]

        stats: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(float) | {"own_ms": []})
        current: dict[str, Any] = {}
        inspect = boto3.client("dynamodb")  # the benchmark's own reads, not counted

        def remember_params(params: dict[str, Any], **_: Any) -> None:
            current["params"] = params

        def before(**_: Any) -> None:
            current["call_started"] = time.perf_counter()

        def after(model: Any, http_response: Any, **_: Any) -> None:
            params = current["params"]
            elapsed = time.perf_counter() - current["call_started"]
            current["emulator"] += elapsed
            row = stats[current["type"]]
            row["requests"] += 1
            row[f"op:{model.name}"] += 1
            if (model.name in WRITE_OPS and "Key" in params) or "Item" in params:
                key = params.get("Key") or {k: params["Item"][k] for k in ("PK", "SK")}
                measuring = time.perf_counter()
                item = inspect.get_item(TableName=params["TableName"], Key=key).get("Item", {})
                current["benchmark"] += time.perf_counter() - measuring
                row["items_written"] += 1
                row["wcu"] += max(1, math.ceil(item_size(item) / 1024))
                row["wcu"] += sum(1 for gsi in ("GSI1PK", "GSI2PK") if gsi in item)

        original = handler.record_event

        def timed_record(record: Any) -> None:
            current.update(type=json.loads(record.body)["detail-type"], emulator=0.0, benchmark=0.0)
            started = time.perf_counter()
            original(record)
            row = stats[current["type"]]
            row["events"] += 1
            elapsed = time.perf_counter() - started - current["emulator"] - current["benchmark"]
            row["own_ms"].append(elapsed * 1000)
            row["emulator_ms"] += current["emulator"] * 1000

        handler.record_event = timed_record
        handler.call_ingest()  # build clients, then hook them
        clients = [repos.table.client, handler.call_ingest().recordings.client]
        for client in clients:
            client.meta.events.register("provide-client-params.*.*", remember_params)
            client.meta.events.register("before-call.*.*", before)
            client.meta.events.register("after-call.*.*", after)
        context = LocalLambdaContext(function_name="vocadesk-event-ingest")
        for offset in range(0, len(deliveries), BATCH):
            records = [
                {
                    "messageId": str(offset + i),
                    "receiptHandle": "r",
                    "body": json.dumps(envelope(e)),
                    "attributes": {},
                    "messageAttributes": {},
                    "md5OfBody": "",
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q",
                    "awsRegion": "us-east-1",
                }
                for i, e in enumerate(deliveries[offset : offset + BATCH])
            ]
            result = handler.lambda_handler({"Records": records}, context)
            assert not result["batchItemFailures"], result
        handler.record_event = original

    rows = []
    for detail_type, row in sorted(stats.items()):
        n = row["events"]
        own = sorted(row["own_ms"])
        rows.append(
            {
                "event": detail_type,
                "events": int(n),
                "ddb_req/event": round(
                    sum(v for k, v in row.items() if k.startswith("op:") and "Object" not in k) / n, 2
                ),
                "writes/event": round(row["items_written"] / n, 2),
                "wcu/event": round(row["wcu"] / n, 2),
                "own_p50_ms": round(statistics.median(own), 3),
                "own_p99_ms": round(own[int(len(own) * 0.99) - 1], 3),
                "emulator_ms/event": round(row["emulator_ms"] / n, 1),
            }
        )
    return rows


def main() -> None:
    from benchmarks.report import save, table

    rows = run()
    print(table(f"Event ingest: {EVENTS} events (+{DUPLICATE_SHARE:.0%} duplicates), batches of {BATCH}", rows))
    print(f"results: {save('ingest', rows, events=EVENTS, duplicate_share=DUPLICATE_SHARE)}")


if __name__ == "__main__":
    main()
