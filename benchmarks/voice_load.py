"""Voice runtime under load: N concurrent simulated phone calls through `python -m voice_container`.

Processes on loopback: the AWS emulator (moto, provisioned as `make run` does), the Realtime stand-in
(real-time pacing, tone voice; STANDIN_WORKERS processes on one port), the runtime, the callers
(CALLER_PROCESSES processes, each one event loop of `SimulatedCall`s sharing one HTTP client) and this
one, which samples every process's CPU and RSS from /proc. The harness is split so that no event loop
of it falls behind by itself at 200 calls: its lateness would be counted as the runtime's. Each step
(N calls) gets a fresh stand-in and runtime, two warm-up calls, a wait for a quiet machine (other people's
processes under QUIET_PCT % of a core), then N calls started evenly over RAMP_SECONDS (10 set-ups a
second at 200: several times what 200 live calls of a few minutes bring; `--ramp-seconds 10` doubles it),
each ~45 s of conversation: greeting, six answers, the second and the fifth said over the agent (barge-in),
goodbye, agent hang-up, so all N are live together for ~20 s.
The stand-in, emulator and callers run at nice +5: in production the runtime has its CPUs to itself.
The soak keeps SOAK_CALLS calls talking for SOAK_SECONDS (the caller cannot go faster than real time, so
nothing is compressed) and fits a line to the runtime's RSS, sampled every 10 s.

Relay latency is timed at both ends of the same frame: every caller frame and every stand-in audio delta
carries an 8-byte tag in its first μ-law samples (codes within ±120 of zero: inaudible, far below the
VAD threshold), which the runtime passes through untouched; both ends stamp CLOCK_MONOTONIC, which all
processes share. The stand-in children wrap each session's socket to read and write the tags; the runtime
child is `voice_container.__main__.main()` plus a loop-lag probe task, a garbage-collection timer and a
timer around the webhook's routing lookup, read at `GET /bench/probe`. Nothing else differs.

    python -m benchmarks voice_load                               # 50 and 200 calls, then the soak
    python -m benchmarks.voice_load --steps 50,100,200 --big --soak-seconds 180
    python -m benchmarks.voice_load --steps 200 --ramp-seconds 60 --soak-seconds 0   # 200 calls, gentler arrivals
    VOICE_LOAD_STEPS=50,200,500 python -m benchmarks voice_load

Columns: `dropped` runtime counters (to provider + to caller); `lost` frames the other end never got
(caller->stand-in + stand-in->caller; not the last second of a call, not a cancelled response's tail);
`up`/`down` ms from a frame leaving the caller (stand-in) to it reaching the stand-in (caller): the
runtime's relay plus two loopback hops plus how late the receiving loop read it, an upper bound on the
latency the runtime adds (the breakdown splits the p99s by when the frame was sent: `ramp_*` while calls
were being set up, `all_live_*` while every call was live, for `all_live_s` seconds: the steady state, and
`ending_*` once calls had begun to end, with their after-call work);
`barge` ms from `speech_started` leaving the stand-in to `clear` reaching the caller; `greet` ms from the
webhook POST to the first greeting frame at the caller, less the stand-in's generation time and the routing
lookup (emulated DynamoDB); `cpu_pct` the runtime's CPU % of one core on
the plateau (>= 90% of the peak of live calls), `cpu_peak` its busiest second; `rss_mib` its peak RSS and
`kib_call` (peak - after warm-up) / live calls; `lag` its event-loop lag; `harness` "saturated" when the
stand-in's or callers' loop lagged (their lateness is then in `up`/`down`), "shared" when other processes
used the machine meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.processes import (
    HOST,
    ROOT,
    Child,
    LagProbe,
    audio_delta_at,
    free_port,
    group_usage,
    probed_runtime,
    proc_usage,
    serve_emulator,
)
from local_platform import event_loop

STEPS = (50, 200)
BIG_STEP = 500
RAMP_SECONDS = 20.0
SOAK_CALLS = 10
SOAK_SECONDS = 180.0
SOAK_SAMPLE_SECONDS = 10.0
WARM_UP_CALLS = 2
IN_FLIGHT_SECONDS = 1.0  # frames sent this close to a call's end may legitimately die with the sockets
LOAD_NUMBER, SOAK_NUMBER = "+15555550180", "+15555550181"
AUTH_TOKEN = "voice-load-twilio-token"

SEQ_BITS = 20  # a tag: stream index (call, or stand-in session) << SEQ_BITS | frame number
CALLER_FRAME_BYTES = 160  # 20 ms of μ-law 8 kHz, as Twilio sends
FRAME_B64_CHARS = 4 * -(-CALLER_FRAME_BYTES // 3)  # one frame's base64 length (216)
TAG_CHARS = 12  # base64 characters carrying the 8 tag bytes (and the payload's 9th byte, kept as it was)
APPEND = '{"type":"input_audio_buffer.append","audio":"'  # the runtime's own framing (server_events.append_audio)
WARM_UP_BASE = 4000  # call indexes of warm-up calls
QUIET_PCT, QUIET_WAIT_SECONDS = 25.0, 300.0  # other processes' CPU allowed when a step starts, and the wait for it
HARNESS_LAG_MS = 10.0  # stand-in or caller loop lag (p99) beyond this: the harness, not the runtime, is late
# The runtime would have its own CPUs in production; here it shares them with the stand-in, the emulator and
# the callers, so they run at a lower priority (nice +5) and the runtime gets the CPU first when both want it.
HARNESS_NICE = 5
# The stand-in serves its port from this many processes (SO_REUSEPORT): one event loop doing the provider's
# side of 200 calls falls behind by itself, and its lateness would be counted as the runtime's.
STANDIN_WORKERS = 2
CALLER_PROCESSES = 2  # the same for the callers' side: each process places every CALLER_PROCESSES-th call
CALLERS_START_SECONDS = 3.0  # the caller processes start (import, connect) before the first call is due

LOAD_SCRIPT_TEXT = (  # only the lengths matter: the stand-in answers with plausible transcripts
    ("Alex Morgan", None),
    ("It's four one five, five five five, zero one three four.", 800),  # over the agent's next question
    ("I'd like to book a cleaning, please.", None),
    ("Tuesday morning would be best.", None),
    ("Delta Dental, the PPO plan.", 800),
    ("Yes, I was there last spring.", None),
)


# -- tags ------------------------------------------------------------------------------------------
def stamp(head_b64: str, tag: int) -> str:
    """The first TAG_CHARS of a base64 μ-law payload with `tag` written into its first 8 samples."""
    kept = base64.b64decode(head_b64)[8:9]
    marked = bytes(0xF0 | (tag >> shift) & 0xF for shift in range(28, -1, -4))
    return base64.b64encode(marked + kept).decode("ascii")


def tag_of(head_b64: str) -> int | None:
    try:
        raw = base64.b64decode(head_b64)[:8]
    except ValueError:
        return None
    return _tag_in(raw)


def _tag_in(raw: bytes) -> int | None:
    if len(raw) < 8 or min(raw) < 0xF0:
        return None
    tag = 0
    for byte in raw[:8]:
        tag = tag << 4 | byte & 0xF
    return tag


def tags_of_append(audio_b64: str) -> list[int]:
    """Every caller frame's tag in one append: the runtime merges frames that queued behind a slow provider
    socket into one (`frames_merged_to_provider`), each frame's 160 bytes with its tag at their start."""
    if len(audio_b64) <= FRAME_B64_CHARS:
        tag = tag_of(audio_b64[:TAG_CHARS])
        return [] if tag is None else [tag]
    try:
        raw = base64.b64decode(audio_b64)
    except ValueError:
        return []
    found = (_tag_in(raw[at : at + 8]) for at in range(0, len(raw), CALLER_FRAME_BYTES))
    return [tag for tag in found if tag is not None]


def _retag(message: str, at: int, tag: int) -> str:
    return message[:at] + stamp(message[at : at + TAG_CHARS], tag) + message[at + TAG_CHARS :]


# -- the child processes ---------------------------------------------------------------------------
def _serve_runtime() -> int:
    """`python -m voice_container`'s main, plus what only the runtime's own process can see, served at
    `GET /bench/probe` (and reset): its event-loop lag, and per CallSid how long the webhook's routing
    lookup took (DynamoDB, here the emulator), so the greeting overhead can be told apart from it."""
    import contextvars

    import voice_container.runtime as runtime_module

    route, answer = runtime_module.route_phone_call, runtime_module.VoiceRuntime.answer_phone_call
    probe, call_sid = LagProbe(), contextvars.ContextVar[str | None]("call_sid", default=None)
    lookups: dict[str, float] = {}
    collections: list[tuple[float, int, float]] = []  # (when, generation, ms) of each garbage collection
    collecting: list[float] = [0.0]

    def timed_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.monotonic()
        else:
            collections.append((collecting[0], info["generation"], (time.monotonic() - collecting[0]) * 1000))

    gc.callbacks.append(timed_gc)

    def timed_route(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return route(*args, **kwargs)
        finally:  # in the worker thread: asyncio.to_thread copied the request's context, CallSid included
            lookups[call_sid.get() or "?"] = (time.perf_counter() - began) * 1000

    async def answer_with_sid(self: Any, params: Any) -> str:
        call_sid.set(params.get("CallSid"))
        return await answer(self, params)

    def on_request(scope: dict[str, Any]) -> None:
        if scope["type"] == "http" and os.environ.pop("VOICE_LOAD_GC_FREEZE", None):
            gc.collect()  # the experiment `--gc-freeze`: what start-up leaves is never scanned again
            gc.freeze()
        probe.start()

    def read() -> dict[str, Any]:
        taken = {"lag": probe.take_timed(), "lookups": dict(lookups), "gc": collections[:]}
        lookups.clear()
        collections.clear()
        return taken

    runtime_module.route_phone_call = timed_route
    runtime_module.VoiceRuntime.answer_phone_call = answer_with_sid
    return probed_runtime("/bench/probe", read, on_request=on_request)


@dataclass
class _StandinLog:
    worker: int = 0  # this stand-in process's sessions are numbered worker, worker + workers, ...
    workers: int = 1
    up_tags: array = field(default_factory=lambda: array("Q"))
    up_at: array = field(default_factory=lambda: array("d"))
    down_tags: array = field(default_factory=lambda: array("Q"))
    down_at: array = field(default_factory=lambda: array("d"))
    down_items: array = field(default_factory=lambda: array("I"))  # which of its session's items, 0, 1, ...
    sessions: list[dict[str, Any]] = field(default_factory=list)


class _StandinTap:
    """A stand-in session's socket: tags outgoing audio deltas, reads incoming tags, times both, and notes
    when the greeting was asked for, speech started and responses began and ended."""

    def __init__(self, ws: Any, log: _StandinLog) -> None:
        self._ws, self._log, self._seq, self._items = ws, log, 0, {}
        self.index = log.worker + log.workers * len(log.sessions)
        self.seen: dict[str, Any] = {"index": self.index, "at": time.monotonic(), "create": None}
        self.seen |= {"first_delta": None, "call": None}
        self.seen |= {"speech_started": [], "edges": []}
        log.sessions.append(self.seen)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)

    async def send(self, message: str) -> None:
        head, now, at = message[:48], time.monotonic(), audio_delta_at(message)
        if at is not None:
            if message.find('"', at) - at > TAG_CHARS:
                tag = self.index << SEQ_BITS | self._seq % (1 << SEQ_BITS)
                message, self._seq = _retag(message, at, tag), self._seq + 1
                self._log.down_tags.append(tag)
                self._log.down_at.append(now)
                item = message.find('"item_id":"') + 11
                self._log.down_items.append(
                    self._items.setdefault(message[item : message.find('"', item)], len(self._items))
                )
                if self.seen["first_delta"] is None:
                    self.seen["first_delta"] = now
        elif "speech_started" in head:
            self.seen["speech_started"].append(now)
        elif '"response.created"' in head or '"response.done"' in head:
            self.seen["edges"].append(now)
        await self._ws.send(message)

    def __aiter__(self) -> Any:
        return self._messages()

    async def _messages(self) -> Any:
        log = self._log
        async for message in self._ws:
            now = time.monotonic()
            if isinstance(message, str) and message.startswith(APPEND):
                for tag in tags_of_append(message[len(APPEND) : message.rindex('"')]):
                    log.up_tags.append(tag)
                    log.up_at.append(now)
                    if self.seen["call"] is None:
                        self.seen["call"] = tag >> SEQ_BITS
            elif isinstance(message, str) and self.seen["create"] is None and '"response.create"' in message[:40]:
                self.seen["create"] = now
            yield message


def _serve_standin(port: int, out: str, worker: int, workers: int, caller_lines: list[str]) -> None:
    """One of the stand-in's `workers` processes on `port`; writes `out` when stopped, `out`.ready once serving."""
    import numpy as np

    import local_platform.realtime_standin.server as server
    from local_platform.realtime_standin import StandinBehaviour, start_standin

    log, session_class, lag = _StandinLog(worker, workers), server.RealtimeSession, LagProbe()
    server.RealtimeSession = lambda ws, **options: session_class(_StandinTap(ws, log), **options)
    behaviour = StandinBehaviour(
        caller_lines=tuple(caller_lines), pace=1.0, voice_engine="tone", max_connections=100_000
    )

    async def serve() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        standin = await start_standin(HOST, port, behaviour=behaviour, reuse_port=True)
        Path(f"{out}.ready").touch()
        lag.start()
        await stop.wait()
        await standin.stop()

    event_loop.run(serve())
    np.savez(
        out,
        up_tags=np.frombuffer(log.up_tags, dtype=np.uint64),
        up_at=np.frombuffer(log.up_at, dtype=np.float64),
        down_tags=np.frombuffer(log.down_tags, dtype=np.uint64),
        down_at=np.frombuffer(log.down_at, dtype=np.float64),
        down_items=np.frombuffer(log.down_items, dtype=np.uint32),
        lag=np.array(lag.take_timed()).reshape(-1, 2),  # (when, ms)
        sessions=np.array(json.dumps(log.sessions)),
    )


def _child(role: str, *args: str, env: dict[str, str], logs: Path, nice: int = 0) -> Child:
    command = [sys.executable, "-m", "benchmarks.voice_load", "--serve", role, *args]
    return Child(role, command, env=env, log=logs / f"{role}.log", nice=nice)


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (every process, all CPUs), from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(pids: list[int], *, limit: float = QUIET_WAIT_SECONDS) -> float:
    """Wait (up to `limit` s) until processes other than `pids` use under QUIET_PCT % of a core for 3 s
    (other people's builds, tests or benchmarks on a shared machine); returns their last % seen."""
    deadline, foreign, waited = time.monotonic() + limit, 0.0, 0
    while True:
        before = _machine_busy() - sum(proc_usage(pid)[0] for pid in pids)
        time.sleep(3.0)
        foreign = 100 * (_machine_busy() - sum(proc_usage(pid)[0] for pid in pids) - before) / 3.0
        if foreign < QUIET_PCT or time.monotonic() > deadline:
            return round(foreign, 1)
        if not waited % 10:
            print(f"  waiting for a quieter machine: other processes use {foreign:.0f}% of a core", flush=True)
        waited += 1


# -- the platform -----------------------------------------------------------------------------------
class Platform:
    """The emulator (seeded: one agent with six questions on LOAD_NUMBER, one without on SOAK_NUMBER),
    and per step a fresh stand-in and runtime."""

    def __init__(self, logs: Path) -> None:
        self.logs, self._environ = logs, dict(os.environ)
        port = free_port()
        self.aws_env = {
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": f"http://{HOST}:{port}",
            "POWERTOOLS_METRICS_DISABLED": "true",
        }
        self.emulator = _child("emulator", str(port), env={**os.environ, **self.aws_env}, logs=logs, nice=HARNESS_NICE)
        self.emulator.wait_for(f"tcp:{port}")
        self._seed()

    def _seed(self) -> None:
        import boto3

        from local_platform.provision import INGEST_RULE, provision
        from vocadesk.accounts import open_account
        from vocadesk.models.agents import Agent, ConversationDesign, Question
        from vocadesk.models.clients import Client
        from vocadesk.models.phone_numbers import PhoneNumber
        from vocadesk.settings import get_settings
        from vocadesk.storage.repositories import default_repositories

        os.environ.update(self.aws_env)
        get_settings.cache_clear()
        settings = get_settings()
        provision(settings, boto3.session.Session())  # what `make run` provisions: table, bus, recordings bucket...
        # ...less the bus's delivery to the ingest queue: nothing reads it here, and the emulator would spend a
        # machine the four processes already share on it.
        events = boto3.client("events")
        targets = events.list_targets_by_rule(Rule=INGEST_RULE, EventBusName=settings.event_bus_name)["Targets"]
        events.remove_targets(Rule=INGEST_RULE, EventBusName=settings.event_bus_name, Ids=[t["Id"] for t in targets])
        repos = default_repositories()
        account, _ = open_account(repos, name="Load Test", owner_email="owner@load.example", owner_name="Owner")
        client = repos.clients.create(Client(account_id=account.id, name="Bright Smile Dental"))
        agents = {
            LOAD_NUMBER: Agent(
                account_id=account.id,
                client_id=client.id,
                name="Front desk",
                conversation=ConversationDesign(greeting="Thank you for calling Bright Smile Dental, how can I help?"),
                questions=[  # one per caller line of LOAD_SCRIPT_TEXT
                    Question(key="full_name", prompt="What is your full name?"),
                    Question(key="callback_number", prompt="What is the best number to reach you?", type="phone"),
                    Question(key="reason", prompt="What is the reason for your visit?"),
                    Question(key="preferred_day", prompt="Which day would suit you best?"),
                    Question(key="insurance", prompt="Who is your dental insurance with?"),
                    Question(key="visited_before", prompt="Have you visited us before?", type="yes_no"),
                ],
            ),
            SOAK_NUMBER: Agent(account_id=account.id, client_id=client.id, name="Chat"),
        }
        for number, agent in agents.items():
            stored = repos.agents.create(agent)
            repos.phone_numbers.create(
                PhoneNumber(account_id=account.id, number=number, agent_id=stored.id, client_id=client.id)
            )

    @contextlib.contextmanager
    def voice(self, name: str, caller_lines: tuple[str, ...] = ()) -> Any:
        """A fresh stand-in (STANDIN_WORKERS processes) and runtime; yields (runtime url, runtime pid, stand-in
        pids, stand-in data: every worker's, merged)."""
        standin_port, voice_port = free_port(), free_port()
        outs = [self.logs / f"standin-{name}-{worker}.npz" for worker in range(STANDIN_WORKERS)]
        lines = [arg for line in caller_lines for arg in ("--caller-line", line)]
        standins = [
            _child(
                "standin",
                *(str(standin_port), str(out), str(worker), str(STANDIN_WORKERS)),
                *lines,
                env=dict(os.environ),
                logs=self.logs,
                nice=HARNESS_NICE,
            )
            for worker, out in enumerate(outs)
        ]
        env = {
            **os.environ,
            **self.aws_env,
            "VOCADESK_REALTIME_URL": f"ws://{HOST}:{standin_port}/v1",
            "VOCADESK_VOICE_HOST": HOST,
            "VOCADESK_VOICE_PORT": str(voice_port),
            "VOCADESK_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "VOCADESK_STREAM_TOKEN_SECRET": "voice-load-" + "s" * 32,
            "VOCADESK_DRAIN_SECONDS": "5",
        }
        env.pop("VOCADESK_VOICE_PUBLIC_URL", None)
        runtime = _child("runtime", env=env, logs=self.logs)
        data: dict[str, Any] = {}
        try:
            for standin, out in zip(standins, outs, strict=True):
                standin.wait_for(f"file:{out}.ready")
            runtime.wait_for(f"http://{HOST}:{voice_port}/healthz")
            yield f"http://{HOST}:{voice_port}", runtime.pid, [standin.pid for standin in standins], data
        finally:
            runtime.stop()
            for standin in standins:
                standin.stop()
            data.update(_merged_standin_data([out for out in outs if out.exists()]))

    def close(self) -> None:
        from vocadesk import aws_clients
        from vocadesk.settings import get_settings
        from vocadesk.storage.repositories import default_repositories

        self.emulator.stop()
        os.environ.clear()
        os.environ.update(self._environ)  # later benchmarks in this process must not reach the emulator
        for cached in (get_settings, default_repositories, aws_clients.client):
            cached.cache_clear()


def _merged_standin_data(outs: list[Path]) -> dict[str, Any]:
    """The stand-in workers' logs as one: arrays concatenated, sessions (each knows its index) listed."""
    import numpy as np

    if not outs:
        return {}
    saved = []
    for out in outs:
        with np.load(out) as arrays:
            saved.append({key: arrays[key] for key in arrays.files})
    merged = {key: np.concatenate([part[key] for part in saved]) for key in saved[0] if key != "sessions"}
    merged["sessions"] = [session for part in saved for session in json.loads(str(part["sessions"]))]
    return merged


# -- the callers ------------------------------------------------------------------------------------
class _CallerTap:
    """The caller's media socket: tags outgoing frames and times them, times tagged audio and clears in."""

    def __init__(self, ws: Any, call: Any) -> None:
        self._ws, self._call = ws, call

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)

    async def send(self, message: str) -> None:
        call = self._call
        if message.startswith('{"event":"media"'):
            at = message.find('"payload":"') + 11
            tag = call.index << SEQ_BITS | len(call.sent_tags) % (1 << SEQ_BITS)
            message = _retag(message, at, tag)
            call.sent_tags.append(tag)
            call.sent_at.append(time.monotonic())
        await self._ws.send(message)

    def __aiter__(self) -> Any:
        return self._messages()

    async def _messages(self) -> Any:
        call = self._call
        async for message in self._ws:
            if message.startswith('{"event":"media"'):
                at = message.find('"payload":"') + 11
                tag = tag_of(message[at : at + TAG_CHARS])
                if tag is not None:
                    call.heard_tags.append(tag)
                    call.heard_at.append(time.monotonic())
            elif message.startswith('{"event":"clear"'):
                call.clears_at.append(time.monotonic())
            yield message


def _tapped_call_class() -> type:
    from local_platform.caller_simulator import SimulatedCall

    class TappedCall(SimulatedCall):
        """A SimulatedCall whose media socket goes through `_CallerTap`."""

        def __init__(self, index: int, gateway_url: str, **options: Any) -> None:
            super().__init__(gateway_url, **options)
            self.index = index
            self.sent_tags, self.sent_at = array("Q"), array("d")
            self.heard_tags, self.heard_at, self.clears_at = array("Q"), array("d"), array("d")

        async def _write(self, socket: Any, parameters: dict[str, str]) -> None:
            await super()._write(_CallerTap(socket, self), parameters)

        async def _read(self, socket: Any) -> None:
            await super()._read(_CallerTap(socket, self))

        def at(self, relative: float | None) -> float | None:
            return None if relative is None else self._t0 + relative

    return TappedCall


def _script(texts: tuple[tuple[str, int | None], ...]) -> list[Any]:
    from local_platform.caller_simulator import Line

    return [Line(text, barge_in_after_ms=barge) for text, barge in texts]


@dataclass
class PlacedCall:
    """What a simulated call left for the analysis (plain data: caller processes pickle it back)."""

    index: int
    t0: float  # CLOCK_MONOTONIC of the call's start; the record's times are relative to it
    record: Any
    sent_tags: array
    sent_at: array
    heard_tags: array
    heard_at: array
    clears_at: array

    def at(self, relative: float | None) -> float | None:
        return None if relative is None else self.t0 + relative


def _evenly(indexes: list[int], ramp: float) -> dict[int, float]:
    """When to place each call, in seconds from the start: evenly over `ramp`."""
    return {index: ramp * position / len(indexes) for position, index in enumerate(indexes)}


async def _place_calls(
    url: str, number: str, schedule: dict[int, float], *, start_at: float | None = None, **options: Any
) -> tuple[list[PlacedCall], list[float]]:
    """Place call `index` `schedule[index]` s after `start_at` (CLOCK_MONOTONIC; default now); returns the
    calls and this loop's lag."""
    import httpx2

    call_class, probe = _tapped_call_class(), LagProbe()
    start_at = time.monotonic() if start_at is None else start_at
    probe.start()
    limits = httpx2.Limits(max_connections=len(schedule) + 10, max_keepalive_connections=len(schedule) + 10)
    async with httpx2.AsyncClient(limits=limits, timeout=30) as http:
        calls = [
            call_class(
                index,
                f"{url}/twilio/voice",
                to=number,
                from_=f"+1415555{index:04d}",
                auth_token=AUTH_TOKEN,
                http=http,
                **options,
            )
            for index in schedule
        ]

        async def place(call: Any) -> None:
            await asyncio.sleep(max(0.0, start_at + schedule[call.index] - time.monotonic()))
            await call.run()

        await asyncio.gather(*(place(call) for call in calls))
    placed = [
        PlacedCall(c.index, c.at(0.0), c.record, c.sent_tags, c.sent_at, c.heard_tags, c.heard_at, c.clears_at)
        for c in calls
    ]
    return placed, probe.take()


def _serve_callers(job: str, out: str) -> None:
    """A caller process: places the calls `job` (a pickle) names, pickles (calls' fields, loop lag) to `out`
    (fields, not PlacedCall: this module is `__main__` here, and may not be in the process reading them)."""
    import pickle

    options = pickle.loads(Path(job).read_bytes())
    placed, lag = event_loop.run(_place_calls(**options))
    Path(out).write_bytes(pickle.dumps(([vars(call) for call in placed], lag)))


class CallerProcesses:
    """CALLER_PROCESSES children placing a step's calls between them, the schedule in CLOCK_MONOTONIC,
    which every process shares, so arrivals stay even whichever process places them."""

    def __init__(self, logs: Path, name: str, url: str, number: str, schedule: dict[int, float], **options: Any):
        import pickle

        start_at = time.monotonic() + CALLERS_START_SECONDS
        self.children: list[tuple[Child, Path]] = []
        for worker in range(CALLER_PROCESSES):
            mine = {index: at for index, at in schedule.items() if index % CALLER_PROCESSES == worker}
            job, out = logs / f"callers-{name}-{worker}.job", logs / f"callers-{name}-{worker}.out"
            placing = {"url": url, "number": number, "schedule": mine, "start_at": start_at, **options}
            job.write_bytes(pickle.dumps(placing))
            child = _child("callers", str(job), str(out), env=dict(os.environ), logs=logs, nice=HARNESS_NICE)
            self.children.append((child, out))

    @property
    def pids(self) -> list[int]:
        return [child.pid for child, _ in self.children]

    def results(self, timeout: float) -> tuple[list[PlacedCall], list[float]]:
        """Wait for every process; their calls (by index) and loop lags, together."""
        import pickle

        calls: list[PlacedCall] = []
        lag: list[float] = []
        for child, out in self.children:
            child.process.wait(timeout=timeout)
            if not out.exists():
                raise RuntimeError("a caller process ended without its results (see callers.log)")
            placed, lagged = pickle.loads(out.read_bytes())
            calls += [PlacedCall(**fields) for fields in placed]
            lag += lagged
        return sorted(calls, key=lambda call: call.index), lag


class Sampler:
    """Every `interval` s: CPU and RSS of each watched group of processes, and the runtime's live calls."""

    def __init__(self, pids: dict[str, list[int]], metrics_url: str, interval: float = 1.0) -> None:
        self.pids, self.metrics_url, self.interval = pids, metrics_url, interval
        self.samples: list[dict[str, Any]] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Sampler:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self.sample()

    async def _run(self) -> None:
        while True:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(self.interval)

    def sample(self) -> None:
        row: dict[str, Any] = {"t": time.monotonic(), "machine": _machine_busy()}
        for name, group in self.pids.items():
            with contextlib.suppress(OSError):
                row[name] = group_usage(group)
        with contextlib.suppress(OSError):
            metrics = _metrics(self.metrics_url)
            row["active"] = metrics.get("vocadesk_voice_active_calls", 0)
            row["events_pending"] = metrics.get("vocadesk_voice_events_pending", 0)
        self.samples.append(row)


def _metrics(url: str) -> dict[str, float]:
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    values = {}
    for line in text.splitlines():
        name, _, value = line.rpartition(" ")
        if name:
            values[name] = float(value)
    return values


def _runtime_probe(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/bench/probe", timeout=5) as response:
        return json.loads(response.read())


# -- one step ---------------------------------------------------------------------------------------
def run_step(
    platform: Platform, n: int, *, ramp: float = RAMP_SECONDS, quiet_wait: float = QUIET_WAIT_SECONDS
) -> dict[str, Any]:
    """N concurrent calls against a fresh runtime; the row of the tables (and details for the JSON)."""
    with platform.voice(f"n{n}") as (url, runtime_pid, standin_pids, standin):
        warm = list(range(WARM_UP_BASE, WARM_UP_BASE + WARM_UP_CALLS))
        warm_calls, _ = event_loop.run(
            _place_calls(url, LOAD_NUMBER, _evenly(warm, 0.0), script=["Alex Morgan"], max_call_seconds=6.0)
        )
        wait_for_quiet([runtime_pid, *standin_pids, platform.emulator.pid, os.getpid()], limit=quiet_wait)
        _runtime_probe(url)  # forget the start-up and the warm-up
        baseline, before = proc_usage(runtime_pid)[1], _metrics(f"{url}/metrics")
        callers = CallerProcesses(
            platform.logs,
            f"n{n}",
            url,
            LOAD_NUMBER,
            _evenly(list(range(n)), ramp),
            script=_script(LOAD_SCRIPT_TEXT),
            max_call_seconds=60,
        )
        pids = {
            "runtime": [runtime_pid],
            "standin": standin_pids,
            "emulator": [platform.emulator.pid],
            "callers": [os.getpid(), *callers.pids],
        }
        sampler = Sampler(pids, f"{url}/metrics")

        async def drive() -> tuple[list[PlacedCall], list[float]]:
            async with sampler:
                return await asyncio.to_thread(callers.results, timeout=CALLERS_START_SECONDS + ramp + 120)

        calls, caller_lag = event_loop.run(drive())
        after = _after_calls(f"{url}/metrics", before, n)
        rss_after, probe = proc_usage(runtime_pid)[1], _runtime_probe(url)
    metrics = {name: value - before.get(name, 0) for name, value in after.items()}  # without the warm-up calls
    row = _analyse(n, calls, warm_calls, standin, metrics, sampler.samples, baseline, probe, caller_lag)
    row["details"]["resources"]["runtime_rss_after_calls_mib"] = round(rss_after / 2**20, 1)
    return row


def _after_calls(url: str, before: dict[str, float], n: int, seconds: float = 30.0) -> dict[str, float]:
    """The runtime's metrics once the calls' after-call work (recording upload, events) is done, or `seconds`."""

    def recordings(metrics: dict[str, float]) -> float:
        return sum(metrics.get(f"vocadesk_voice_recordings_{outcome}", 0) for outcome in ("uploaded", "failed"))

    deadline = time.monotonic() + seconds
    while True:
        now = _metrics(url)
        done = recordings(now) - recordings(before) >= n and not now.get("vocadesk_voice_events_pending")
        if done or time.monotonic() > deadline:
            return now
        time.sleep(0.5)


def _analyse(
    n: int,
    calls: list[Any],
    warm_calls: list[Any],
    standin: dict[str, Any],
    metrics: dict[str, float],
    samples: list[dict[str, Any]],
    baseline: int,
    probe: dict[str, Any],
    caller_lag: list[float],
) -> dict[str, Any]:
    import numpy as np

    ok = [c for c in calls if _completed(c, len(LOAD_SCRIPT_TEXT))]
    relay, idle = _relay(calls, standin), _relay(warm_calls, standin)
    barge, greet = _barge_ins(calls, standin), _greetings(calls, standin, probe["lookups"])
    resources, runtime_lag = _resources(samples, baseline), [lag for _, lag in probe["lag"]]
    dropped = [int(metrics[f"vocadesk_voice_frames_dropped_to_{side}"]) for side in ("provider", "caller")]
    harness = {
        "standin_loop_lag_ms": _lag_summary(_during(standin["lag"], samples)),
        "callers_loop_lag_ms": _lag_summary(np.asarray(caller_lag)),
        "callers_max_send_lag_ms": round(max(c.record.max_send_lag_ms for c in calls), 1),
        "others_cpu_pct": resources.get("others_cpu_pct", 0.0),
    }
    saturated = max(harness[f"{side}_loop_lag_ms"]["p99"] or 0 for side in ("standin", "callers")) > HARNESS_LAG_MS
    shared = harness["others_cpu_pct"] > QUIET_PCT
    outcomes: dict[str, int] = {}
    for call in calls:
        outcomes[call.record.outcome] = outcomes.get(call.record.outcome, 0) + 1
    return {
        "calls": n,
        "ok": len(ok),
        "failed": n - len(ok),
        "dropped": f"{dropped[0]}+{dropped[1]}",
        "lost": f"{relay['up_lost']}+{relay['down_lost']}",
        "up_p50": relay["up_p50"],
        "up_p99": relay["up_p99"],
        "down_p50": relay["down_p50"],
        "down_p99": relay["down_p99"],
        "barge_p50": barge["wire_p50"],
        "barge_p99": barge["wire_p99"],
        "greet_p50": greet["overhead_p50"],
        "greet_p99": greet["overhead_p99"],
        "cpu_pct": resources.get("runtime_cpu_pct"),
        "cpu_peak": resources["runtime_cpu_peak"],
        "rss_mib": resources["runtime_rss_peak_mib"],
        "kib_call": resources["kib_per_call"],
        "lag_p99": _p(runtime_lag, 99),
        "lag_max": round(max(runtime_lag), 1) if runtime_lag else None,
        "harness": "+".join(["saturated"] * saturated + ["shared"] * shared) or "ok",
        "details": {
            "outcomes": outcomes,
            "turns_waited_out": sum(t.waited_out for c in calls for t in c.record.turns),
            "relay": relay,
            "relay_idle_warm_up": {k: v for k, v in idle.items() if k.endswith(("p50", "p99", "n"))},
            "barge_in": barge,
            "greeting": greet,
            "resources": resources,
            "runtime_counters": {k.removeprefix("vocadesk_voice_"): v for k, v in metrics.items() if "{" not in k},
            "runtime_first_audio_ms": _histogram(metrics, "vocadesk_voice_first_audio_ms"),
            "runtime_barge_in_ms": _histogram(metrics, "vocadesk_voice_barge_in_ms"),
            "runtime_provider_connect_ms": _histogram(metrics, "vocadesk_voice_provider_connect_ms"),
            "runtime_loop_lag_ms": _lag_summary(np.asarray(runtime_lag)),
            "runtime_gc_pauses_ms": _gc_summary(probe["gc"]),
            **harness,
            "timeline": _timeline(samples),
            "runtime_lag_spikes": _spikes(probe, samples[0]["t"] if samples else 0.0),
            "calls": [_call_summary(call, probe["lookups"], samples[0]["t"] if samples else 0.0) for call in calls],
        },
    }


def _spikes(probe: dict[str, Any], start: float) -> dict[str, list]:
    """When (s into the step) the runtime's loop lagged over 20 ms, and when its full collections ran."""
    return {
        "lag_ms": [(round(at - start, 2), round(lag)) for at, lag in probe["lag"] if lag > 20],
        "gen2_ms": [(round(at - start, 2), round(ms)) for at, gen, ms in probe["gc"] if gen == 2],
    }


def _call_summary(call: Any, lookups: dict[str, float], start: float) -> dict[str, Any]:
    record = call.record

    def ms(seconds: float | None) -> int | None:
        return None if seconds is None else round(seconds * 1000)

    return {
        "index": call.index,
        "placed_s": round(call.at(0.0) - start, 2),
        "outcome": record.outcome,
        "webhook_ms": ms(record.webhook_answered_at),
        "lookup_ms": round(lookups.get(record.call_sid, 0.0)),
        "stream_open_ms": ms(record.stream_open_at),
        "first_audio_ms": ms(record.first_audio_at),
        "reply_ms": [ms(turn.reply_latency) for turn in record.turns],
        "clears": len(record.clears),
        "max_send_lag_ms": round(record.max_send_lag_ms),
    }


def _during(timed: Any, samples: list[dict[str, Any]]) -> Any:
    """The values of (when, value) rows that fall within the sampled part of the step."""
    if not samples or not len(timed):
        return timed[:, 1] if len(timed) else timed
    inside = (timed[:, 0] >= samples[0]["t"]) & (timed[:, 0] <= samples[-1]["t"])
    return timed[inside, 1]


def _completed(call: Any, lines: int) -> bool:
    record = call.record
    return (
        record.outcome in ("completed", "stream-closed")
        and record.first_audio_at is not None
        and len(record.turns) == lines
        and not any(turn.waited_out for turn in record.turns)
    )


def _p(values: Any, q: float) -> float | None:
    import numpy as np

    return round(float(np.percentile(values, q)), 1) if len(values) else None


def _lag_summary(lags: Any) -> dict[str, Any]:
    return {"p50": _p(lags, 50), "p99": _p(lags, 99), "max": round(float(lags.max()), 1) if len(lags) else None}


def _gc_summary(collections: list[list[float]]) -> dict[str, Any]:
    """The runtime's garbage collections during the step, per generation: how many, longest and total pause."""
    out = {}
    for generation in (0, 1, 2):
        pauses = [ms for _, gen, ms in collections if gen == generation]
        out[f"gen{generation}"] = {
            "n": len(pauses),
            "max": round(max(pauses, default=0), 1),
            "total": round(sum(pauses)),
        }
    return out


def _histogram(metrics: dict[str, float], name: str) -> dict[str, Any]:
    """Mean, and p50/p99 as the bucket bound they fall under ("<=20"), from a Prometheus histogram."""
    count = metrics.get(f"{name}_count", 0)
    if not count:
        return {"n": 0}
    buckets = sorted(
        (float(key.split('"')[1]), value) for key, value in metrics.items() if key.startswith(f"{name}_bucket")
    )

    def under(q: float) -> str:
        bound = next(b for b, cumulative in buckets if cumulative >= q * count)
        return f"<={bound:g}"

    return {"n": int(count), "mean": round(metrics[f"{name}_sum"] / count, 2), "p50": under(0.5), "p99": under(0.99)}


def _relay(calls: list[Any], standin: dict[str, Any]) -> dict[str, Any]:
    """Per-frame latency both ways (ms), and frames that never arrived (excluding the last second of a
    call, and agent audio discarded on purpose: the rest of a response the caller talked over). Also the
    p99s by phase: frames sent while calls were still being set up (`ramp`), while every call was live
    (`all_live`: the steady state), and once calls had begun to end (`ending`: their after-call work)."""
    import numpy as np

    opened = [call.at(call.record.stream_open_at) for call in calls]
    closed_at = [call.at(call.record.closed_at) for call in calls]
    live_from = max((t for t in opened if t is not None), default=0.0)
    live_until = min((t for t in closed_at if t is not None), default=0.0)
    up_sent_at, down_sent_at = [], []  # when each latency's frame was sent, in the order of `up`/`down`

    up_order = np.argsort(standin["up_tags"])
    up_tags, up_at = standin["up_tags"][up_order], standin["up_at"][up_order]
    up, down, up_lost, down_lost = [], [], 0, 0
    session_of = {s["call"]: s for s in standin["sessions"] if s["call"] is not None}
    down_session = standin["down_tags"] >> np.uint64(SEQ_BITS)
    for call in calls:
        closed = call.at(call.record.closed_at)
        if closed is None:
            continue
        sent, sent_at = np.frombuffer(call.sent_tags, np.uint64), np.frombuffer(call.sent_at, np.float64)
        found, arrived = _lookup(up_tags, up_at, sent)
        up.append((arrived - sent_at)[found])
        up_sent_at.append(sent_at[found])
        up_lost += int(np.sum(~found & (sent_at < closed - IN_FLIGHT_SECONDS)))
        session = session_of.get(call.index)
        if session is None:
            continue
        mine = down_session == session["index"]
        tags, sent_at, items = standin["down_tags"][mine], standin["down_at"][mine], standin["down_items"][mine]
        heard = np.frombuffer(call.heard_tags, np.uint64)
        order = np.argsort(heard)
        found, arrived = _lookup(heard[order], np.frombuffer(call.heard_at, np.float64)[order], tags)
        down.append((arrived - sent_at)[found])
        down_sent_at.append(sent_at[found])
        excused = _discarded(session, sent_at, items) | (sent_at >= closed - IN_FLIGHT_SECONDS)
        down_lost += int(np.sum(~found & ~excused))
    up_ms = np.concatenate(up) * 1000 if up else np.zeros(0)
    down_ms = np.concatenate(down) * 1000 if down else np.zeros(0)
    phases = {}
    for side, ms, sent in (("up", up_ms, up_sent_at), ("down", down_ms, down_sent_at)):
        at = np.concatenate(sent) if sent else np.zeros(0)
        phases[f"ramp_{side}_p99"] = _p(ms[at < live_from], 99)
        phases[f"all_live_{side}_p99"] = _p(ms[(at >= live_from) & (at < live_until)], 99)
        phases[f"ending_{side}_p99"] = _p(ms[at >= max(live_from, live_until)], 99)
    return {
        "all_live_seconds": round(max(0.0, live_until - live_from), 1),
        **phases,
        "up_n": int(up_ms.size),
        "up_p50": _p(up_ms, 50),
        "up_p99": _p(up_ms, 99),
        "up_max": round(float(up_ms.max()), 1) if up_ms.size else None,
        "up_lost": up_lost,
        "down_n": int(down_ms.size),
        "down_p50": _p(down_ms, 50),
        "down_p99": _p(down_ms, 99),
        "down_max": round(float(down_ms.max()), 1) if down_ms.size else None,
        "down_lost": down_lost,
    }


def _lookup(sorted_tags: Any, times: Any, wanted: Any) -> tuple[Any, Any]:
    import numpy as np

    if not sorted_tags.size:
        return np.zeros(wanted.size, bool), np.zeros(wanted.size)
    at = np.minimum(np.searchsorted(sorted_tags, wanted), sorted_tags.size - 1)
    return sorted_tags[at] == wanted, times[at]


def _discarded(session: dict[str, Any], sent_at: Any, items: Any) -> Any:
    """Chunks the runtime drops by design at a barge-in: the item playing when speech started (queued or
    still on its way), and whatever is sent between the speech start and the next response edge."""
    import numpy as np

    edges = np.asarray(sorted(session["edges"]))
    excused = np.zeros(sent_at.size, bool)
    for started in session["speech_started"]:
        later = edges[edges > started]
        excused |= (sent_at >= started) & (sent_at <= (later[0] if later.size else np.inf))
        playing = np.searchsorted(sent_at, started) - 1
        if playing >= 0:
            excused |= items == items[playing]
    return excused


def _barge_ins(calls: list[Any], standin: dict[str, Any]) -> dict[str, Any]:
    """speech_started leaving the stand-in -> the runtime's `clear` reaching the caller (the wire view);
    the caller starting to talk over the agent -> that clear (adds the stand-in VAD's onset)."""
    sessions = standin["sessions"]
    session_of = {s["call"]: s for s in sessions if s["call"] is not None}
    wire, spoken, attempted = [], [], 0
    for call in calls:
        attempted += sum(turn.over_agent for turn in call.record.turns)
        spoken += [t.barge_in_latency * 1000 for t in call.record.turns if t.barge_in_latency is not None]
        starts = sorted(session_of.get(call.index, {}).get("speech_started", []))
        for cleared in call.clears_at:
            before = [s for s in starts if s <= cleared]
            if before and cleared - before[-1] < 2.0:
                wire.append((cleared - before[-1]) * 1000)
    return {
        "attempted": attempted,
        "cleared": len(spoken),
        "wire_p50": _p(wire, 50),
        "wire_p99": _p(wire, 99),
        "caller_p50": _p(spoken, 50),
        "caller_p99": _p(spoken, 99),
    }


def _greetings(calls: list[Any], standin: dict[str, Any], lookups: dict[str, float]) -> dict[str, Any]:
    """Webhook POSTed -> first greeting frame at the caller (`caller_total`); that minus the stand-in's own
    generation time (greeting `response.create` received -> first audio delta sent) is the runtime's
    overhead with the loopback hops in it; `overhead` also leaves out the routing lookup (2 DynamoDB
    requests, here to the emulator), which `with_lookup` keeps."""
    session_of = {s["call"]: s for s in standin["sessions"] if s["call"] is not None}
    total, generation, with_lookup, overhead, lookup, webhook, stream_open = [], [], [], [], [], [], []
    for call in calls:
        record, session = call.record, session_of.get(call.index)
        if record.first_audio_at is None or session is None or None in (session["create"], session["first_delta"]):
            continue
        made = (session["first_delta"] - session["create"]) * 1000
        looked = lookups.get(record.call_sid, 0.0)
        total.append(record.first_audio_at * 1000)
        generation.append(made)
        with_lookup.append(record.first_audio_at * 1000 - made)
        overhead.append(record.first_audio_at * 1000 - made - looked)
        lookup.append(looked)
        webhook.append(record.webhook_answered_at * 1000)
        stream_open.append(record.stream_open_at * 1000)
    return {
        "n": len(total),
        "caller_total_p50": _p(total, 50),
        "caller_total_p99": _p(total, 99),
        "standin_generation_p50": _p(generation, 50),
        "standin_generation_p99": _p(generation, 99),
        "with_lookup_p50": _p(with_lookup, 50),
        "with_lookup_p99": _p(with_lookup, 99),
        "lookup_p50": _p(lookup, 50),
        "lookup_p99": _p(lookup, 99),
        "overhead_p50": _p(overhead, 50),
        "overhead_p99": _p(overhead, 99),
        "webhook_p50": _p(webhook, 50),
        "webhook_p99": _p(webhook, 99),
        "stream_open_p50": _p(stream_open, 50),
        "stream_open_p99": _p(stream_open, 99),
    }


def _resources(samples: list[dict[str, Any]], baseline: int) -> dict[str, Any]:
    """CPU % of one core per process over the plateau (the seconds with at least 90% of the peak of live
    calls), the runtime's peak 1-s CPU and RSS, and (peak RSS - RSS after warm-up) / peak live calls."""
    peak_active = max((s.get("active", 0) for s in samples), default=0)
    plateau = [s for s in samples if s.get("active", 0) >= 0.9 * peak_active]
    out: dict[str, Any] = {"peak_live_calls": int(peak_active), "plateau_seconds": 0.0}
    if len(plateau) >= 2 and plateau[-1]["t"] > plateau[0]["t"]:
        first, last = plateau[0], plateau[-1]
        out["plateau_seconds"] = round(last["t"] - first["t"], 1)
        for name in ("runtime", "standin", "emulator", "callers"):
            if name in first and name in last:
                out[f"{name}_cpu_pct"] = round(100 * (last[name][0] - first[name][0]) / (last["t"] - first["t"]), 1)
        out["others_cpu_pct"] = round(_foreign(first, last), 1)
    cpu = [row["runtime_cpu"] for row in _timeline(samples)]
    out["runtime_cpu_peak"] = max(cpu) if cpu else None
    peak = max((s["runtime"][1] for s in samples if "runtime" in s), default=baseline)
    out["runtime_rss_baseline_mib"] = round(baseline / 2**20, 1)
    out["runtime_rss_peak_mib"] = round(peak / 2**20, 1)
    out["kib_per_call"] = round((peak - baseline) / 1024 / peak_active, 1) if peak_active else None
    out["events_pending_max"] = int(max((s.get("events_pending", 0) for s in samples), default=0))
    return out


def _foreign(a: dict[str, Any], b: dict[str, Any]) -> float:
    """CPU % of one core used between two samples by processes that are not this benchmark's."""
    ours = sum(
        b[name][0] - a[name][0] for name in ("runtime", "standin", "emulator", "callers") if name in a and name in b
    )
    return 100 * (b["machine"] - a["machine"] - ours) / (b["t"] - a["t"])


def _timeline(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per sampling interval: live calls, CPU % of one core per process, runtime RSS, unpublished events."""
    rows = []
    for a, b in itertools.pairwise(samples):
        seconds = b["t"] - a["t"]
        if seconds <= 0:
            continue
        row: dict[str, Any] = {"t": round(b["t"] - samples[0]["t"], 1), "active": int(b.get("active", 0))}
        for name in ("runtime", "standin", "emulator", "callers"):
            if name in a and name in b:
                row[f"{name}_cpu"] = round(100 * (b[name][0] - a[name][0]) / seconds, 1)
        row["others_cpu"] = round(_foreign(a, b), 1)
        if "runtime" in b:
            row["rss_mib"] = round(b["runtime"][1] / 2**20, 1)
        row["events_pending"] = int(b.get("events_pending", 0))
        rows.append(row)
    return rows


# -- the soak ---------------------------------------------------------------------------------------
def run_soak(platform: Platform, *, calls: int = SOAK_CALLS, seconds: float = SOAK_SECONDS) -> dict[str, Any]:
    """`calls` calls talking for `seconds` (the caller hangs up): RSS every SOAK_SAMPLE_SECONDS, and its slope
    from the first minute's end (or a third of the way, for short soaks) to the end, least squares."""
    import numpy as np

    lines = ("Could you tell me a little more about the opening hours on weekdays?",) * 200  # never a goodbye
    with platform.voice("soak", caller_lines=lines) as (url, runtime_pid, _, _):
        warm = _evenly([WARM_UP_BASE], 0.0)
        event_loop.run(_place_calls(url, SOAK_NUMBER, warm, script=["Hello"], max_call_seconds=5.0))
        time.sleep(1.0)
        baseline = proc_usage(runtime_pid)[1]
        script = [(text, 700 if i % 4 == 3 else None) for i, text in enumerate(lines)]  # every 4th over the agent
        sampler = Sampler({"runtime": [runtime_pid]}, f"{url}/metrics", interval=SOAK_SAMPLE_SECONDS)

        async def drive() -> list[Any]:
            async with sampler:
                placed, _ = await _place_calls(
                    url,
                    SOAK_NUMBER,
                    _evenly(list(range(calls)), 2.0),
                    script=_script(tuple(script)),
                    max_call_seconds=seconds,
                )
            return placed

        placed = event_loop.run(drive())
        time.sleep(5.0)
        after = proc_usage(runtime_pid)[1]  # the calls' ends (recording finished and uploaded, analysis) settled
    start = sampler.samples[0]["t"]
    # only while every call is live: the hang-ups' after-call work is a step, not growth over a call's life
    points = [(s["t"] - start, s["runtime"][1]) for s in sampler.samples if s.get("active", 0) >= calls]
    settle = min(60.0, seconds / 3)
    fit = [(t, rss) for t, rss in points if t >= settle]
    slope = float(np.polyfit([t / 60 for t, _ in fit], [rss for _, rss in fit], 1)[0]) if len(fit) >= 3 else None
    return {
        "calls": calls,
        "seconds": seconds,
        "ok": sum(c.record.outcome == "completed" for c in placed),
        "turns_per_call": round(sum(len(c.record.turns) for c in placed) / calls, 1),
        "barge_ins": sum(len(c.record.clears) > 0 for c in placed),
        "rss_baseline_mib": round(baseline / 2**20, 1),
        "rss_first_mib": round(fit[0][1] / 2**20, 1) if fit else None,
        "rss_last_mib": round(fit[-1][1] / 2**20, 1) if fit else None,
        "rss_after_calls_mib": round(after / 2**20, 1),
        "slope_kib_per_min": round(slope / 1024, 1) if slope is not None else None,
        "slope_kib_per_min_per_call": round(slope / 1024 / calls, 2) if slope is not None else None,
        "rss_samples_mib": [(round(t), round(rss / 2**20, 2)) for t, rss in points],
    }


# -- entry points -----------------------------------------------------------------------------------
def run(
    steps: tuple[int, ...] = STEPS, *, soak_seconds: float = SOAK_SECONDS, ramp: float = RAMP_SECONDS
) -> tuple[list[dict], dict]:
    logs = Path(tempfile.mkdtemp(prefix="voice_load-"))
    platform, priority = Platform(logs), os.getpriority(os.PRIO_PROCESS, 0)
    os.setpriority(os.PRIO_PROCESS, 0, priority + HARNESS_NICE)  # the callers, like the stand-in, yield to the runtime
    try:
        rows = []
        for n in steps:
            print(f"  {n} calls ...", flush=True)
            rows.append(run_step(platform, n, ramp=ramp))
        soak = None
        if soak_seconds > 0:
            print(f"  soak: {SOAK_CALLS} calls for {soak_seconds:.0f} s ...", flush=True)
            soak = run_soak(platform, seconds=soak_seconds)
    finally:
        platform.close()
        with contextlib.suppress(PermissionError):  # only root may raise a priority back
            os.setpriority(os.PRIO_PROCESS, 0, priority)
    experiment = "gc.freeze() in the runtime" if os.environ.get("VOICE_LOAD_GC_FREEZE") else None
    meta = {"cpus": os.cpu_count(), "ramp_seconds": ramp, "experiment": experiment, "logs": str(logs)}
    meta["runtime_tree"] = _tree()
    return rows, {**meta, "soak": soak}


def _tree() -> str:
    """Which runtime was measured: the commit, and how many runtime files differed from it (others' edits)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    changed = git("status", "--porcelain", "--", "voice_container", "vocadesk").splitlines()
    return f"{git('rev-parse', '--short', 'HEAD')} + {len(changed)} changed runtime files"


def report(rows: list[dict], meta: dict) -> None:
    from benchmarks.report import save, table

    main_rows = [{k: v for k, v in row.items() if k != "details"} for row in rows]
    title = f"Voice runtime under load (ms, CPU % of one core, MiB; {meta['cpus']} CPUs for 4 processes)"
    print(table(title + (f" -- EXPERIMENT: {meta['experiment']}" if meta["experiment"] else ""), main_rows))
    print(table("Breakdown (ms)", [_breakdown(row) for row in rows]))
    print(table("The harness (CPU % of one core on the plateau; loop lag ms)", [_harness(row) for row in rows]))
    soak = meta.get("soak")
    if soak:
        print(table("Memory soak (MiB; slope KiB/min)", [{k: v for k, v in soak.items() if k != "rss_samples_mib"}]))
    name = "voice_load" + ("_experiment" if meta["experiment"] else "")
    print(f"runtime measured: {meta['runtime_tree']}")
    print(f"results: {save(name, rows, **meta)}  (child logs: {meta['logs']})")


def _breakdown(row: dict[str, Any]) -> dict[str, Any]:
    d = row["details"]
    greet, barge, idle, first = d["greeting"], d["barge_in"], d["relay_idle_warm_up"], d["runtime_first_audio_ms"]
    return {
        "calls": row["calls"],
        "idle_up_p99": idle["up_p99"],
        "idle_down_p99": idle["down_p99"],
        "all_live_s": d["relay"]["all_live_seconds"],
        "ramp_up_p99": d["relay"]["ramp_up_p99"],
        "ramp_down_p99": d["relay"]["ramp_down_p99"],
        "all_live_up_p99": d["relay"]["all_live_up_p99"],
        "all_live_down_p99": d["relay"]["all_live_down_p99"],
        "ending_up_p99": d["relay"]["ending_up_p99"],
        "ending_down_p99": d["relay"]["ending_down_p99"],
        "up_max": d["relay"]["up_max"],
        "down_max": d["relay"]["down_max"],
        "barge_ins": f"{barge['cleared']}/{barge['attempted']}",
        "barge_caller_p50": barge["caller_p50"],
        "barge_caller_p99": barge["caller_p99"],
        "rt_barge_in_p99": d["runtime_barge_in_ms"].get("p99"),
        "greet_total_p50": greet["caller_total_p50"],
        "greet_total_p99": greet["caller_total_p99"],
        "greet_gen_p50": greet["standin_generation_p50"],
        "lookup_p50": greet["lookup_p50"],
        "lookup_p99": greet["lookup_p99"],
        "greet_w_lookup_p99": greet["with_lookup_p99"],
        "rt_first_audio": f"{first.get('mean')} ({first.get('p99')})",
        "gc_max": max(gen["max"] for gen in d["runtime_gc_pauses_ms"].values()),
        "rss_after_calls": d["resources"].get("runtime_rss_after_calls_mib"),
        "cpu_per_call": round(row["cpu_pct"] / live, 2)
        if row["cpu_pct"] and (live := d["resources"]["peak_live_calls"])
        else None,
    }


def _harness(row: dict[str, Any]) -> dict[str, Any]:
    d = row["details"]
    return {
        "calls": row["calls"],
        "live_peak": d["resources"]["peak_live_calls"],
        "plateau_s": d["resources"]["plateau_seconds"],
        "standin_cpu": d["resources"].get("standin_cpu_pct"),
        "emulator_cpu": d["resources"].get("emulator_cpu_pct"),
        "callers_cpu": d["resources"].get("callers_cpu_pct"),
        "standin_lag_p99": d["standin_loop_lag_ms"]["p99"],
        "callers_lag_p99": d["callers_loop_lag_ms"]["p99"],
        "send_lag_max": d["callers_max_send_lag_ms"],
        "events_pending_max": d["resources"]["events_pending_max"],
        "others_cpu": d["others_cpu_pct"],
    }


def main() -> None:
    steps = tuple(int(s) for s in os.environ.get("VOICE_LOAD_STEPS", "").split(",") if s) or STEPS
    report(*run(steps))


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.voice_load", description=__doc__.split("\n")[0])
    parser.add_argument("--steps", default=",".join(map(str, STEPS)), help="concurrent calls per step (50,200)")
    parser.add_argument("--big", action="store_true", help=f"add a {BIG_STEP}-call step")
    parser.add_argument(
        "--ramp-seconds",
        type=float,
        default=RAMP_SECONDS,
        help=f"place a step's calls evenly over this long ({RAMP_SECONDS:g}: 10 call set-ups a second at 200)",
    )
    parser.add_argument("--soak-seconds", type=float, default=SOAK_SECONDS, help="0 skips the soak")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="experiment: the runtime calls gc.freeze() once started"
    )
    parser.add_argument("--serve", choices=("emulator", "standin", "callers", "runtime"), help=argparse.SUPPRESS)
    parser.add_argument("--caller-line", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.serve == "emulator":
        serve_emulator(int(options.args[0]))
    elif options.serve == "standin":
        port, out, worker, workers = options.args
        _serve_standin(int(port), out, int(worker), int(workers), options.caller_line)
    elif options.serve == "callers":
        _serve_callers(*options.args)
    elif options.serve == "runtime":
        return _serve_runtime()
    else:
        steps = tuple(int(s) for s in options.steps.split(",") if s) + ((BIG_STEP,) if options.big else ())
        if options.gc_freeze:
            os.environ["VOICE_LOAD_GC_FREEZE"] = "1"  # read by the runtime child
        report(*run(steps, soak_seconds=options.soak_seconds, ramp=options.ramp_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
