"""One model response at a time, as the Realtime API requires.

A `response.create` sent while a response is in progress is refused (`conversation_already_has_active_response`)
and the turn it asked for is lost: a typed turn while the agent speaks, or a tool's follow-up sent on
`function_call_arguments.done` (its response's `response.done` comes after). The gate sends a request at once
when the model is idle and otherwise holds it until `response.done`; responses the server starts itself (server
VAD) close the gate through `response.created`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

ALREADY_ACTIVE = "conversation_already_has_active_response"


class ResponseGate:
    def __init__(self, send: Callable[[dict[str, Any]], None], *, max_waiting: int = 4) -> None:
        self._send = send
        self._active = False
        # Overflow: the oldest waiting request is dropped (a caller typing faster than the model answers).
        self._waiting: deque[dict[str, Any]] = deque(maxlen=max_waiting)
        self._last_sent: dict[str, Any] | None = None

    @property
    def active(self) -> bool:
        return self._active

    def request(self, event: dict[str, Any]) -> None:
        """Send `event` (a `response.create`) now if the model is idle, else after the current response."""
        if self._active:
            self._waiting.append(event)
        else:
            self._open(event)

    def created(self) -> None:
        """`response.created`: ours, or one the server started on its own."""
        self._active = True

    def done(self) -> None:
        """`response.done` (completed, cancelled or failed): the next waiting request goes."""
        self._active = False
        if self._waiting:
            self._open(self._waiting.popleft())

    def refused(self, code: str) -> None:
        """A provider error: when it refused our last request because a response was running, that request
        waits for the running response's end instead of being lost."""
        if code == ALREADY_ACTIVE and self._last_sent is not None:
            self._waiting.appendleft(self._last_sent)
            self._last_sent = None
            self._active = True

    def _open(self, event: dict[str, Any]) -> None:
        self._active = True
        self._last_sent = event
        self._send(event)
