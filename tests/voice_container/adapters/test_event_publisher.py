"""The publisher against EventBridge in moto: batched, kept through an outage, flushed at shutdown."""

import asyncio
import json
from datetime import UTC, datetime

import boto3

from vocadesk.events import CallStarted, CallTranscript
from voice_container.adapters.event_publisher import EventPublisher

T0 = datetime(2026, 11, 25, 17, tzinfo=UTC)


def events_of(tenant, n):
    ids = tenant.new_call(at=T0)
    started = [CallStarted(**ids, seq=0, occurred_at=T0)]
    turns = [
        CallTranscript(**ids, seq=i, occurred_at=T0, speaker="caller", text=f"turn {i}", started_ms=i, ended_ms=i)
        for i in range(1, n)
    ]
    return started + turns


def received(platform):
    sqs = boto3.client("sqs")
    bodies = []
    while True:
        messages = sqs.receive_message(QueueUrl=platform.queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=platform.queue_url, ReceiptHandle=message["ReceiptHandle"])


def counted_events_client():
    """An EventBridge client, and the number of entries of each PutEvents it sends, in order."""
    client, calls = boto3.client("events"), []
    client.meta.events.register(
        "provide-client-params.events.PutEvents", lambda params, **_: calls.append(len(params["Entries"]))
    )
    return client, calls


def test_events_reach_the_bus_in_batches_of_at_most_ten(platform, tenant_a):
    client, calls = counted_events_client()
    publisher = EventPublisher("vocadesk-calls", lambda: client, linger_seconds=0)

    async def scenario():
        runner = asyncio.create_task(publisher.run())
        for event in events_of(tenant_a, 23):
            publisher.emit(event)
        assert await publisher.flush(timeout=10)
        runner.cancel()

    asyncio.run(scenario())

    bodies = received(platform)
    assert sorted(b["detail"]["seq"] for b in bodies) == list(range(23))
    assert {b["source"] for b in bodies} == {"vocadesk.voice"} and max(calls) <= 10 and sum(calls) == 23


def test_a_trickle_of_events_goes_out_as_full_requests_and_the_rest_after_the_linger(platform, tenant_a):
    client, calls = counted_events_client()
    publisher = EventPublisher("vocadesk-calls", lambda: client, linger_seconds=60)

    async def scenario():
        runner = asyncio.create_task(publisher.run())
        for event in events_of(tenant_a, 23):  # one at a time, the publisher awake in between
            publisher.emit(event)
            await asyncio.sleep(0)
        # The two full batches go without waiting for the (minute-long) linger; the last three wait for it.
        async with asyncio.timeout(30):
            while publisher.published < 20:
                await asyncio.sleep(0.01)
        assert calls == [10, 10] and publisher.pending == 3
        runner.cancel()

    asyncio.run(scenario())

    quick = EventPublisher("vocadesk-calls", lambda: client, linger_seconds=0.05)

    async def the_rest():
        runner = asyncio.create_task(quick.run())
        quick.emit(events_of(tenant_a, 1)[0])
        assert await quick.flush(timeout=10)
        runner.cancel()

    asyncio.run(the_rest())
    assert calls == [10, 10, 1]


def test_an_outage_keeps_the_events_and_they_go_out_once_the_bus_is_back(platform, tenant_a):
    client = boto3.client("events")
    publisher = EventPublisher("vocadesk-calls", lambda: client, linger_seconds=0, max_backoff_seconds=0.05)
    outage = {"on": True}

    def fail_while_down(**_):
        if outage["on"]:
            raise ConnectionError("bus unreachable")

    client.meta.events.register("before-send.events.PutEvents", fail_while_down)

    async def scenario():
        runner = asyncio.create_task(publisher.run())
        for event in events_of(tenant_a, 5):
            publisher.emit(event)
        # Nothing gets through while the bus is down, however often it is tried (waited for, not timed: a busy
        # machine may take longer than any fixed wait to make the second attempt).
        async with asyncio.timeout(30):
            while publisher.failures < 2:
                await asyncio.sleep(0.01)
        assert publisher.pending == 5 and not await publisher.flush(timeout=0.05)
        outage["on"] = False
        assert await publisher.flush(timeout=5)
        runner.cancel()

    asyncio.run(scenario())

    assert sorted(b["detail"]["seq"] for b in received(platform)) == [0, 1, 2, 3, 4]


def test_a_full_buffer_drops_the_oldest_event(tenant_a):
    publisher = EventPublisher("vocadesk-calls", lambda: None, max_buffered=3)

    for event in events_of(tenant_a, 5):
        publisher.emit(event)

    assert publisher.pending == 3 and publisher.dropped == 2
