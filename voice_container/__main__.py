"""`python -m voice_container`: serve the voice runtime (uvloop, httptools, websockets) until SIGTERM.

On SIGTERM (ECS stopping the task) the runtime drains first: `/healthz` turns 503 so the load balancer
stops sending calls, live calls may finish for up to `VOCADESK_DRAIN_SECONDS`, buffered events are
published, and only then does the server stop. A second signal stops at once.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import uvicorn

from vocadesk.settings import get_settings
from voice_container.app import build_runtime, create_app
from voice_container.logs import configure_logging
from voice_container.runtime import VoiceRuntime

# The event loop relays every live call's audio; worker threads (routing lookups, PutEvents, recording
# uploads: boto3 blocks) are throughput work. A thread running Python keeps the GIL for up to the switch
# interval, 5 ms by default, before the loop can take it back: that is when calls are being set up and
# ended. benchmarks/voice_load.py, 200 calls, three runs each way interleaved: relay p99 while calls are
# set up 26-41 -> 19-21 ms, greeting overhead p99 86-142 -> 43-65 ms, loop lag max 22-35 -> 12-23 ms
# (the steady state, no threads at work, unchanged). 1 ms bounds the wait; the extra hand-overs cost no
# measurable CPU.
GIL_SWITCH_INTERVAL_SECONDS = 0.001


class DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, runtime: VoiceRuntime, drain_seconds: float) -> None:
        super().__init__(config)
        self.runtime = runtime
        self.drain_seconds = drain_seconds
        self._draining: asyncio.Task[None] | None = None

    def handle_exit(self, sig: int, frame: object) -> None:
        if self._draining is not None or sig not in (signal.SIGTERM, signal.SIGINT):
            return super().handle_exit(sig, frame)  # second signal: stop now
        loop = asyncio.get_event_loop()
        self._draining = loop.create_task(self._drain_then_exit())

    async def _drain_then_exit(self) -> None:
        await self.runtime.drain(self.drain_seconds)
        self.should_exit = True


def main() -> int:
    configure_logging()
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_SECONDS)
    settings = get_settings()
    runtime = build_runtime(settings)
    config = uvicorn.Config(
        create_app(runtime),
        host=settings.voice_host,
        port=settings.voice_port,
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        lifespan="on",
        log_level="warning",
        access_log=False,
        ws_max_size=1 << 20,
    )
    logging.getLogger(__name__).info("voice runtime on %s:%d", settings.voice_host, settings.voice_port)
    DrainingServer(config, runtime, settings.drain_seconds).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
