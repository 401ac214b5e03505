"""The voice side of `make run`: the voice runtime as its own process and, without an OpenAI key, the
Realtime stand-in as another, both on loopback, both stopped (the runtime drained) with the platform.
Without a Twilio account SID, transfers go to the Twilio REST stand-in, a third process.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

log = logging.getLogger("local_platform")

READY_SECONDS = 20.0
DEMO_NUMBER = "+15555550100"  # the seeded demo agent answers it; `make call` dials it


class VoiceServices:
    def __init__(self, *, host: str, voice_port: int, standin_port: int | None, openai_key: str) -> None:
        self.host = host
        self.voice_port = voice_port
        self.standin_port = standin_port if not openai_key else None
        self._processes: list[subprocess.Popen[bytes]] = []

    @property
    def voice_url(self) -> str:
        return f"http://{self.host}:{self.voice_port}"

    @property
    def realtime_url(self) -> str:
        return f"ws://{self.host}:{self.standin_port}/v1" if self.standin_port else "OpenAI"

    def start(self) -> None:
        env = dict(os.environ)
        if self.standin_port:
            self._spawn(
                [
                    sys.executable,
                    "-m",
                    "local_platform.realtime_standin",
                    "--host",
                    self.host,
                    "--port",
                    str(self.standin_port),
                ],
                env,
            )
            env["VOCADESK_REALTIME_URL"] = self.realtime_url
        if not env.get("VOCADESK_TWILIO_ACCOUNT_SID"):  # no real Twilio: transfers go to the REST stand-in
            env |= self._twilio_standin(env)
        env |= {
            "VOCADESK_VOICE_HOST": self.host,
            "VOCADESK_VOICE_PORT": str(self.voice_port),
            "VOCADESK_STREAM_TOKEN_SECRET": env.get("VOCADESK_STREAM_TOKEN_SECRET") or secrets.token_urlsafe(32),
            "VOCADESK_DRAIN_SECONDS": env.get("VOCADESK_DRAIN_SECONDS", "10"),
        }
        self._spawn([sys.executable, "-m", "voice_container"], env)
        self._wait_ready()

    def _twilio_standin(self, env: dict[str, str]) -> dict[str, str]:
        """Start `local_platform/twilio_rest_standin.py` on a free port; the runtime settings that use it."""
        from local_platform.twilio_rest_standin import LOCAL_ACCOUNT_SID

        with socket.socket() as probe:
            probe.bind((self.host, 0))
            port = probe.getsockname()[1]
        self._spawn(
            [sys.executable, "-m", "local_platform.twilio_rest_standin", "--host", self.host, "--port", str(port)],
            env,
        )
        return {
            "VOCADESK_TWILIO_ACCOUNT_SID": LOCAL_ACCOUNT_SID,
            "VOCADESK_TWILIO_API_URL": f"http://{self.host}:{port}",
            "VOCADESK_TRANSFER_ALLOWED_PREFIXES": env.get("VOCADESK_TRANSFER_ALLOWED_PREFIXES") or "+1,sip:",
        }

    def _spawn(self, command: list[str], env: dict[str, str]) -> None:
        self._processes.append(subprocess.Popen(command, env=env, preexec_fn=_die_with_parent))

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self._processes):
                raise RuntimeError("the voice runtime or the Realtime stand-in exited at start; see its log above")
            try:
                with urllib.request.urlopen(f"{self.voice_url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the voice runtime did not become healthy within {READY_SECONDS:.0f} s")

    def stop(self) -> None:
        """SIGTERM in reverse start order: the runtime drains its calls, then the stand-in goes."""
        for process in reversed(self._processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        self._processes.clear()


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when `make run` dies, however it dies (even SIGKILL), so no
    runtime or stand-in outlives it holding a port (Linux; elsewhere `stop()` is all there is)."""
    if sys.platform != "linux":
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
