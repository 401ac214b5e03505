"""Fixtures for the Realtime stand-in: async tests on asyncio, a running stand-in with instant pacing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from local_platform.realtime_standin import RunningStandin, StandinBehaviour, start_standin


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def standin() -> AsyncIterator[RunningStandin]:
    running = await start_standin(behaviour=StandinBehaviour(pace=0, voice_engine="tone"))
    yield running
    await running.stop()
