"""A call session without sockets: provider events and caller events in, what the caller is sent and the
call's events out. The latency meter runs on a controlled clock, so the test says exactly what it measured."""

from __future__ import annotations

import asyncio
import base64
import json

from vocadesk.events import CallEnded
from vocadesk.models.agents import Agent
from vocadesk.models.calls import Channel, EndReason
from voice_container.call.caller_link import CallerText
from voice_container.call.context import CallContext
from voice_container.call.latency import LatencyMeter
from voice_container.call.outbox import Outbox
from voice_container.call.session import CallSession
from voice_container.realtime import server_events as provider


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms / 1000


class FakeProvider:
    """What the session uses of a ProviderSession: events the test puts in, messages the session sends."""

    def __init__(self) -> None:
        self.incoming: asyncio.Queue[provider.ServerEvent] = asyncio.Queue()
        self.sent: list[str] = []

    async def send_text(self, text: str) -> None:
        self.sent.append(text)

    async def events(self):
        while True:
            yield await self.incoming.get()

    async def close(self) -> None:
        pass


class FakeLink:
    """A caller link over an `Outbox` (as both real links are) whose socket can stall: `gate` closed."""

    def __init__(self, time: FakeTime) -> None:
        self.time = time
        self.incoming: asyncio.Queue[CallerText | None] = asyncio.Queue()
        self.outbox = Outbox()
        self.written: list[tuple[float, str]] = []
        self.gate = asyncio.Event()
        self.gate.set()

    def audio_ms(self, payload_b64: str) -> int:
        return len(base64.b64decode(payload_b64)) // 8  # μ-law 8 kHz

    def play(self, payload_b64: str, mark: str) -> bool:
        return self.outbox.audio(f"audio {self.audio_ms(payload_b64)} ms", self.audio_ms(payload_b64), f"mark {mark}")

    def clear(self, on_sent=None) -> None:
        self.outbox.clear()
        self.outbox.control("clear", on_sent=on_sent)

    async def inbound(self):
        while (event := await self.incoming.get()) is not None:
            yield event

    async def pump(self) -> None:
        await self.outbox.pump(self._write, self._write)  # type: ignore[arg-type]

    async def _write(self, message: str) -> None:
        await self.gate.wait()
        self.written.append((self.time.now, message))

    async def close(self) -> None:
        self.outbox.close()


class Published:
    def __init__(self) -> None:
        self.events: list = []

    def emit(self, event) -> None:
        self.events.append(event)


def call() -> CallContext:
    agent = Agent(account_id="acc_01HZZZZZZZZZZZZZZZZZZZZZZZ", client_id="cli_01HZZZZZZZZZZZZZZZZZZZZZZZ", name="Desk")
    return CallContext(
        call_id="call_01HZZZZZZZZZZZZZZZZZZZZZZZ",
        account_id=agent.account_id,
        client_id=agent.client_id,
        agent=agent,
        channel=Channel.PHONE,
    )


def audio(item_id: str, ms: int) -> provider.AudioDelta:
    return provider.AudioDelta("resp_" + item_id, item_id, base64.b64encode(b"\xff" * (8 * ms)).decode())


async def settle() -> None:
    """Let every task run until it waits again (the fakes never wait on real time)."""
    for _ in range(10):
        await asyncio.sleep(0)


def test_the_session_measures_greeting_answers_and_barge_in_stops_from_its_events():
    time = FakeTime()
    published = Published()

    async def scenario() -> None:
        the_provider, link = FakeProvider(), FakeLink(time)
        meter = LatencyMeter(time.now, clock=time)
        meter.provider_ready(0, prewarmed=True)
        session = CallSession(call(), link, the_provider, published, max_seconds=60, latency=meter)  # type: ignore[arg-type]
        running = asyncio.create_task(session.run())
        await settle()

        # Given the greeting's first audio 700 ms into the call
        time.advance(700)
        await the_provider.incoming.put(audio("item_greeting", 2000))
        await settle()
        # When the caller talks over it while the caller's socket is stalled on more of it for 40 ms
        link.gate.clear()
        await the_provider.incoming.put(audio("item_greeting", 500))
        await settle()
        await the_provider.incoming.put(provider.SpeechStarted("item_caller_1", 900))
        await settle()
        time.advance(40)
        link.gate.set()
        await settle()
        # ... then stops, and the answer's audio starts 650 ms later
        await the_provider.incoming.put(provider.SpeechStopped("item_caller_1", 2100))
        await settle()
        time.advance(650)
        await the_provider.incoming.put(audio("item_answer_1", 1000))
        await settle()
        # ... and a typed turn, which cuts the answer still playing (a second barge-in), is answered 250 ms later
        time.advance(5000)
        await link.incoming.put(CallerText("Alex Morgan"))
        await settle()
        time.advance(250)
        await the_provider.incoming.put(audio("item_answer_2", 1000))
        await settle()
        await link.incoming.put(None)  # the caller hangs up
        assert await running == EndReason.CALLER_HANGUP
        assert [m for _, m in link.written].count("clear") == 2

    asyncio.run(scenario())

    # Then call.ended carries what was measured
    (ended,) = [e for e in published.events if isinstance(e, CallEnded)]
    latency = ended.latency
    assert latency is not None
    assert (latency.greeting_ms, latency.provider_connect_ms, latency.prewarmed) == (700, 0, True)
    assert latency.response_ms is not None
    assert (latency.response_ms.count, latency.response_ms.p50_ms, latency.response_ms.max_ms) == (2, 250, 650)
    assert latency.barge_ins == 2 and latency.barge_in_ms is not None
    assert (latency.barge_in_ms.count, latency.barge_in_ms.max_ms) == (2, 40)  # until the clear was written


def sent_types(the_provider: FakeProvider) -> list[str]:
    return [json.loads(text)["type"] for text in the_provider.sent if '"input_audio_buffer.append"' not in text]


def test_a_typed_turn_while_the_agent_speaks_cuts_it_and_is_answered_once_its_response_ends():
    # The Realtime API refuses a response.create while one is in progress: the turn would go unanswered.
    time = FakeTime()

    async def scenario() -> list[str]:
        the_provider, link = FakeProvider(), FakeLink(time)
        session = CallSession(call(), link, the_provider, Published(), max_seconds=60)  # type: ignore[arg-type]
        running = asyncio.create_task(session.run())
        await settle()
        # Given the greeting is being generated and played
        await the_provider.incoming.put(provider.ResponseCreated("resp_greeting"))
        await the_provider.incoming.put(audio("item_greeting", 2000))
        await settle()
        # When the caller types a turn
        await link.incoming.put(CallerText("Alex Morgan"))
        await settle()
        # Then the greeting is cut and cancelled, the turn is in the conversation, and no response is asked yet
        assert "clear" in [m for _, m in link.written]
        assert sent_types(the_provider) == ["conversation.item.truncate", "response.cancel", "conversation.item.create"]
        # When the cancelled response ends, the answer is asked for
        await the_provider.incoming.put(provider.ResponseDone("resp_greeting", "cancelled"))
        await settle()
        await link.incoming.put(None)
        await running
        return sent_types(the_provider)

    assert asyncio.run(scenario())[-1] == "response.create"


def test_a_tool_follow_up_waits_for_its_response_to_end():
    # function_call_arguments.done comes before its response's response.done: asking for the next response
    # right away would be refused.
    time = FakeTime()

    async def scenario() -> tuple[list[str], list[str]]:
        the_provider, link = FakeProvider(), FakeLink(time)
        session = CallSession(call(), link, the_provider, Published(), max_seconds=60)  # type: ignore[arg-type]
        running = asyncio.create_task(session.run())
        await the_provider.incoming.put(provider.ResponseCreated("resp_1"))
        await the_provider.incoming.put(provider.FunctionCall("fc_1", "record_answer", {"key": "x", "value": "y"}))
        await settle()
        before = sent_types(the_provider)
        await the_provider.incoming.put(provider.ResponseDone("resp_1", "completed"))
        await settle()
        await link.incoming.put(None)
        await running
        return before, sent_types(the_provider)

    before, after = asyncio.run(scenario())
    assert before == ["conversation.item.create"]  # the function's output only
    assert after == ["conversation.item.create", "response.create"]


class StallingProvider(FakeProvider):
    """A provider socket that takes no writes while `gate` is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.gate.set()

    async def send_text(self, text: str) -> None:
        await self.gate.wait()
        self.sent.append(text)


def test_caller_frames_queued_behind_a_slow_provider_go_in_one_append_in_order():
    from voice_container.call.caller_link import CallerAudio

    time = FakeTime()
    frames = [bytes([n]) * 160 for n in range(6)]

    async def scenario() -> list[dict]:
        the_provider, link = StallingProvider(), FakeLink(time)
        session = CallSession(call(), link, the_provider, Published(), max_seconds=60)  # type: ignore[arg-type]
        running = asyncio.create_task(session.run())
        await settle()
        await link.incoming.put(CallerAudio(base64.b64encode(frames[0]).decode()))
        await settle()  # sent at once: nothing queued behind it
        the_provider.gate.clear()  # the provider's socket stalls...
        for frame in frames[1:]:
            await link.incoming.put(CallerAudio(base64.b64encode(frame).decode()))
        await settle()
        the_provider.gate.set()  # ... and drains
        await settle()
        await link.incoming.put(None)
        await running
        return [json.loads(text) for text in the_provider.sent if '"input_audio_buffer.append"' in text]

    appends = asyncio.run(scenario())
    audio = [base64.b64decode(a["audio"]) for a in appends]
    assert b"".join(audio) == b"".join(frames)  # nothing lost, nothing reordered
    assert len(appends) < len(frames)  # the backlog went in fewer messages
    assert audio[0] == frames[0]
