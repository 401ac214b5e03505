"""What the multi-process benchmarks (voice_load, web_calls) share: their child processes (started as
`python -m benchmarks.<name> --serve <role>`, niced, killed with this process), the emulator child, free
loopback ports, per-process CPU and RSS from /proc, and an event-loop lag probe."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
START_PRIORITY = os.getpriority(os.PRIO_PROCESS, 0)  # read at import, before a benchmark renices itself


class Child:
    """A benchmark's child process, logging to `log`; `wait_for` a `tcp:<port>` or an http URL to answer, or
    a `file:<path>` to exist (the child's own word that it is ready)."""

    def __init__(self, role: str, command: list[str], *, env: dict[str, str], log: Path, nice: int = 0) -> None:
        self.role = role
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, preexec_fn=lambda: _child_setup(nice)
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for(self, url: str, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the {self.role} exited at start (see its log)")
            try:
                if url.startswith("tcp:"):
                    socket.create_connection((HOST, int(url[4:])), timeout=1).close()
                elif url.startswith("file:"):
                    if not Path(url[5:]).exists():
                        raise FileNotFoundError(url[5:])
                else:
                    urllib.request.urlopen(url, timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the {self.role} did not come up within {seconds:.0f} s")

    def stop(self, seconds: float = 30.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _child_setup(nice: int) -> None:
    """In the child, before exec: its priority, and SIGTERM when this process dies however it dies (Linux),
    so no child outlives a killed benchmark holding a port and a CPU.

    `nice` is relative to the priority the benchmark started with, not to this process's now: a benchmark
    that lowers its own priority (its load generator yields to the process under test) must not hand that
    to the process under test. Only root may raise a priority back; others keep the inherited one."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, START_PRIORITY + nice)
    except PermissionError:
        os.nice(max(0, START_PRIORITY + nice - os.getpriority(os.PRIO_PROCESS, 0)))
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def proc_usage(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and RSS bytes of a process, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), None)
    if rss is None:  # exited, not yet reaped
        raise ProcessLookupError(pid)
    return cpu, rss * 1024


def group_usage(pids: list[int]) -> tuple[float, int]:
    """`proc_usage` of processes that do one job together (a server's workers), summed."""
    usages = [proc_usage(pid) for pid in pids]
    return sum(cpu for cpu, _ in usages), sum(rss for _, rss in usages)


def serve_emulator(port: int) -> None:
    """The `emulator` child: moto's server until SIGTERM."""
    from local_platform.emulator import Emulator

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    emulator = Emulator(HOST, port)
    emulator.start()
    stop.wait()
    emulator.stop()


class LagProbe:
    """Event-loop lag: how late a 50 ms sleep wakes up (and when: `at`, CLOCK_MONOTONIC)."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.samples, self.at = interval, array("d"), array("d")
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.interval
            await asyncio.sleep(self.interval)
            now = loop.time()
            self.samples.append(max(0.0, now - due) * 1000)
            self.at.append(now)

    def take(self) -> list[float]:
        taken, self.samples, self.at = self.samples, array("d"), array("d")
        return taken.tolist()

    def take_timed(self) -> list[tuple[float, float]]:
        at = self.at.tolist()
        return list(zip(at, self.take(), strict=True))


def probed_runtime(
    path: str, read: Callable[[], Any], *, on_request: Callable[[dict[str, Any]], None] | None = None
) -> int:
    """Run `python -m voice_container`'s main with `GET <path>` answering `read()` as JSON; `on_request(scope)`
    sees every request first, inside the runtime's loop (where a benchmark starts its LagProbe). Nothing else
    of the runtime differs."""
    import voice_container.__main__ as entry

    make_app = entry.create_app

    def probed_app(runtime: Any) -> Any:
        app = make_app(runtime)

        async def probed(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if on_request is not None:
                on_request(scope)
            if scope["type"] == "http" and scope["path"] == path:
                body = json.dumps(read()).encode()
                await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/json")]})
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return probed

    entry.create_app = probed_app
    return entry.main()


def audio_delta_at(message: str) -> int | None:
    """Where the base64 audio starts in a Realtime stand-in's `response.output_audio.delta` text frame (its
    compact JSON, as OpenAI sends), so a benchmark can stamp the delta in place; None for other frames."""
    if "response.output_audio.delta" not in message[:48]:
        return None
    at = message.find('"delta":"')
    return None if at < 0 else at + 9
