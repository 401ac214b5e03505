"""`python -m local_platform.realtime_standin --port 8765`: the stand-in on its own, for a developer."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys

from local_platform import event_loop
from local_platform.realtime_standin.behaviour import StandinBehaviour, parse_faults
from local_platform.realtime_standin.server import start_standin


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_platform.realtime_standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (0 picks a free one; default 8765)")
    parser.add_argument("--pace", type=float, default=1.0, help="audio real-time factor, 0 = no pacing (default 1)")
    parser.add_argument("--chunk-ms", type=int, default=40, help="audio per delta event (default 40)")
    parser.add_argument("--voice", choices=("auto", "espeak", "tone"), default="auto", help="voice engine")
    parser.add_argument("--caller-line", action="append", default=[], help="what the caller says next (repeat)")
    parser.add_argument("--faults", default="", help="faults for every connection, e.g. slow:200,drop_after_ms:5000")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


async def _serve(options: argparse.Namespace) -> None:
    behaviour = StandinBehaviour(
        caller_lines=tuple(options.caller_line),
        faults=parse_faults(options.faults),
        pace=options.pace,
        chunk_ms=options.chunk_ms,
        voice_engine=options.voice,
    )
    standin = await start_standin(options.host, options.port, behaviour=behaviour)
    print(f"Realtime stand-in on {standin.url}  (websocket_base_url; any API key)", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await standin.stop()


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    logging.basicConfig(level=options.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        with contextlib.suppress(KeyboardInterrupt):
            event_loop.run(_serve(options))
    except (ValueError, OSError) as error:
        print(f"realtime stand-in: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
