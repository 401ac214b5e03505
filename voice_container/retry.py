"""Retrying after-call work (uploads, analyses): a deadline per attempt, doubling backoff between them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class GaveUp(Exception):
    """Every attempt failed."""


async def with_retries(
    operation: Callable[[], Awaitable[T]],
    *,
    what: str,
    attempts: int,
    backoff_seconds: float,  # doubled after every failed attempt
    timeout_seconds: float,
    log_keys: dict[str, str] | None = None,
) -> T:
    """The result of the first attempt that succeeds in time; GaveUp after `attempts` failures."""
    for attempt in range(1, attempts + 1):
        try:
            async with asyncio.timeout(timeout_seconds):
                return await operation()
        except Exception as error:  # any trouble gets the same answer: try again
            log.warning("%s attempt %d failed: %s", what, attempt, error, extra=log_keys)
        if attempt < attempts:
            await asyncio.sleep(backoff_seconds * 2 ** (attempt - 1))
    raise GaveUp(f"{what} failed {attempts} times")
