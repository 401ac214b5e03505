"""One simulated phone call, driven the way Twilio drives it: signed webhook, TwiML, then a Media Stream.

Two tasks per call: a reader that models what the caller hears (the playback buffer, marks, clears) and
the only writer, which ticks every 20 ms to send one audio frame plus any mark echoes, DTMF or `stop`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from itertools import cycle, islice

import httpx2
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from local_platform.caller import answer as twilio
from local_platform.caller import frames, voice
from local_platform.caller.playback import Playback
from local_platform.caller.record import CallRecord, Line, Press, ScriptItem, Turn

TICK = voice.FRAME_MS / 1000


class SimulatedCall:
    """A caller dialling `to` from `from_`; Twilio posts to `gateway_url`, signing `public_url` (what Twilio
    is configured with; default: `gateway_url`). `stream_origin` (`ws://127.0.0.1:8090`) replaces the scheme
    and host of the TwiML's stream URL when the runtime sits behind a public name that doesn't resolve here.

    Waiting rules, all keyword-only: the caller speaks a line once the agent has replied and been quiet for
    `pause_after_agent`, or after `max_wait_for_agent` without that; `max_call_seconds` caps the call.
    Pass one `http` client to share its connection pool across many concurrent calls (benchmarks).
    """

    def __init__(
        self,
        gateway_url: str,
        *,
        to: str,
        from_: str,
        auth_token: str,
        public_url: str | None = None,
        script: Iterable[ScriptItem] = (),
        stream_origin: str | None = None,
        account_sid: str | None = None,
        keep_audio: bool = False,
        pause_after_agent: float = 0.6,
        max_wait_for_agent: float = 8.0,
        max_call_seconds: float = 300.0,
        answer_timeout: float = 15.0,  # Twilio's default webhook timeout
        http: httpx2.AsyncClient | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> None:
        self.gateway_url, self.public_url = gateway_url, public_url or gateway_url
        self.auth_token, self.stream_origin = auth_token, stream_origin
        self.script = [Line(item) if isinstance(item, str) else item for item in script]
        self.keep_audio = keep_audio
        self.pause_after_agent, self.max_wait_for_agent = pause_after_agent, max_wait_for_agent
        self.max_call_seconds, self.answer_timeout = max_call_seconds, answer_timeout
        self._http, self._say = http, on_progress or (lambda _: None)
        self.record = CallRecord(twilio.new_sid("CA"), account_sid or twilio.new_sid("AC"), to, from_)
        self._t0 = 0.0
        self._playback = Playback()
        self._dtmf: list[str] = []
        self._echo_now: list[str] = []  # marks a clear released, echoed on the next tick
        self._hang_up = False
        self._agent_replied = False  # audio arrived since the caller's last line ended
        self._speech = cycle(voice.speech_frames())
        self._silence = cycle(voice.silence_frames())
        self._turn: _TurnTaking | None = None

    def press(self, digits: str) -> None:
        """Press keys now (sent as `dtmf` frames on the next ticks)."""
        self._dtmf.extend(digits)

    def hang_up(self) -> None:
        """End the call after the current frame: `stop`, then close the socket, as Twilio does."""
        self._hang_up = True

    async def run(self) -> CallRecord:
        """Place the call and play it out. `record.outcome`: "completed" (the caller hung up), "hung-up" or
        "rejected" (by TwiML), "no-stream" (TwiML ended without one), "webhook-failed", "bad-twiml",
        "stream-failed" (handshake refused) or "stream-closed" (the server closed the socket first)."""
        self._t0 = asyncio.get_running_loop().time()
        answer = await self._post_webhook()
        if answer is None:
            return self.record
        if answer.ends_with != "stream" or answer.stream_url is None:
            self.record.outcome = {"hangup": "hung-up", "reject": "rejected"}.get(answer.ends_with, "no-stream")
            return self.record
        await self._stream(answer.stream_url, answer.parameters)
        return self.record

    def _now(self) -> float:
        return asyncio.get_running_loop().time() - self._t0

    async def _post_webhook(self) -> twilio.Answer | None:
        record = self.record
        params = twilio.incoming_call_params(
            call_sid=record.call_sid, account_sid=record.account_sid, to=record.to, from_=record.from_
        )
        headers = twilio.signed_headers(self.auth_token, self.public_url, params)
        client = self._http or httpx2.AsyncClient()
        try:
            response = await client.post(self.gateway_url, data=params, headers=headers, timeout=self.answer_timeout)
        except httpx2.HTTPError as error:
            record.outcome = "webhook-failed"
            record.problems.append(f"webhook: {error!r}")
            return None
        finally:
            if self._http is None:
                await client.aclose()
        record.webhook_status, record.webhook_answered_at, record.twiml = (
            response.status_code,
            self._now(),
            response.text,
        )
        self._say(f"webhook answered {response.status_code} in {record.webhook_answered_at * 1000:.0f} ms")
        if response.status_code != 200:
            record.outcome = "webhook-failed"
            return None
        try:
            answer = twilio.read_twiml(response.text)
        except twilio.BadTwiml as error:
            record.outcome = "bad-twiml"
            record.problems.append(str(error))
            return None
        record.said, record.stream_url, record.custom_parameters = answer.said, answer.stream_url, answer.parameters
        record.problems.extend(f"unsupported TwiML <{verb}> skipped" for verb in answer.unsupported)
        for sentence in answer.said:
            self._say(f"twilio says: {sentence!r}")
        return answer

    async def _stream(self, stream_url: str, parameters: dict[str, str]) -> None:
        record = self.record
        url = twilio.without_query(stream_url)
        if url != stream_url:
            record.problems.append("stream URL had a query string: Twilio drops it")
        target = twilio.rebase(url, self.stream_origin)
        try:
            socket = await connect(
                target,
                additional_headers=twilio.stream_headers(self.auth_token, url),
                user_agent_header=twilio.STREAM_USER_AGENT,
                compression=None,
                open_timeout=10,
            )
        except (OSError, TimeoutError, WebSocketException) as error:
            record.outcome = "stream-failed"
            record.problems.append(f"stream: {error!r}")
            return
        record.stream_open_at, record.stream_sid = self._now(), twilio.new_sid("MZ")
        self._say(f"stream open: {target}")
        async with socket:
            reader = asyncio.create_task(self._read(socket))
            try:
                await self._write(socket, parameters)
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader
        record.closed_at, record.close_code = self._now(), socket.close_code

    async def _write(self, socket: ClientConnection, parameters: dict[str, str]) -> None:
        """The only writer: 20 ms ticks at absolute deadlines, so pacing never drifts."""
        record, sid = self.record, self.record.stream_sid or ""
        await socket.send(frames.connected())
        await socket.send(frames.start(1, sid, record.account_sid, record.call_sid, parameters))
        record.start_sent_at = self._now()
        sequence, chunk, loop = 1, 0, asyncio.get_running_loop()
        deadline = loop.time()
        self._turn = _TurnTaking(self, record.start_sent_at)
        try:
            while not self._hang_up:
                now = self._now()
                released, self._echo_now = self._echo_now, []  # swapped first: the reader may add while we send
                for name in released + self._playback.due_marks(now):
                    sequence += 1
                    await socket.send(frames.mark(sequence, sid, name))
                    record.marks_echoed.append((now, name))
                if self._dtmf:
                    digit = self._dtmf.pop(0)
                    sequence += 1
                    await socket.send(frames.dtmf(sequence, sid, digit))
                    record.dtmf_sent.append((now, digit))
                sequence, chunk = sequence + 1, chunk + 1
                await socket.send(
                    frames.media(sequence, sid, chunk, (chunk - 1) * voice.FRAME_MS, self._turn.next(now))
                )
                record.frames_sent += 1
                deadline += TICK
                lag = loop.time() - deadline
                if lag > 0.2:  # overloaded: resynchronise instead of bursting the backlog
                    record.max_send_lag_ms = max(record.max_send_lag_ms, lag * 1000)
                    deadline = loop.time()
                elif lag > 0:
                    record.max_send_lag_ms = max(record.max_send_lag_ms, lag * 1000)
                await asyncio.sleep(max(0.0, deadline - loop.time()))
            sequence += 1
            await socket.send(frames.stop(sequence, sid, record.account_sid, record.call_sid))
            record.stop_sent_at, record.outcome = self._now(), "completed"
            self._say("caller hung up")
        except ConnectionClosed:
            record.outcome = "stream-closed"
            self._say("the server closed the stream")

    async def _read(self, socket: ClientConnection) -> None:
        record, playback = self.record, self._playback
        try:
            async for raw in socket:
                now = self._now()
                try:
                    command = frames.decode_command(raw)
                except frames.BadCommand as error:
                    record.problems.append(f"at {now:.3f}s: {error}")
                    continue
                if command.stream_sid != record.stream_sid:
                    record.problems.append(f"at {now:.3f}s: {type(command).__name__.lower()} for another streamSid")
                    continue
                if isinstance(command, frames.Play):
                    playback.queue_audio(now, len(command.audio))
                    self._heard(now, command.audio)
                elif isinstance(command, frames.PlayMark):
                    playback.queue_mark(now, command.name)
                    record.marks_received.append((now, command.name))
                else:
                    self._echo_now.extend(playback.clear(now))
                    record.clears.append(now)
                    turn = record.turns[-1] if record.turns else None
                    if turn is not None and turn.clear_at is None:
                        turn.clear_at = now
                        if turn.over_agent:
                            self._say(f"agent cleared {1000 * (now - turn.started_at):.0f} ms after the barge-in")
        except ConnectionClosed:
            pass
        self._hang_up = True  # the socket is gone: nothing more to send

    def _heard(self, now: float, audio: bytes) -> None:
        record = self.record
        record.media_frames_received += 1
        record.media_bytes_received += len(audio)
        if self.keep_audio:
            record.received_audio += audio
        if record.first_audio_at is None:
            record.first_audio_at = now
            self._say(f"first agent audio {1000 * (record.time_to_first_audio or 0):.0f} ms after start")
        self._agent_replied = True
        if record.turns:
            turn = record.turns[-1]
            if turn.first_audio_after_start is None:
                turn.first_audio_after_start = now
            if turn.ended_at is not None and turn.first_audio_after_end is None:
                turn.first_audio_after_end = now


class _TurnTaking:
    """Decides, tick by tick, whether the caller is silent or speaking, and which script item comes next."""

    def __init__(self, call: SimulatedCall, now: float) -> None:
        self.call = call
        self.items = list(call.script)
        self.waiting_since = now
        self.speech_left = 0
        self.waited_out = False

    def next(self, now: float) -> str:
        """The payload of this tick's frame."""
        call = self.call
        if self.speech_left:
            self.speech_left -= 1
            if not self.speech_left:
                call.record.turns[-1].ended_at = now
                call._agent_replied, self.waiting_since = False, now
            return next(call._speech)
        if now >= call.max_call_seconds:
            call.hang_up()
        elif self.items and isinstance(self.items[0], Press):
            call.press(self.items.pop(0).digits)
        elif self._may_speak(now):
            if not self.items:
                call.hang_up()
            else:
                self._say(now, self.items.pop(0))
                return self.next(now)
        return next(call._silence)

    def _may_speak(self, now: float) -> bool:
        call, playback = self.call, self.call._playback
        line = self.items[0] if self.items else None
        if isinstance(line, Line) and line.barge_in_after_ms is not None:
            # Only a reply counts: audio that began after the caller's last line (not the tail of an echo of it).
            began = playback.playing_since(now)
            ready = began is not None and began >= self.waiting_since and now - began >= line.barge_in_after_ms / 1000
        else:
            quiet_since = playback.silent_since(now)
            ready = call._agent_replied and quiet_since is not None and now - quiet_since >= call.pause_after_agent
        self.waited_out = not ready and now - self.waiting_since >= call.max_wait_for_agent
        return ready or self.waited_out

    def _say(self, now: float, line: ScriptItem) -> None:
        assert isinstance(line, Line)
        call = self.call
        over_agent = call._playback.playing(now)
        call.record.turns.append(Turn(line.text, now, over_agent, waited_out=self.waited_out))
        self.speech_left = voice.speech_frame_count(line.text)
        # Each line starts somewhere else in the speech loop, like a different sentence would.
        next(islice(call._speech, len(call.record.turns) * 37, None), None)
        how = "over the agent" if over_agent else ("after waiting" if self.waited_out else "")
        call._say(f"caller says {line.text!r} {how}".rstrip())
