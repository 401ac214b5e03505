"""Phone calls end to end: the Twilio caller simulator -> webhook -> media socket -> runtime -> the Realtime
stand-in and back, then the published events through ingest into the call the API reads.

Everything runs in this process on loopback: moto for AWS, uvicorn serving the runtime, the stand-in.
"""

from __future__ import annotations

import asyncio
import json
import socket
import xml.etree.ElementTree as ET
from contextlib import asynccontextmanager

import boto3
import httpx2
import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from functions.event_ingest.handler import lambda_handler as ingest
from local_platform.caller import frames
from local_platform.caller_simulator import Line, place_call
from local_platform.event_delivery import to_sqs_event
from local_platform.lambda_context import LocalLambdaContext
from local_platform.realtime_standin import StandinBehaviour, start_standin
from tests.voice_container.conftest import AUTH_TOKEN, NUMBER, make_runtime, twilio_signature, voice_settings
from vocadesk import calls as call_reads
from vocadesk.models.calls import CallFilter
from voice_container.app import create_app

pytestmark = pytest.mark.slow
CALLER = "+14155550199"


@asynccontextmanager
async def voice_stack(monkeypatch, repos, *, faults: str = "", caller_lines=("Alex Morgan",)):
    """The stand-in and the runtime, serving on free loopback ports until the block ends."""
    standin = await start_standin(behaviour=StandinBehaviour(caller_lines=tuple(caller_lines), pace=2.0))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    model = f"gpt-realtime?standin={faults}" if faults else "gpt-realtime"
    settings = voice_settings(
        monkeypatch, VOCADESK_VOICE_PUBLIC_URL=url, VOCADESK_REALTIME_URL=standin.url, VOCADESK_REALTIME_MODEL=model
    )
    runtime = make_runtime(settings, repos, boto3.client("events"))
    server = uvicorn.Server(
        uvicorn.Config(create_app(runtime), lifespan="on", log_level="warning", ws="websockets-sansio")
    )
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield url, runtime
    finally:
        assert await runtime.publisher.flush(timeout=10)
        server.should_exit = True
        await serving
        await standin.stop()
        sock.close()


def ingest_published(platform) -> list[dict]:
    """Deliver what reached the bus (via its SQS target) to event_ingest, as the Lambda trigger would."""
    sqs = boto3.client("sqs")
    messages = []
    while batch := sqs.receive_message(QueueUrl=platform.queue_url, MaxNumberOfMessages=10).get("Messages"):
        messages += batch
        for message in batch:
            sqs.delete_message(QueueUrl=platform.queue_url, ReceiptHandle=message["ReceiptHandle"])
    event = to_sqs_event(messages, queue_arn="arn:aws:sqs:us-east-1:123456789012:q", region="us-east-1")
    if messages:
        response = ingest(event, LocalLambdaContext(function_name="vocadesk-event_ingest"))
        assert response["batchItemFailures"] == []
    return [json.loads(r["body"])["detail"] for r in event["Records"]]


def the_call(repos, tenant):
    (call,) = repos.calls.list(tenant.account_id, CallFilter(), limit=10).items
    return call_reads.get_detail(repos, tenant.as_owner(), call.id)


async def stream_ended(url: str, call_sid: str) -> ET.Element:
    """What Twilio does when the stream ends: request the `<Connect action>` and play its TwiML."""
    form = {"CallSid": call_sid, "AccountSid": "AC" + "1" * 32}
    signature = twilio_signature(f"{url}/twilio/stream-ended", form)
    async with httpx2.AsyncClient() as http:
        response = await http.post(f"{url}/twilio/stream-ended", data=form, headers={"X-Twilio-Signature": signature})
    return ET.fromstring(response.text)


def test_a_phone_call_is_answered_greeted_questioned_and_stored(monkeypatch, repos, platform, tenant_a, phone_agent):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            return await place_call(
                f"{url}/twilio/voice",
                to=NUMBER,
                from_=CALLER,
                auth_token=AUTH_TOKEN,
                script=["Alex Morgan"],
                pause_after_agent=0.3,
                max_call_seconds=40,
            )

    record = asyncio.run(scenario())
    events = ingest_published(platform)

    assert record.outcome == "stream-closed" and record.time_to_first_audio is not None  # the agent hung up
    call = the_call(repos, tenant_a)
    assert (call.status, call.end_reason, call.caller, call.called) == ("ended", "agent_ended", CALLER, NUMBER)
    assert call.external_id == record.call_sid and call.channel == "phone"
    speakers = [(t.speaker.value, t.text) for t in call.turns]
    assert speakers[0] == ("agent", "Bright Smile Dental, how can I help? May I have your name?")
    assert ("caller", "Alex Morgan") in speakers and speakers[-1][0] == "agent"
    assert call.analysis.captured_data == {"name": "Alex Morgan"}
    # The runtime's latency came with the end: a greeting, at least one answer timed, a pre-warmed provider
    latency = call.latency
    assert latency.greeting_ms > 0 and latency.prewarmed and latency.response_ms.count >= 1
    assert 0 < latency.response_ms.p50_ms <= latency.response_ms.max_ms and latency.barge_ins == 0
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events) and len(
        {e["event_id"] for e in events}
    ) == len(events)


def test_barge_in_clears_the_caller_and_truncates_at_what_was_heard(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            return await place_call(
                f"{url}/twilio/voice",
                to=NUMBER,
                from_=CALLER,
                auth_token=AUTH_TOKEN,
                script=[Line("Alex Morgan", barge_in_after_ms=800)],
                pause_after_agent=0.3,
                max_call_seconds=40,
            )

    record = asyncio.run(scenario())
    ingest_published(platform)

    (turn, *_) = record.turns
    assert turn.over_agent and turn.barge_in_latency is not None and len(record.clears) >= 1
    call = the_call(repos, tenant_a)
    greeting = call.turns[0]
    heard = greeting.ended_ms - greeting.started_ms
    # cut where the caller came in (800 ms heard, + the VAD's onset, - how late the last echoed mark reached the
    # runtime: the caller echoes on its next 20 ms tick), not at the whole greeting sent
    assert greeting.interrupted and 750 <= heard < 2500
    assert call.latency.barge_ins >= 1 and call.latency.barge_in_ms.count >= 1  # timed until the clear went out


def test_a_provider_that_refuses_the_session_gets_the_caller_an_apology(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    async def scenario():
        async with voice_stack(monkeypatch, repos, faults="reject:500") as (url, _):
            record = await place_call(
                f"{url}/twilio/voice",
                to=NUMBER,
                from_=CALLER,
                auth_token=AUTH_TOKEN,
                script=["Hello?"],
                max_call_seconds=20,
            )
            return record, await stream_ended(url, record.call_sid)

    record, next_twiml = asyncio.run(scenario())
    ingest_published(platform)

    assert record.outcome == "stream-closed" and record.time_to_first_audio is None
    assert [e.tag for e in next_twiml] == ["Say", "Hangup"] and "unavailable" in next_twiml.find("Say").text
    call = the_call(repos, tenant_a)
    assert (call.status, call.end_reason) == ("ended", "provider_error")


def test_a_provider_dropping_mid_call_still_ends_the_call_with_its_transcript(
    monkeypatch, repos, platform, tenant_a, phone_agent
):
    async def scenario():
        async with voice_stack(monkeypatch, repos, faults="drop_after_ms:2500") as (url, _):
            record = await place_call(
                f"{url}/twilio/voice",
                to=NUMBER,
                from_=CALLER,
                auth_token=AUTH_TOKEN,
                script=["Alex Morgan"],
                pause_after_agent=0.3,
                max_call_seconds=30,
            )
            return record, await stream_ended(url, record.call_sid)

    _, next_twiml = asyncio.run(scenario())
    ingest_published(platform)

    call = the_call(repos, tenant_a)
    assert (call.status, call.end_reason) == ("ended", "provider_error")
    assert call.turns and call.turns[0].speaker.value == "agent"  # what was said before the drop is kept
    assert "unavailable" in next_twiml.find("Say").text


def test_a_media_socket_without_a_valid_unused_token_is_closed(monkeypatch, repos, platform, tenant_a, phone_agent):
    async def start_with(url: str, token: str) -> int | None:
        async with connect(url.replace("http", "ws") + "/twilio/media") as socket_:
            await socket_.send(frames.connected())
            await socket_.send(frames.start(1, "MZ" + "0" * 32, "AC" + "1" * 32, "CA" + "2" * 32, {"token": token}))
            try:
                async with asyncio.timeout(5):
                    async for _ in socket_:
                        pass
            except TimeoutError:
                return None
            except ConnectionClosed:
                pass
            return socket_.close_code

    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, runtime):
            form = {"To": NUMBER, "From": CALLER, "CallSid": "CA" + "3" * 32}
            signature = twilio_signature(f"{url}/twilio/voice", form)
            async with httpx2.AsyncClient() as http:
                answer = await http.post(f"{url}/twilio/voice", data=form, headers={"X-Twilio-Signature": signature})
            token = ET.fromstring(answer.text).find("Connect/Stream/Parameter").get("value")
            runtime.tokens.redeem(token)  # spent, as if its call already connected
            return await start_with(url, "forged.token.value"), await start_with(url, token)

    forged, reused = asyncio.run(scenario())

    assert forged == reused == 1008
    assert repos.calls.list(tenant_a.account_id, CallFilter(), limit=10).items == []


def test_sigterm_drain_ends_live_calls_and_flushes_their_events(monkeypatch, repos, platform, tenant_a, phone_agent):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, runtime):
            call = asyncio.create_task(
                place_call(
                    f"{url}/twilio/voice",
                    to=NUMBER,
                    from_=CALLER,
                    auth_token=AUTH_TOKEN,
                    script=["Alex Morgan"],
                    max_call_seconds=30,
                )
            )
            while not runtime.calls:
                await asyncio.sleep(0.05)
            async with httpx2.AsyncClient() as http:
                draining = asyncio.create_task(runtime.drain(timeout=0.5))  # what SIGTERM starts
                await asyncio.sleep(0.1)
                health = await http.get(f"{url}/healthz")
                metrics = (await http.get(f"{url}/metrics")).text
                await draining
            return await call, health, metrics

    record, health, metrics = asyncio.run(scenario())
    ingest_published(platform)

    assert health.status_code == 503 and health.json()["status"] == "draining"
    assert "vocadesk_voice_active_calls 1" in metrics and "vocadesk_voice_first_audio_ms_count" in metrics
    gauges = dict(line.rsplit(" ", 1) for line in metrics.splitlines() if "queue" in line)
    assert int(gauges["vocadesk_voice_provider_queue_frames_max"]) <= 5  # a live call, nothing backed up
    assert int(gauges["vocadesk_voice_caller_queue_ms_max"]) >= 0 and "caller_queue_ms_max" in health.json()
    assert record.outcome == "stream-closed"
    call = the_call(repos, tenant_a)
    assert (call.status, call.end_reason) == ("ended", "shutdown") and call.turns
