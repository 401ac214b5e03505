"""The caller simulator against a small fake of the runtime's Twilio-facing side, over real HTTP and WebSocket.

The fake checks signatures the way the runtime must (public URL behind a proxy), answers Connect/Stream
TwiML, greets, echoes the caller's speech, replies after each line and sends `clear` on a barge-in. The
frames it receives are compared with the shapes of Twilio's docs (tests/events/twilio/).
"""

from __future__ import annotations

import asyncio
import base64
import json
from urllib.parse import parse_qsl

import numpy as np
import pytest
from websockets.asyncio.server import ServerConnection, serve

from local_platform.caller import answer, frames, playback, voice
from local_platform.caller_simulator import Line, Press, SimulatedCall, place_call
from tests.support import EVENTS
from voice_container.adapters.twilio_webhooks import connect_stream, public_url_of, say_and_hang_up, signature_is_valid
from voice_container.audio import mulaw
from voice_container.protocols import twilio_media

TOKEN = "test-auth-token"
PUBLIC = "https://voice.example.com"  # what Twilio is configured with; the fake listens on 127.0.0.1
STREAM_URL = "wss://voice.example.com/twilio/stream"
SPEECH_RMS = 100  # line noise is ~10, speech ~3000
# The fake replies after 300 ms of quiet, as a provider's voice detection does (OpenAI's default is 500):
# sooner, on a loaded machine its reply could run on from the echo of the caller's line without the 60 ms
# gap the caller needs to hear them as two stretches of audio (`caller.playback.GLITCH_SECONDS`).
QUIET_FRAMES = 15


class FakeRuntime:
    """The Twilio-facing half of a voice runtime, reduced to what the simulator must be checked against."""

    def __init__(self, *, greeting_s: float = 0.4, reply_s: tuple[float, ...] = (1.0, 0.3), hang_up: bool = False):
        self.greeting_s, self.reply_s, self.hang_up_twiml = greeting_s, list(reply_s), hang_up
        self.webhooks: list[dict[str, str]] = []
        self.received: list[tuple[float, str]] = []  # every frame from the simulator, with our clock
        self.sent: list[tuple[float, str]] = []
        self.handshake_signed = False
        self.echoed = 0

    async def __aenter__(self) -> FakeRuntime:
        self._http = await asyncio.start_server(self._webhook, "127.0.0.1", 0)
        self._ws = await serve(self._stream, "127.0.0.1", 0, process_request=self._check_handshake, compression=None)
        self.gateway_url = f"http://127.0.0.1:{self._http.sockets[0].getsockname()[1]}/twilio/voice?agent=a%2F1"
        self.stream_origin = f"ws://127.0.0.1:{self._ws.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *_: object) -> None:
        self._http.close()
        self._ws.close()
        await self._ws.wait_closed()

    # HTTP: the incoming-call webhook

    async def _webhook(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        method, target, _ = head[0].split(" ")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:] if line)}
        body = (await reader.readexactly(int(headers.get("content-length", "0")))).decode()
        params = dict(parse_qsl(body, keep_blank_values=True))
        path, _, query = target.partition("?")
        signed = public_url_of(PUBLIC, path, query)
        if method != "POST" or not signature_is_valid(TOKEN, signed, params, headers.get("x-twilio-signature")):
            status, twiml = "403 Forbidden", ""
        else:
            self.webhooks.append({**params, "_user_agent": headers.get("user-agent", "")})
            status = "200 OK"
            if self.hang_up_twiml:
                twiml = say_and_hang_up("This number is not in service.")
            else:
                twiml = connect_stream(STREAM_URL, {"token": "t-123", "callSid": params["CallSid"]})
        data = twiml.encode()
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {len(data)}\r\n"
            f"Connection: close\r\n\r\n".encode()
            + data
        )
        await writer.drain()
        writer.close()

    # WebSocket: the Media Stream

    def _check_handshake(self, connection: ServerConnection, request):
        signed = PUBLIC.replace("https", "wss") + request.path
        if not signature_is_valid(TOKEN, signed, {}, request.headers.get("X-Twilio-Signature")):
            return connection.respond(403, "bad signature\n")
        self.handshake_signed = True
        return None

    async def _send(self, socket: ServerConnection, text: str) -> None:
        self.sent.append((asyncio.get_running_loop().time(), text))
        await socket.send(text)

    async def _play(self, socket: ServerConnection, sid: str, seconds: float, name: str) -> None:
        tone = np.sin(2 * np.pi * 440 * np.arange(int(8000 * seconds)) / 8000) * 8000
        ulaw = mulaw.encode(tone.astype(np.int16))
        for at in range(0, len(ulaw), 160):
            await self._send(socket, twilio_media.media(sid, base64.b64encode(ulaw[at : at + 160]).decode()))
        await self._send(socket, twilio_media.mark(sid, name))

    async def _stream(self, socket: ServerConnection) -> None:
        loop = asyncio.get_running_loop()
        sid, speaking, quiet_frames, reply_playing, turn = "", False, 0, None, 0
        async for raw in socket:
            self.received.append((loop.time(), raw))
            message = twilio_media.decode(raw)
            if isinstance(message, twilio_media.Start):
                sid = message.stream_sid
                await self._play(socket, sid, self.greeting_s, "greeting")
                reply_playing = "greeting"
            elif isinstance(message, twilio_media.Mark) and message.name == reply_playing:
                reply_playing = None
            elif isinstance(message, twilio_media.Media):
                pcm = mulaw.decode(base64.b64decode(message.payload)).astype(np.float64)
                loud = np.sqrt((pcm**2).mean()) > SPEECH_RMS
                if loud and not speaking and reply_playing:  # barge-in: stop the reply the caller is hearing
                    await self._send(socket, twilio_media.clear(sid))
                if loud:
                    await self._send(socket, twilio_media.media(sid, message.payload))  # echo
                    self.echoed += 1
                    speaking, quiet_frames = True, 0
                elif speaking and (quiet_frames := quiet_frames + 1) >= QUIET_FRAMES:  # the line ended
                    speaking, turn = False, turn + 1
                    if self.reply_s:
                        await self._play(socket, sid, self.reply_s.pop(0), f"reply-{turn}")
                        reply_playing = f"reply-{turn}"

    def frames_of(self, event: str) -> list[dict]:
        return [json.loads(raw) for _, raw in self.received if json.loads(raw)["event"] == event]


def shape(value, key: str = ""):
    """Keys and value types, recursively: what "the same message" means when values differ."""
    if key == "customParameters":  # names are ours; values are strings
        return {type(item).__name__ for item in value.values()}
    if isinstance(value, dict):
        return {name: shape(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return type(value).__name__


def doc(name: str) -> dict:
    return json.loads((EVENTS / "twilio" / f"{name}.json").read_text())


async def call_the_fake(fake: FakeRuntime, script, **options):
    return await place_call(
        fake.gateway_url,
        to="+15551230000",
        from_="+15557654321",
        auth_token=TOKEN,
        public_url=f"{PUBLIC}/twilio/voice?agent=a%2F1",
        script=script,
        stream_origin=fake.stream_origin,
        pause_after_agent=0.2,
        max_wait_for_agent=3.0,
        max_call_seconds=15.0,
        **options,
    )


@pytest.fixture(scope="module")
def conversation():
    """One call: greeting, a line (echoed, then replied to), a line over the reply (cleared), two keys."""

    async def scenario():
        async with FakeRuntime() as fake:
            record = await call_the_fake(
                fake, ["Hello", Line("Stop please", barge_in_after_ms=300), Press("7#")], keep_audio=True
            )
            return fake, record

    return asyncio.run(scenario())


def test_the_webhook_is_signed_over_the_public_url_and_carries_twilios_fields(conversation):
    fake, record = conversation

    [webhook] = fake.webhooks
    assert webhook["CallSid"] == record.call_sid and webhook["CallSid"].startswith("CA") and len(record.call_sid) == 34
    assert webhook["AccountSid"] == record.account_sid and webhook["AccountSid"].startswith("AC")
    assert (webhook["From"], webhook["To"], webhook["Caller"], webhook["Called"]) == (
        "+15557654321",
        "+15551230000",
        "+15557654321",
        "+15551230000",
    )
    assert (webhook["CallStatus"], webhook["Direction"], webhook["ApiVersion"]) == ("ringing", "inbound", "2010-04-01")
    assert webhook["FromCountry"] == "US" and webhook["ToCity"] == ""
    assert webhook["_user_agent"] == "TwilioProxy/1.1"
    assert record.webhook_status == 200 and record.custom_parameters == {"token": "t-123", "callSid": record.call_sid}


def test_the_stream_handshake_is_signed_and_frames_come_in_twilios_order(conversation):
    fake, record = conversation
    events = [json.loads(raw)["event"] for _, raw in fake.received]

    assert fake.handshake_signed
    assert record.outcome == "completed" and record.problems == []
    assert events[:3] == ["connected", "start", "media"]
    assert events[-1] == "stop"
    assert set(events) == {"connected", "start", "media", "mark", "dtmf", "stop"}


def test_every_frame_has_the_shape_of_the_docs(conversation):
    fake, _ = conversation
    documented = {
        "connected": doc("connected"),
        "start": doc("start"),
        "media": doc("media_inbound"),
        "mark": doc("mark"),
        "dtmf": doc("dtmf"),
        "stop": doc("stop"),
    }

    for _, raw in fake.received:
        message = json.loads(raw)
        assert shape(message) == shape(documented[message["event"]]), message["event"]

    assert fake.frames_of("connected") == [doc("connected")]


def test_start_names_the_stream_the_call_and_the_parameters(conversation):
    fake, record = conversation

    [start] = fake.frames_of("start")

    assert start["sequenceNumber"] == "1" and start["streamSid"] == start["start"]["streamSid"] == record.stream_sid
    assert start["start"]["callSid"] == record.call_sid and start["start"]["accountSid"] == record.account_sid
    assert start["start"]["tracks"] == ["inbound"]
    assert start["start"]["mediaFormat"] == {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}
    assert start["start"]["customParameters"] == {"token": "t-123", "callSid": record.call_sid}


def test_sequence_numbers_chunks_and_timestamps_count_like_twilios(conversation):
    fake, record = conversation
    numbered = [json.loads(raw) for _, raw in fake.received][1:]  # all but `connected`
    media = fake.frames_of("media")

    assert [int(frame["sequenceNumber"]) for frame in numbered] == list(range(1, len(numbered) + 1))
    assert [int(frame["media"]["chunk"]) for frame in media] == list(range(1, len(media) + 1))
    assert [int(frame["media"]["timestamp"]) for frame in media] == [20 * i for i in range(len(media))]
    assert {frame["media"]["track"] for frame in media} == {"inbound"}
    assert {len(base64.b64decode(frame["media"]["payload"])) for frame in media} == {160}
    assert {frame["streamSid"] for frame in numbered} == {record.stream_sid}
    assert record.frames_sent == len(media)


def test_frames_are_paced_in_real_time(conversation):
    fake, _ = conversation
    times = [at for at, raw in fake.received if json.loads(raw)["event"] == "media"]

    elapsed, expected = times[-1] - times[0], 0.02 * (len(times) - 1)

    assert expected - 0.05 <= elapsed < expected + 0.5  # never faster than real time; a loaded CI box may lag


def test_marks_come_back_once_their_audio_has_played(conversation):
    fake, _ = conversation
    sent_at = {json.loads(raw)["mark"]["name"]: at for at, raw in fake.sent if '"mark"' in raw}
    echoed_at = {json.loads(raw)["mark"]["name"]: at for at, raw in fake.received if '"event": "mark"' in raw}

    assert list(echoed_at) == list(sent_at)  # each one, in the order sent
    greeting_played = echoed_at["greeting"] - sent_at["greeting"]
    assert fake.greeting_s - 0.03 <= greeting_played <= fake.greeting_s + 0.2


def test_a_clear_drops_the_reply_and_returns_its_mark_at_once(conversation):
    fake, record = conversation
    [(cleared_at, _)] = [(at, raw) for at, raw in fake.sent if '"clear"' in raw]
    echoed_at = {json.loads(raw)["mark"]["name"]: at for at, raw in fake.received if '"event": "mark"' in raw}

    assert 0 <= echoed_at["reply-1"] - cleared_at < 0.15  # not after the 1 s of reply it would otherwise take
    assert len(record.clears) == 1


def test_dtmf_frames_carry_each_key(conversation):
    fake, record = conversation

    assert [frame["dtmf"] for frame in fake.frames_of("dtmf")] == [
        {"track": "inbound_track", "digit": "7"},
        {"track": "inbound_track", "digit": "#"},
    ]
    assert [digit for _, digit in record.dtmf_sent] == ["7", "#"]


def test_stop_names_the_account_and_call(conversation):
    fake, record = conversation

    [stop] = fake.frames_of("stop")

    assert stop["stop"] == {"accountSid": record.account_sid, "callSid": record.call_sid}
    assert stop["streamSid"] == record.stream_sid
    assert record.close_code == 1000


def test_the_caller_speaks_in_turns_and_the_record_measures_them(conversation):
    fake, record = conversation
    first, second = record.turns

    assert (first.text, first.over_agent, second.text, second.over_agent) == ("Hello", False, "Stop please", True)
    assert first.started_at >= record.first_audio_at + fake.greeting_s  # waited for the greeting to play
    assert first.ended_at - first.started_at == pytest.approx(voice.speech_frame_count("Hello") * 0.02, abs=0.06)
    assert 0 < first.echo_latency < 0.3
    assert 0 < first.reply_latency < 0.5  # the first audio after the line: its echo's tail (the reply follows)
    assert 0 < second.barge_in_latency < 0.3
    assert 0 < record.time_to_first_audio < 0.3
    assert record.audio_seconds_received == pytest.approx(len(record.received_audio) / 8000)
    assert fake.echoed >= voice.speech_frame_count("Hello") + voice.speech_frame_count("Stop please") - 4


def test_say_and_hang_up_ends_the_call_without_a_stream():
    async def scenario():
        async with FakeRuntime(hang_up=True) as fake:
            return fake, await call_the_fake(fake, ["Hello"])

    fake, record = asyncio.run(scenario())

    assert record.outcome == "hung-up" and record.said == ["This number is not in service."]
    assert record.stream_sid is None and fake.received == []


def test_a_wrong_auth_token_is_refused_by_the_runtime():
    async def scenario():
        async with FakeRuntime() as fake:
            return await place_call(
                fake.gateway_url, to="+15551230000", from_="+15557654321", auth_token="not-the-token", script=[]
            )

    record = asyncio.run(scenario())

    assert (record.outcome, record.webhook_status) == ("webhook-failed", 403)


def test_keys_can_be_pressed_on_demand_and_the_caller_hangs_up_when_told():
    async def scenario():
        async with FakeRuntime(greeting_s=0.2, reply_s=()) as fake:
            call = SimulatedCall(
                fake.gateway_url,
                to="+15551230000",
                from_="+15557654321",
                auth_token=TOKEN,
                public_url=f"{PUBLIC}/twilio/voice?agent=a%2F1",
                stream_origin=fake.stream_origin,
            )
            running = asyncio.create_task(call.run())
            while call.record.first_audio_at is None:
                await asyncio.sleep(0.01)
            call.press("5")
            await asyncio.sleep(0.1)
            call.hang_up()
            return fake, await running

    fake, record = asyncio.run(scenario())

    assert [frame["dtmf"]["digit"] for frame in fake.frames_of("dtmf")] == ["5"]
    assert record.outcome == "completed" and record.turns == []


# The pure parts, fed directly.


def test_twiml_answers_are_read_as_twilio_would():
    stream = answer.read_twiml(connect_stream("wss://v.example.com/s", {"a": "1"}, status_callback="https://cb"))
    hang_up = answer.read_twiml(say_and_hang_up("Bye."))

    assert (stream.ends_with, stream.stream_url, stream.parameters) == ("stream", "wss://v.example.com/s", {"a": "1"})
    assert (hang_up.ends_with, hang_up.said) == ("hangup", ["Bye."])
    with pytest.raises(answer.BadTwiml):
        answer.read_twiml("<Html/>")


def test_a_stream_url_loses_its_query_and_can_be_rebased_onto_a_local_origin():
    assert answer.without_query("wss://v.example.com/s?token=1") == "wss://v.example.com/s"
    assert answer.rebase("wss://v.example.com/twilio/s", "ws://127.0.0.1:8090") == "ws://127.0.0.1:8090/twilio/s"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ('{"event": "media", "streamSid": "MZ1", "media": {"payload": "not base64!"}}', "not base64"),
        ('{"event": "media", "media": {"payload": "AAAA"}}', "without a streamSid"),
        ('{"event": "mark", "streamSid": "MZ1", "mark": {}}', "mark without a name"),
        ('{"event": "play", "streamSid": "MZ1"}', "unknown event"),
        (b"\x00", "binary"),
    ],
)
def test_frames_twilio_would_not_accept_are_named(raw, why):
    with pytest.raises(frames.BadCommand, match=why):
        frames.decode_command(raw)


def test_the_runtime_codec_reads_what_the_simulator_writes():
    raw = frames.media(7, "MZ1", 3, 40, "/w==")

    assert twilio_media.decode(raw) == twilio_media.Media(7, "MZ1", "inbound", 3, 40, "/w==")


def test_playback_echoes_marks_when_reached_and_all_of_them_on_clear():
    buffer = playback.Playback()
    buffer.queue_audio(10.0, 8000)  # 1 s
    buffer.queue_mark(10.0, "a")
    buffer.queue_audio(10.5, 4000)  # queued behind: plays 11.0 .. 11.5
    buffer.queue_mark(10.5, "b")

    assert buffer.due_marks(10.99) == []
    assert buffer.due_marks(11.0) == ["a"]
    assert buffer.playing_for(11.2) == pytest.approx(1.2)
    assert buffer.clear(11.2) == ["b"]
    assert not buffer.playing(11.2) and buffer.silent_since(11.3) == pytest.approx(11.2)


def test_a_chunk_a_little_late_is_a_glitch_in_the_same_stretch_and_a_pause_starts_a_new_one():
    buffer = playback.Playback()
    buffer.queue_audio(10.0, 320)  # 40 ms, paced at real time ...
    buffer.queue_audio(10.045, 320)  # ... the next one 5 ms late
    assert buffer.playing_since(10.06) == pytest.approx(10.005)  # one stretch: 55 ms since, 55 ms heard

    buffer.queue_audio(10.2, 320)  # after 0.12 s of silence: the agent speaks again
    assert buffer.playing_since(10.21) == 10.2


def test_a_mark_with_nothing_queued_comes_back_at_once():
    buffer = playback.Playback()
    buffer.queue_mark(5.0, "now")

    assert buffer.due_marks(5.0) == ["now"] and buffer.silent_since(5.0) is None
