"""WebLink over a fake browser socket (the few Starlette WebSocket methods it uses)."""

import asyncio
import base64
import json

import pytest
from starlette.websockets import WebSocketDisconnect

from voice_container.call.caller_link import CallerAudio, CallerText, PlaybackReached
from voice_container.call.web_link import MAX_PIECE_BYTES, WebLink, wait_for_browser_start
from voice_container.call.web_tokens import WebRefused
from voice_container.protocols.web_call import Start

DISCONNECT = {"type": "websocket.disconnect", "code": 1001}


class FakeBrowserSocket:
    def __init__(self, *incoming: dict, gone: bool = False) -> None:
        self.incoming = list(incoming)
        self.sent: list[bytes | dict] = []
        self.closed_with: int | None = None
        self.gone = gone

    async def receive(self) -> dict:
        if not self.incoming:
            await asyncio.sleep(3600)
        return self.incoming.pop(0)

    async def send_bytes(self, data: bytes) -> None:
        self._check()
        self.sent.append(data)

    async def send_text(self, data: str) -> None:
        self._check()
        self.sent.append(json.loads(data))

    async def close(self, code: int = 1000) -> None:
        self._check()
        self.closed_with = code

    def _check(self) -> None:
        if self.gone:
            raise WebSocketDisconnect(code=1006)


def text(**message) -> dict:
    return {"type": "websocket.receive", "text": json.dumps(message)}


def binary(data: bytes) -> dict:
    return {"type": "websocket.receive", "bytes": data}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def events_of(link: WebLink) -> list:
    return [event async for event in link.inbound()]


async def pumped(link: WebLink, socket: FakeBrowserSocket) -> list:
    pump = asyncio.create_task(link.pump())
    await asyncio.sleep(0.01)
    await link.close()
    await pump
    return socket.sent


def test_browser_frames_become_caller_events_until_hangup():
    pcm = bytes(range(256)) * 8  # 2048 bytes: 1024 samples
    socket = FakeBrowserSocket(
        binary(pcm), text(type="mark", name="4"), text(type="text", text="  Hello  "), text(type="hangup"), binary(pcm)
    )

    events = asyncio.run(events_of(WebLink(socket)))

    assert events == [CallerAudio(b64(pcm)), PlaybackReached("4"), CallerText("Hello")]


def test_malformed_and_unknown_messages_are_skipped_and_a_disconnect_ends_the_call():
    socket = FakeBrowserSocket({"type": "websocket.receive", "text": "{oops"}, text(type="volume"), DISCONNECT)

    assert asyncio.run(events_of(WebLink(socket))) == []


def test_half_a_sample_waits_for_the_next_frame_and_big_frames_are_cut():
    big = b"\x01\x02" * (MAX_PIECE_BYTES // 2 + 10)
    socket = FakeBrowserSocket(binary(b"\x01\x02\x03"), binary(b"\x04"), binary(big), DISCONNECT)

    events = asyncio.run(events_of(WebLink(socket)))

    assert [base64.b64decode(e.payload) for e in events] == [
        b"\x01\x02",
        b"\x03\x04",
        big[:MAX_PIECE_BYTES],
        big[MAX_PIECE_BYTES:],
    ]


def test_agent_audio_goes_out_as_binary_frames_each_followed_by_its_mark():
    socket = FakeBrowserSocket()
    link = WebLink(socket)
    chunk = b"\x00\x01" * 960  # 40 ms at 24 kHz

    async def scenario():
        assert link.audio_ms(b64(chunk)) == 40
        assert link.play(b64(chunk), "1") and link.play(b64(chunk), "2")
        link.transcript("agent", "Hi there")
        return await pumped(link, socket)

    assert asyncio.run(scenario()) == [
        chunk,
        {"type": "mark", "name": "1"},
        chunk,
        {"type": "mark", "name": "2"},
        {"type": "transcript", "speaker": "agent", "text": "Hi there"},
    ]


def test_clear_drops_queued_audio_and_tells_the_browser():
    socket = FakeBrowserSocket()
    link = WebLink(socket)

    async def scenario():
        link.play(b64(b"\x00" * 1920), "1")
        link.clear()
        return await pumped(link, socket)

    assert asyncio.run(scenario()) == [{"type": "clear"}]


def test_audio_beyond_the_queue_cap_is_refused():
    link = WebLink(FakeBrowserSocket(), max_queued_ms=100)
    chunk = b64(b"\x00" * 48 * 60)  # 60 ms

    assert link.play(chunk, "1") and not link.play(chunk, "2")
    assert not link.play("not base64!", "3")


def test_finish_says_why_then_closes_once():
    socket = FakeBrowserSocket()
    link = WebLink(socket)

    async def scenario():
        await link.finish("agent_ended")
        await link.finish("error")

    asyncio.run(scenario())

    assert socket.sent == [{"type": "ended", "reason": "agent_ended"}] and socket.closed_with == 1000


def test_a_browser_that_left_stops_the_pump_quietly():
    socket = FakeBrowserSocket(gone=True)
    link = WebLink(socket)

    async def scenario():
        link.play(b64(b"\x00" * 1920), "1")
        await asyncio.wait_for(link.pump(), 1)
        await link.finish("caller_hangup")

    asyncio.run(scenario())

    assert socket.sent == [] and socket.closed_with is None


def test_start_must_come_first_and_in_time():
    async def start_of(*incoming, timeout=1.0):
        return await wait_for_browser_start(FakeBrowserSocket(*incoming), timeout=timeout)

    assert asyncio.run(start_of(text(type="start", token="t"))) == Start("t")
    assert asyncio.run(start_of(DISCONNECT)) is None
    for incoming, code in [((binary(b"\x00\x00"),), "token_invalid"), ((text(type="hangup"),), "token_invalid")]:
        with pytest.raises(WebRefused) as refused:
            asyncio.run(start_of(*incoming))
        assert refused.value.code.value == code
    with pytest.raises(WebRefused) as refused:
        asyncio.run(start_of(timeout=0.05))
    assert refused.value.code.value == "timeout"
