"""Web and test calls end to end: a browser on `WS /web` (local_platform.web_caller) -> runtime -> the Realtime
stand-in and back, then the published events through ingest into the call the API reads. Tokens are minted
with `vocadesk.call_tokens`, as the embed gateway and the Management API mint them.
"""

from __future__ import annotations

import asyncio
import time

import jwt
import pytest

from local_platform.caller.record import Line
from local_platform.web_caller import WebCall, place_web_call
from tests.voice_container.test_phone_calls import ingest_published, the_call, voice_stack
from vocadesk.call_tokens import CallGrant, CallTokens
from vocadesk.models.calls import CallFilter

pytestmark = pytest.mark.slow
KEYS = [("k2", "n" * 32), ("k1", "o" * 32)]
PAGE = "https://shop.example.com"
DASHBOARD = "https://app.vocadesk.example"
USER = "usr_owner_1"


def mint(agent, *, channel: str = "web", origin: str = PAGE, clock=time.time, agent_id: str | None = None) -> str:
    grant = CallGrant(
        account_id=agent.account_id,
        client_id=agent.client_id,
        agent_id=agent_id or agent.id,
        channel=channel,
        origin=origin,
        embed_id="emb_1" if channel == "web" else None,
        user_id=USER if channel == "test" else None,
    )
    token, _ = CallTokens(KEYS, clock=clock).issue(grant, ttl_seconds=60)
    return token


def web_url(url: str) -> str:
    return url.replace("http://", "ws://") + "/web"


def calls_of(repos, tenant):
    return repos.calls.list(tenant.account_id, CallFilter(), limit=10).items


@pytest.fixture
def call_token_keys(monkeypatch):
    monkeypatch.setenv("VOCADESK_CALL_TOKEN_KEYS", ",".join(f"{kid}:{secret}" for kid, secret in KEYS))


def test_a_web_call_is_greeted_heard_and_stored(monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            return await place_web_call(
                web_url(url), mint(phone_agent), origin=PAGE, script=["Alex Morgan"], pause_after_agent=0.3
            )

    record = asyncio.run(scenario())
    ingest_published(platform)

    # The browser: ready, the greeting as PCM16 24 kHz, a mark after every chunk (all echoed), live transcript
    assert (record.channel, record.sample_rate, record.error_code) == ("web", 24000, None)
    assert record.audio_samples_received > 2 * 24000  # seconds of agent speech, not a blip
    received, echoed = [n for _, n in record.marks_received], [n for _, n in record.marks_echoed]
    assert len(received) >= 10 and echoed == received[: len(echoed)] and len(echoed) >= len(received) - 2
    assert record.transcripts[0] == ("agent", "Bright Smile Dental, how can I help? May I have your name?")
    assert ("caller", "Alex Morgan") in record.transcripts
    assert (record.outcome, record.end_reason, record.close_code) == ("ended", "agent_ended", 1000)
    assert record.turns[0].reply_latency is not None  # the agent answered what it heard
    # The platform: the same call, as a web call from that page, with its turns and captured answer
    call = the_call(repos, tenant_a)
    assert (call.id, call.channel, call.caller, call.end_reason) == (record.call_id, "web", PAGE, "agent_ended")
    speakers = [(t.speaker.value, t.text) for t in call.turns]
    assert speakers[0] == ("agent", "Bright Smile Dental, how can I help? May I have your name?")
    assert ("caller", "Alex Morgan") in speakers
    assert call.analysis.captured_data == {"name": "Alex Morgan"}
    # The latency the runtime measured: the session opened on start (nothing pre-warms a browser call)
    assert call.latency.greeting_ms > 0 and not call.latency.prewarmed and call.latency.response_ms.count >= 1


def test_a_test_call_in_text_mode_takes_typed_turns(
    monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys
):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            token = mint(phone_agent, channel="test", origin=DASHBOARD)
            return await place_web_call(
                web_url(url), token, origin=DASHBOARD, script=["Sam Lee"], typed=True, pause_after_agent=0.2
            )

    record = asyncio.run(scenario())
    ingest_published(platform)

    assert record.channel == "test" and record.frames_sent == 0  # no microphone at all
    assert ("caller", "Sam Lee") in record.transcripts and record.end_reason == "agent_ended"
    call = the_call(repos, tenant_a)
    assert (call.channel, call.caller, call.end_reason) == ("test", USER, "agent_ended")
    assert ("caller", "Sam Lee") in [(t.speaker.value, t.text) for t in call.turns]
    assert call.analysis.captured_data == {"name": "Sam Lee"}
    assert call.latency.greeting_ms > 0 and call.latency.response_ms.count >= 1  # a typed turn is answered too


def test_barge_in_on_a_web_call_clears_the_browser(
    monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys
):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            script = [Line("Alex Morgan", barge_in_after_ms=800)]
            return await place_web_call(web_url(url), mint(phone_agent), origin=PAGE, script=script)

    record = asyncio.run(scenario())
    ingest_published(platform)

    (turn, *_) = record.turns
    assert turn.over_agent and record.clears and turn.barge_in_latency is not None
    call = the_call(repos, tenant_a)
    greeting = call.turns[0]
    # Cut where the caller was: after the 800 ms heard, less how late the last echoed mark reached the runtime
    # (the browser echoes on its next 20 ms tick), not at the whole greeting sent
    assert greeting.interrupted and 750 <= greeting.ended_ms - greeting.started_ms < 2500
    assert call.latency.barge_ins >= 1 and call.latency.barge_in_ms.count >= 1


def expired(agent):
    return mint(agent, clock=lambda: time.time() - 400)


def tampered(agent):
    header, payload, signature = mint(agent).split(".")
    return ".".join([header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")])


def for_another_audience(agent):
    claims = {"account_id": agent.account_id, "client_id": agent.client_id, "agent_id": agent.id, "channel": "web"}
    now = int(time.time())
    claims |= {"origin": PAGE, "aud": "vocadesk-api", "iat": now, "exp": now + 60, "jti": "j1"}
    return jwt.encode(claims, KEYS[0][1], algorithm="HS256", headers={"kid": KEYS[0][0]})


@pytest.mark.parametrize(
    ("token_of", "origin", "code"),
    [
        (expired, PAGE, "token_invalid"),
        (tampered, PAGE, "token_invalid"),
        (for_another_audience, PAGE, "token_invalid"),
        (mint, "https://evil.example.com", "origin_not_allowed"),
        (mint, None, "origin_not_allowed"),
        (lambda agent: mint(agent, agent_id="agt_gone"), PAGE, "agent_unavailable"),
    ],
    ids=["expired", "tampered", "wrong-audience", "wrong-origin", "no-origin", "unknown-agent"],
)
def test_a_refused_token_gets_an_error_and_1008_and_no_call(
    monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys, token_of, origin, code
):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            return await place_web_call(web_url(url), token_of(phone_agent), origin=origin, open_timeout=5)

    record = asyncio.run(scenario())
    ingest_published(platform)

    assert (record.outcome, record.error_code, record.close_code) == ("refused", code, 1008)
    assert calls_of(repos, tenant_a) == []


def test_a_token_is_good_for_one_call_only(monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, _):
            token = mint(phone_agent)
            first = await place_web_call(web_url(url), token, origin=PAGE, max_call_seconds=0.5)
            return first, await place_web_call(web_url(url), token, origin=PAGE)

    first, replay = asyncio.run(scenario())
    ingest_published(platform)

    assert first.ready_at is not None and first.outcome == "hung-up" and first.end_reason == "caller_hangup"
    assert (replay.outcome, replay.error_code, replay.close_code) == ("refused", "token_invalid", 1008)
    assert [c.id for c in calls_of(repos, tenant_a)] == [first.call_id]


def test_a_socket_without_start_times_out(monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, runtime):
            runtime.web_start_seconds = 0.3
            began = time.monotonic()
            record = await WebCall(web_url(url), "", origin=PAGE, send_start=False).run()
            return record, time.monotonic() - began

    record, took = asyncio.run(scenario())

    assert (record.outcome, record.error_code, record.close_code) == ("refused", "timeout", 1008)
    assert took < 3 and calls_of(repos, tenant_a) == []


def test_a_draining_runtime_says_busy_and_leaves_the_token_unspent(
    monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys
):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, runtime):
            token = mint(phone_agent)
            runtime.draining = True
            busy = await place_web_call(web_url(url), token, origin=PAGE)
            runtime.draining = False
            return busy, await place_web_call(web_url(url), token, origin=PAGE, max_call_seconds=0.5)

    busy, later = asyncio.run(scenario())

    assert (busy.error_code, busy.close_code) == ("busy", 1008)
    assert later.ready_at is not None  # the same token still opens a call on a task that takes calls


def test_a_provider_that_refuses_the_session_is_reported_to_the_browser(
    monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys
):
    async def scenario():
        async with voice_stack(monkeypatch, repos, faults="reject:500") as (url, _):
            return await place_web_call(web_url(url), mint(phone_agent), origin=PAGE)

    record = asyncio.run(scenario())
    ingest_published(platform)

    assert (record.error_code, record.close_code) == ("provider_unavailable", 1008)
    call = the_call(repos, tenant_a)  # admitted, so on record, as a phone call whose provider failed would be
    assert (call.channel, call.end_reason) == ("web", "provider_error")


def test_a_drain_ends_a_live_web_call_as_shutdown(monkeypatch, repos, platform, tenant_a, phone_agent, call_token_keys):
    async def scenario():
        async with voice_stack(monkeypatch, repos) as (url, runtime):
            call = asyncio.create_task(
                place_web_call(web_url(url), mint(phone_agent), origin=PAGE, script=["Alex Morgan"])
            )
            while not runtime.calls:
                await asyncio.sleep(0.05)
            await runtime.drain(timeout=0.3)
            return await call

    record = asyncio.run(scenario())
    ingest_published(platform)

    assert (record.outcome, record.end_reason, record.close_code) == ("ended", "shutdown", 1000)
    assert the_call(repos, tenant_a).end_reason == "shutdown"
