"""Web calls under load: N concurrent browser-protocol calls (`WS /web`) through `python -m voice_container`.

Four processes on loopback: the AWS emulator (moto; the runtime reads the agent and publishes events), the
Realtime stand-in (real-time pacing, tone voice), the runtime (`python -m voice_container` with a loop-lag
probe), and this one, whose `WebCall`s speak the
browser protocol (PCM16 24 kHz binary frames every 20 ms, mark echoes at real-time playback, a barge-in).
Each step gets a fresh stand-in and runtime.

Relay latency is what the runtime adds between the browser and the provider: each browser frame carries
its send time (CLOCK_MONOTONIC, shared by the processes) in the low bytes of its first 8 samples (values
0..255: inaudible and far below the VAD threshold), which the runtime relays untouched and the stand-in
reads off `input_audio_buffer.append` (up); the stand-in stamps each audio delta the same way and the
browser reads it off the binary frame (down). Both include the two loopback socket hops and both event
loops' lag, so the harness's own loop lag is printed alongside.

    python -m benchmarks web_calls                       # 1 and 100 calls
    python -m benchmarks.web_calls --steps 1,100,200     # or WEB_CALLS_STEPS=1,100,200

The four processes share the machine: read the stand-in's and the harness's CPU and the harness's loop lag
before blaming the runtime for a tail (when they are saturated, the tail is theirs).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import signal
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.processes import (
    HOST,
    Child,
    LagProbe,
    audio_delta_at,
    free_port,
    probed_runtime,
    proc_usage,
    serve_emulator,
)
from benchmarks.report import save, table
from local_platform import event_loop

STEPS = (1, 100)
RAMP_SECONDS = 5.0
ORIGIN = "https://shop.example.com"
KEYS = "bench:" + "b" * 40
SCRIPT = (  # only the lengths matter; the second line is said over the agent's next question (barge-in)
    ("Alex Morgan", None),
    ("It's four one five, five five five, zero one three four.", 800),
    ("A cleaning, please.", None),
)
MAGIC = b"\xa5\x5a"  # the last two tag bytes: a frame without them carries no stamp
TAG_BYTES = 16  # 8 samples; their low bytes carry 6 bytes of time (microseconds) and MAGIC
TAG_CHARS = 24  # base64 characters covering the first 18 bytes
APPEND = '{"type":"input_audio_buffer.append","audio":"'


# -- stamps -----------------------------------------------------------------------------------------
def stamp(pcm: bytes, now: float | None = None) -> bytes:
    """`pcm` with its send time written into the low bytes of its first 8 samples (high bytes zero)."""
    micros = int((time.monotonic() if now is None else now) * 1e6) & 0xFFFF_FFFF_FFFF
    payload = micros.to_bytes(6, "little") + MAGIC
    return bytes(b for byte in payload for b in (byte, 0)) + pcm[TAG_BYTES:]


def stamped_at(pcm: bytes) -> float | None:
    """The send time in a stamped frame (seconds, CLOCK_MONOTONIC), else None."""
    if len(pcm) < TAG_BYTES or pcm[1:TAG_BYTES:2] != bytes(8) or pcm[12:TAG_BYTES:2] != MAGIC:
        return None
    return int.from_bytes(pcm[0:12:2], "little") / 1e6


def _restamp_b64(head: str) -> str:
    raw = base64.b64decode(head)
    return base64.b64encode(stamp(raw[:TAG_BYTES]) + raw[TAG_BYTES:]).decode("ascii")


# -- the child processes ------------------------------------------------------------------------------
def _serve_runtime() -> int:
    """`python -m voice_container`, plus its event loop's lag at `GET /bench/lag` (nothing else differs)."""
    probe = LagProbe()
    return probed_runtime("/bench/lag", lambda: probe.samples.tolist(), on_request=lambda _: probe.start())


class _StandinTap:
    """A stand-in session's socket: stamps outgoing audio deltas, times the stamped appends coming in."""

    def __init__(self, ws: Any, up_ms: list[float]) -> None:
        self._ws, self._up_ms = ws, up_ms

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)

    async def send(self, message: str) -> None:
        at = audio_delta_at(message)
        if at is not None and message.find('"', at) - at > TAG_CHARS:
            message = message[:at] + _restamp_b64(message[at : at + TAG_CHARS]) + message[at + TAG_CHARS :]
        await self._ws.send(message)

    def __aiter__(self) -> Any:
        return self._messages()

    async def _messages(self) -> Any:
        async for message in self._ws:
            if isinstance(message, str) and message.startswith(APPEND):
                sent = stamped_at(base64.b64decode(message[len(APPEND) : len(APPEND) + TAG_CHARS])[:TAG_BYTES])
                if sent is not None:
                    self._up_ms.append((time.monotonic() - sent) * 1000)
            yield message


def _serve_standin(port: int, out: str) -> None:
    import local_platform.realtime_standin.server as server
    from local_platform.realtime_standin import StandinBehaviour, start_standin

    up_ms: list[float] = []
    probe = LagProbe()
    session_class = server.RealtimeSession
    server.RealtimeSession = lambda ws, **options: session_class(_StandinTap(ws, up_ms), **options)
    behaviour = StandinBehaviour(pace=1.0, voice_engine="tone", max_connections=100_000)

    async def serve() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        standin = await start_standin(HOST, port, behaviour=behaviour)
        probe.start()
        await stop.wait()
        probe.stop()
        await standin.stop()

    event_loop.run(serve())
    Path(out).write_text(json.dumps({"up_ms": up_ms, "lag_ms": probe.samples.tolist()}))


# -- the platform and the calls ------------------------------------------------------------------------
def _seed(aws_env: dict[str, str]) -> Any:
    """The table, the bus and one agent with three questions; returns the agent."""
    import boto3

    from vocadesk.accounts import open_account
    from vocadesk.models.agents import Agent, ConversationDesign, Question
    from vocadesk.models.clients import Client
    from vocadesk.settings import get_settings
    from vocadesk.storage.repositories import default_repositories
    from vocadesk.storage.tables import MAIN_TABLE

    os.environ.update(aws_env)
    get_settings.cache_clear()
    settings = get_settings()
    boto3.client("dynamodb").create_table(**MAIN_TABLE.create_table_kwargs(settings.table_name))
    boto3.client("events").create_event_bus(Name=settings.event_bus_name)
    repos = default_repositories()
    account, _ = open_account(repos, name="Web Load", owner_email="owner@web-load.example", owner_name="Owner")
    client = repos.clients.create(Client(account_id=account.id, name="Bright Smile Dental"))
    return repos.agents.create(
        Agent(
            account_id=account.id,
            client_id=client.id,
            name="Website",
            conversation=ConversationDesign(greeting="Thanks for visiting Bright Smile Dental, how can I help?"),
            questions=[
                Question(key="full_name", prompt="What is your full name?"),
                Question(key="callback_number", prompt="What is the best number to reach you?", type="phone"),
                Question(key="reason", prompt="What is the reason for your visit?"),
            ],
        )
    )


def _tokens(agent: Any, count: int) -> list[str]:
    from vocadesk.call_tokens import CallGrant, CallTokens, parse_keys

    tokens = CallTokens(parse_keys(KEYS))
    grant = CallGrant(agent.account_id, agent.client_id, agent.id, "web", ORIGIN, embed_id="emb_load")
    return [tokens.issue(grant, ttl_seconds=300)[0] for _ in range(count)]


async def _place_calls(url: str, tokens: list[str]) -> tuple[list[Any], list[float], list[float]]:
    """The calls (started evenly over RAMP_SECONDS), the down latencies (ms) and this loop's lag (ms)."""
    from local_platform.caller.record import Line
    from local_platform.web_caller import WebCall

    down_ms: list[float] = []

    def heard(frame: bytes) -> None:
        sent = stamped_at(frame)
        if sent is not None:
            down_ms.append((time.monotonic() - sent) * 1000)

    script = [Line(text, barge_in_after_ms=barge) for text, barge in SCRIPT]
    calls = [
        WebCall(url, token, origin=ORIGIN, script=script, pause_after_agent=0.5, stamp=stamp, on_audio=heard)
        for token in tokens
    ]

    async def place(position: int, call: Any) -> None:
        await asyncio.sleep(RAMP_SECONDS * position / len(calls))
        await call.run()

    probe = LagProbe()
    probe.start()
    await asyncio.gather(*(place(position, call) for position, call in enumerate(calls)))
    probe.stop()
    return calls, down_ms, probe.samples.tolist()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_step(n: int, aws_env: dict[str, str], agent: Any, logs: Path) -> dict[str, Any]:
    standin_port, voice_port, out = free_port(), free_port(), logs / f"up-{n}.json"
    standin = Child(
        "standin",
        [sys.executable, "-m", "benchmarks.web_calls", "--serve", "standin", str(standin_port), str(out)],
        env=dict(os.environ),
        log=logs / "standin.log",
    )
    env = {
        **os.environ,
        **aws_env,
        "VOCADESK_REALTIME_URL": f"ws://{HOST}:{standin_port}/v1",
        "VOCADESK_VOICE_HOST": HOST,
        "VOCADESK_VOICE_PORT": str(voice_port),
        "VOCADESK_CALL_TOKEN_KEYS": KEYS,
        "VOCADESK_DRAIN_SECONDS": "5",
    }
    runtime = Child(
        "runtime",
        [sys.executable, "-m", "benchmarks.web_calls", "--serve", "runtime"],
        env=env,
        log=logs / "runtime.log",
    )
    try:
        standin.wait_for(f"tcp:{standin_port}")
        runtime.wait_for(f"http://{HOST}:{voice_port}/healthz")
        pids = {"runtime": runtime.process.pid, "standin": standin.process.pid, "harness": os.getpid()}
        cpu_before, began = {name: proc_usage(pid)[0] for name, pid in pids.items()}, time.monotonic()
        calls, down_ms, lag_ms = event_loop.run(_place_calls(f"ws://{HOST}:{voice_port}/web", _tokens(agent, n)))
        wall = time.monotonic() - began
        cpu = {name: 100 * (proc_usage(pid)[0] - cpu_before[name]) / wall for name, pid in pids.items()}
        rss = proc_usage(runtime.pid)[1] / 2**20
        with urllib.request.urlopen(f"http://{HOST}:{voice_port}/bench/lag", timeout=5) as response:
            runtime_lag_ms = json.loads(response.read())
    finally:
        runtime.stop()
        standin.stop()
    standin_side = json.loads(out.read_text()) if out.exists() else {"up_ms": [], "lag_ms": []}
    up_ms = standin_side["up_ms"]
    records = [call.record for call in calls]
    first_audio = [r.time_to_first_audio * 1000 for r in records if r.time_to_first_audio is not None]
    ready = [(r.ready_at - r.start_sent_at) * 1000 for r in records if r.ready_at and r.start_sent_at is not None]
    replies = [t.reply_latency * 1000 for r in records for t in r.turns if not t.over_agent and t.reply_latency]
    clears = [t.barge_in_latency * 1000 for r in records for t in r.turns if t.barge_in_latency is not None]
    return {
        "calls": n,
        "ok": sum(r.end_reason == "agent_ended" for r in records),  # the agent's goodbye, not a caller giving up
        "up_p50_ms": _pct(up_ms, 0.5),
        "up_p95_ms": _pct(up_ms, 0.95),
        "up_p99_ms": _pct(up_ms, 0.99),
        "down_p50_ms": _pct(down_ms, 0.5),
        "down_p95_ms": _pct(down_ms, 0.95),
        "down_p99_ms": _pct(down_ms, 0.99),
        "ready_p50_ms": _pct(ready, 0.5),
        "first_audio_p50_ms": _pct(first_audio, 0.5),
        "reply_p50_ms": _pct(replies, 0.5),
        "barge_in_clear_p50_ms": _pct(clears, 0.5),
        "runtime_cpu_pct": cpu["runtime"],
        "runtime_rss_mb": rss,
        "standin_cpu_pct": cpu["standin"],
        "harness_cpu_pct": cpu["harness"],
        "runtime_lag_p99_ms": _pct(runtime_lag_ms, 0.99),
        "harness_lag_p99_ms": _pct(lag_ms, 0.99),
        "standin_lag_p99_ms": _pct(standin_side["lag_ms"], 0.99),
        "frames_up": len(up_ms),
        "frames_down": len(down_ms),
    }


def main(steps: tuple[int, ...] | None = None) -> list[dict[str, Any]]:
    if steps is None:
        steps = tuple(int(n) for n in os.environ.get("WEB_CALLS_STEPS", ",".join(map(str, STEPS))).split(","))
    logs = Path(tempfile.mkdtemp(prefix="web-calls-"))
    port = free_port()
    aws_env = {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://{HOST}:{port}",
        "POWERTOOLS_METRICS_DISABLED": "true",
    }
    emulator = Child(
        "emulator",
        [sys.executable, "-m", "benchmarks.web_calls", "--serve", "emulator", str(port)],
        env={**os.environ, **aws_env},
        log=logs / "emulator.log",
    )
    try:
        emulator.wait_for(f"tcp:{port}")
        agent = _seed(aws_env)
        rows = [run_step(n, aws_env, agent, logs) for n in steps]
    finally:
        emulator.stop()
    print(table(f"Web calls through the voice runtime (browser protocol; logs in {logs})", rows))
    print(f"saved {save('web_calls', rows, steps=list(steps), ramp_seconds=RAMP_SECONDS)}")
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default=",".join(map(str, STEPS)), help="concurrent calls per step")
    parser.add_argument("--serve", nargs="+", help=argparse.SUPPRESS)  # a child process of this benchmark
    args = parser.parse_args()
    if args.serve and args.serve[0] == "emulator":
        serve_emulator(int(args.serve[1]))
    elif args.serve and args.serve[0] == "runtime":
        sys.exit(_serve_runtime())
    elif args.serve and args.serve[0] == "standin":
        _serve_standin(int(args.serve[1]), args.serve[2])
    else:
        main(tuple(int(n) for n in args.steps.split(",")))
