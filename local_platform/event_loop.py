"""Running the local platform's own asyncio programs (the Realtime stand-in, the caller simulator) on uvloop.

They share the machine with the voice runtime (which runs on uvloop itself) in `make run`, in tests and in
the load benchmarks: on the stdlib's selector loop the stand-in alone spent about twice the CPU per socket
event. uvloop comes with the voice runtime's dependencies; without it this is plain `asyncio.run`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)
