"""A browser on the web-call socket (`docs/web-call-protocol.md`), for tests, rehearsals and load.

It does what the embed SDK does, minus the sound card: `start` with the token (from its page's Origin),
then every 20 ms one binary frame of PCM16 24 kHz (speech-like while saying a line, faint noise between),
or typed `text` turns; agent audio "plays" in real time (`Playback`), marks are echoed when reached and
all pending ones at a `clear`. Two tasks per call: a reader and the only writer. Frames are made once
per process, so hundreds of calls on one event loop only pick bytes from a tuple.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import cycle, islice

import numpy as np
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from local_platform.caller.playback import BYTES_PER_SECOND as PLAYBACK_BYTES_PER_SECOND
from local_platform.caller.playback import Playback
from local_platform.caller.record import Line, Turn
from local_platform.caller.voice import speech_frame_count

SAMPLE_RATE = 24_000
FRAME_MS = 20
FRAME_BYTES = SAMPLE_RATE * 2 * FRAME_MS // 1000  # 960 bytes of PCM16 per 20 ms
TICK = FRAME_MS / 1000
PCM_BYTES_PER_SECOND = SAMPLE_RATE * 2
HANG_UP_WAIT_SECONDS = 5.0  # after `hangup`, how long to wait for `ended` and the close


@lru_cache(maxsize=1)
def speech_frames() -> tuple[bytes, ...]:
    """Four seconds of a voiced, syllabic signal (the phone caller's, at 24 kHz PCM16): about -18 dBFS."""
    t = np.arange(4 * SAMPLE_RATE) / SAMPLE_RATE
    pitch = 140 + 25 * np.sin(2 * np.pi * 0.7 * t) + 10 * np.sin(2 * np.pi * 2.3 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / SAMPLE_RATE
    harmonics = sum(weight * np.sin(k * phase) for k, weight in enumerate((1.0, 0.6, 0.45, 0.3, 0.2, 0.12), 1))
    syllables = (0.55 + 0.45 * np.sin(2 * np.pi * 4.5 * t - np.pi / 2)) ** 1.5
    breath = np.random.default_rng(7).normal(0.0, 0.03, t.size)
    signal = harmonics / np.abs(harmonics).max() * syllables + breath
    return _frames(np.clip(signal * 0.4 * 32767, -32767, 32767))


@lru_cache(maxsize=1)
def silence_frames() -> tuple[bytes, ...]:
    """One second of faint room noise (about -70 dBFS): what an open microphone sends, not digital zero."""
    return _frames(np.random.default_rng(11).normal(0.0, 10.0, SAMPLE_RATE))


def _frames(signal: np.ndarray) -> tuple[bytes, ...]:
    pcm = signal.astype("<i2").tobytes()
    return tuple(pcm[at : at + FRAME_BYTES] for at in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES))


@dataclass
class WebCallRecord:
    """What the browser saw; times are seconds since the socket was opened, on the loop's monotonic clock."""

    outcome: str = "placed"  # "ended" (the runtime ended it), "hung-up" (we did), "refused", "closed", "failed"
    call_id: str | None = None
    channel: str | None = None
    sample_rate: int | None = None
    error_code: str | None = None
    end_reason: str | None = None
    close_code: int | None = None
    start_sent_at: float | None = None
    ready_at: float | None = None
    first_audio_at: float | None = None
    audio_bytes_received: int = 0
    frames_sent: int = 0
    marks_received: list[tuple[float, str]] = field(default_factory=list)
    marks_echoed: list[tuple[float, str]] = field(default_factory=list)
    clears: list[float] = field(default_factory=list)
    transcripts: list[tuple[str, str]] = field(default_factory=list)  # (speaker, text), as sent live
    turns: list[Turn] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    max_send_lag_ms: float = 0.0

    @property
    def time_to_first_audio(self) -> float | None:
        """From sending `start` to the agent's first audio frame."""
        if self.first_audio_at is None or self.start_sent_at is None:
            return None
        return self.first_audio_at - self.start_sent_at

    @property
    def audio_samples_received(self) -> int:
        return self.audio_bytes_received // 2


class WebCall:
    """One browser call to `url` (`ws://.../web`) with `token`, from a page at `origin`.

    `script`: lines to say (or, with `typed=True`, to type: a test call in text mode, no microphone). A line
    is said once the agent replied and was quiet for `pause_after_agent`, or after `max_wait_for_agent`;
    `Line(..., barge_in_after_ms=...)` talks over the reply instead. With the script done, the caller hangs
    up the next time it may speak. `stamp` may rewrite each outgoing frame, `on_audio(frame)` sees each
    incoming one (benchmarks tag and time frames through them).
    """

    def __init__(
        self,
        url: str,
        token: str,
        *,
        origin: str | None,
        script: Iterable[str | Line] = (),
        typed: bool = False,
        pause_after_agent: float = 0.6,
        max_wait_for_agent: float = 8.0,
        max_call_seconds: float = 120.0,
        open_timeout: float = 10.0,
        send_start: bool = True,
        stamp: Callable[[bytes], bytes] | None = None,
        on_audio: Callable[[bytes], None] | None = None,
    ) -> None:
        self.url, self.token, self.origin = url, token, origin
        self.script = [Line(item) if isinstance(item, str) else item for item in script]
        self.typed, self.send_start = typed, send_start
        self.pause_after_agent, self.max_wait_for_agent = pause_after_agent, max_wait_for_agent
        self.max_call_seconds, self.open_timeout = max_call_seconds, open_timeout
        self._stamp, self._on_audio = stamp, on_audio
        self.record = WebCallRecord()
        self._t0 = 0.0
        self._playback = Playback()
        self._echo_now: list[str] = []  # marks a clear released, echoed on the next tick
        self._done = False  # the socket is closing: stop sending
        self._hang_up = False  # the caller is done: send `hangup`
        self._agent_replied = False
        self._waiting_since = 0.0
        self._speech_left = 0
        self._speech = cycle(speech_frames())
        self._silence = cycle(silence_frames())

    def _now(self) -> float:
        return asyncio.get_running_loop().time() - self._t0

    async def run(self) -> WebCallRecord:
        self._t0 = asyncio.get_running_loop().time()
        record = self.record
        try:
            socket = await connect(self.url, origin=self.origin, compression=None, open_timeout=self.open_timeout)  # type: ignore[arg-type]
        except (OSError, TimeoutError, WebSocketException) as error:
            record.outcome = "failed"
            record.problems.append(f"connect: {error!r}")
            return record
        async with socket:
            if self.send_start:
                await socket.send(json.dumps({"type": "start", "token": self.token}))
                record.start_sent_at = self._now()
            if await self._admitted(socket):
                reader = asyncio.create_task(self._read(socket))
                try:
                    await self._write(socket)
                    async with asyncio.timeout(HANG_UP_WAIT_SECONDS):
                        await reader
                except TimeoutError:
                    record.problems.append("no close after hanging up")
                finally:
                    reader.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await reader
        record.close_code = socket.close_code
        if record.outcome == "placed":
            record.outcome = "ended" if record.end_reason else "closed"
        return record

    async def _admitted(self, socket: ClientConnection) -> bool:
        """Wait for `ready` (True) or an `error` / the close (False)."""
        try:
            async for raw in socket:
                message = json.loads(raw) if isinstance(raw, str) else {}
                if message.get("type") == "ready":
                    record = self.record
                    record.ready_at, record.call_id = self._now(), message.get("call_id")
                    record.channel, record.sample_rate = message.get("channel"), message.get("sample_rate")
                    return True
                if message.get("type") == "error":
                    self.record.outcome, self.record.error_code = "refused", message.get("code")
                else:
                    self.record.problems.append(f"before ready: {str(raw)[:80]!r}")
        except ConnectionClosed:
            pass
        return False

    # -- the writer: microphone frames, mark echoes, typed turns, hang-up -------------------------------
    async def _write(self, socket: ClientConnection) -> None:
        loop, record = asyncio.get_running_loop(), self.record
        deadline = loop.time()
        self._waiting_since = self._now()
        try:
            while not self._done:
                now = self._now()
                released, self._echo_now = self._echo_now, []
                for name in released + self._playback.due_marks(now):
                    await socket.send(json.dumps({"type": "mark", "name": name}))
                    record.marks_echoed.append((now, name))
                frame = self._next_frame(now)
                if self._hang_up:
                    await socket.send('{"type": "hangup"}')
                    record.outcome = "hung-up"
                    return
                if isinstance(frame, str):
                    await socket.send(json.dumps({"type": "text", "text": frame}))
                elif frame is not None:
                    await socket.send(self._stamp(frame) if self._stamp else frame)
                    record.frames_sent += 1
                deadline += TICK
                lag = loop.time() - deadline
                record.max_send_lag_ms = max(record.max_send_lag_ms, lag * 1000)
                if lag > 0.2:  # overloaded: resynchronise instead of bursting the backlog
                    deadline = loop.time()
                await asyncio.sleep(max(0.0, deadline - loop.time()))
        except ConnectionClosed:
            pass

    def _next_frame(self, now: float) -> bytes | str | None:
        """This tick's audio frame (None in text mode), or a line to type; sets `_hang_up` when done."""
        if self._speech_left:
            self._speech_left -= 1
            if not self._speech_left:
                self.record.turns[-1].ended_at = now
                self._agent_replied, self._waiting_since = False, now
            return next(self._speech)
        if now >= self.max_call_seconds:
            self._hang_up = True
        elif self._may_speak(now):
            if not self.script:
                self._hang_up = True
            else:
                return self._say(now, self.script.pop(0))
        return None if self.typed else next(self._silence)

    def _may_speak(self, now: float) -> bool:
        playback = self._playback
        line = self.script[0] if self.script else None
        if line is not None and line.barge_in_after_ms is not None:
            began = playback.playing_since(now)
            ready = began is not None and began >= self._waiting_since and now - began >= line.barge_in_after_ms / 1000
        else:
            quiet_since = playback.silent_since(now)
            ready = self._agent_replied and quiet_since is not None and now - quiet_since >= self.pause_after_agent
        return ready or now - self._waiting_since >= self.max_wait_for_agent

    def _say(self, now: float, line: Line) -> bytes | str:
        turn = Turn(line.text, now, self._playback.playing(now))
        self.record.turns.append(turn)
        if self.typed:
            turn.ended_at = now
            self._agent_replied, self._waiting_since = False, now
            return line.text
        self._speech_left = speech_frame_count(line.text)
        next(islice(self._speech, len(self.record.turns) * 37, None), None)  # each line sounds a bit different
        return self._next_frame(now)  # type: ignore[return-value]

    # -- the reader: agent audio into the playback buffer, marks, clears, transcripts, the end -----------
    async def _read(self, socket: ClientConnection) -> None:
        record, playback = self.record, self._playback
        try:
            async for raw in socket:
                now = self._now()
                if isinstance(raw, bytes):
                    self._heard(now, raw)
                    continue
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "mark":
                    playback.queue_mark(now, message["name"])
                    record.marks_received.append((now, message["name"]))
                elif kind == "clear":
                    self._echo_now.extend(playback.clear(now))
                    record.clears.append(now)
                    turn = record.turns[-1] if record.turns else None
                    if turn is not None and turn.clear_at is None:
                        turn.clear_at = now
                elif kind == "transcript":
                    record.transcripts.append((message["speaker"], message["text"]))
                elif kind == "ended":
                    record.end_reason = message.get("reason")
                elif kind == "error":
                    record.error_code = message.get("code")
                else:
                    record.problems.append(f"unknown message {kind!r}")
        except ConnectionClosed:
            pass
        self._done = True

    def _heard(self, now: float, audio: bytes) -> None:
        record = self.record
        if self._on_audio is not None:
            self._on_audio(audio)
        # Playback counts μ-law bytes (8000 a second); PCM16 at 24 kHz is 48000 bytes a second.
        self._playback.queue_audio(now, len(audio) * PLAYBACK_BYTES_PER_SECOND // PCM_BYTES_PER_SECOND)
        record.audio_bytes_received += len(audio)
        if record.first_audio_at is None:
            record.first_audio_at = now
        self._agent_replied = True
        if record.turns:
            turn = record.turns[-1]
            if turn.first_audio_after_start is None:
                turn.first_audio_after_start = now
            if turn.ended_at is not None and turn.first_audio_after_end is None:
                turn.first_audio_after_end = now


async def place_web_call(url: str, token: str, **options: object) -> WebCallRecord:
    """Place one browser call and play it out (see `WebCall` for the options)."""
    return await WebCall(url, token, **options).run()  # type: ignore[arg-type]
