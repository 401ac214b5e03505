"""The stand-in's server: upgrade checks like the provider's, per-connection faults, loopback only."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from local_platform.realtime_standin import Faults, StandinBehaviour, start_standin
from tests.local_platform.realtime_standin.support import (
    b64,
    events_until,
    front_desk,
    of_type,
    sdk,
    session_for,
    silence,
    tone,
)

pytestmark = pytest.mark.anyio


async def test_the_sdk_reaches_the_stand_in_at_its_url(standin):
    assert standin.url == f"ws://127.0.0.1:{standin.port}/v1"

    async with sdk(standin.url).realtime.connect(model="gpt-realtime") as connection:
        created = (await events_until(connection, "session.created"))[-1]

    assert created.session.type == "realtime"
    assert standin.active_sessions in (0, 1)  # the handler may still be finishing


async def test_an_upgrade_without_a_key_is_refused_with_401(standin):
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{standin.url}/realtime?model=gpt-realtime")

    assert refused.value.response.status_code == 401
    assert json.loads(refused.value.response.body)["error"]["message"].startswith("Missing bearer")


async def test_only_the_realtime_path_upgrades(standin):
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{standin.url}/chat", additional_headers={"Authorization": "Bearer test"})

    assert refused.value.response.status_code == 404


async def test_a_missing_model_is_an_error_then_a_close_like_the_provider(standin):
    async with connect(f"{standin.url}/realtime", additional_headers={"Authorization": "Bearer x"}) as ws:
        error = json.loads(await ws.recv())
        with pytest.raises(ConnectionClosedError) as closed:
            await ws.recv()

    assert error["type"] == "error" and error["error"]["code"] == "missing_model"
    assert closed.value.rcvd.code == 4000


@pytest.mark.parametrize("status", [401, 500])
async def test_a_reject_fault_in_the_model_name_fails_the_sdk_connect(standin, status):
    with pytest.raises(InvalidStatus) as refused:
        async with sdk(standin.url).realtime.connect(model=f"gpt-realtime?standin=reject:{status}"):
            pass

    assert refused.value.response.status_code == status


async def test_a_server_wide_reject_fault_refuses_every_connection():
    standin = await start_standin(behaviour=StandinBehaviour(faults=Faults(reject_status=503)))
    try:
        with pytest.raises(InvalidStatus) as refused:
            await sdk(standin.url).realtime.connect(model="gpt-realtime").enter()
    finally:
        await standin.stop()

    assert refused.value.response.status_code == 503


async def test_an_unknown_fault_is_a_400_naming_it(standin):
    with pytest.raises(InvalidStatus) as refused:
        await sdk(standin.url_with("explode:3")).realtime.connect(model="gpt-realtime").enter()

    assert refused.value.response.status_code == 400
    assert "explode:3" in json.loads(refused.value.response.body)["error"]["message"]


async def test_drop_after_events_cuts_the_socket_mid_call(standin):
    seen = []
    async with sdk(standin.url_with("drop_after_events:6")).realtime.connect(model="gpt-realtime") as connection:
        await connection.session.update(session=session_for(front_desk()))
        await connection.response.create()
        with pytest.raises(ConnectionClosedError) as dropped:
            async for event in connection:
                seen.append(event.type)

    assert len(seen) == 6 and "response.created" in seen
    assert dropped.value.rcvd is None  # no close frame: the connection just went


async def test_drop_after_ms_cuts_the_socket_while_audio_streams():
    standin = await start_standin(behaviour=StandinBehaviour(pace=1.0))
    try:
        began = time.monotonic()
        async with sdk(standin.url_with("drop_after_ms:300")).realtime.connect(model="gpt-realtime") as connection:
            await connection.session.update(session=session_for(front_desk()))
            await connection.response.create()
            with pytest.raises(ConnectionClosedError):
                async for _ in connection:
                    pass
        elapsed = time.monotonic() - began
    finally:
        await standin.stop()

    assert 0.25 < elapsed < 2.0


async def test_slow_delays_every_server_event(standin):
    began = time.monotonic()
    async with sdk(standin.url).realtime.connect(model="gpt-realtime?standin=slow:150") as connection:
        await connection.session.update(session=session_for(front_desk()))
        await events_until(connection, "session.updated")
    elapsed = time.monotonic() - began

    assert elapsed >= 0.3  # two events, 150 ms each


async def test_caller_lines_in_the_url_script_that_connection(standin):
    url = standin.url_with(caller=["Can I talk to a human?"])
    async with sdk(url).realtime.connect(model="gpt-realtime") as connection:
        await connection.session.update(session=session_for(front_desk()))
        await connection.response.create()
        await events_until(connection, "response.done")

        await connection.input_audio_buffer.append(audio=b64(tone(800) + silence(700)))
        events = await events_until(connection, "response.done")

    assert of_type(events, "conversation.item.input_audio_transcription.completed")[0].transcript == (
        "Can I talk to a human?"
    )
    assert of_type(events, "response.function_call_arguments.done")[0].name == "transfer_call"


async def test_instant_pacing_per_connection_overrides_the_server_pace():
    standin = await start_standin(behaviour=StandinBehaviour(pace=1.0))
    try:
        began = time.monotonic()
        async with sdk(standin.url_with("instant")).realtime.connect(model="gpt-realtime") as connection:
            await connection.session.update(session=session_for(front_desk()))
            await connection.response.create()
            await events_until(connection, "response.done")
        elapsed = time.monotonic() - began
    finally:
        await standin.stop()

    assert elapsed < 1.5  # the greeting is ~3.5 s of audio


async def test_the_stand_in_binds_to_loopback_only():
    with pytest.raises(ValueError, match="loopback"):
        await start_standin("0.0.0.0")


async def test_connections_beyond_the_limit_are_refused():
    standin = await start_standin(behaviour=StandinBehaviour(max_connections=1))
    try:
        async with sdk(standin.url).realtime.connect(model="gpt-realtime") as first:
            await events_until(first, "session.created")
            with pytest.raises(InvalidStatus) as refused:
                await sdk(standin.url).realtime.connect(model="gpt-realtime").enter()
        await asyncio.sleep(0)
    finally:
        await standin.stop()

    assert refused.value.response.status_code == 503
