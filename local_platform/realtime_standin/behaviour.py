"""How a stand-in behaves: caller script, pacing, voice, and the faults to inject (per server or per connection).

Per connection, faults come from the `standin` query parameter (or a model named `gpt-realtime?standin=...`),
a comma-separated list:
  instant                 no pacing: audio as fast as the socket takes it (load tests)
  pace:<factor>           audio at <factor> x real time (1 = real time)
  slow:<ms>               wait <ms> before every server event
  drop_after_events:<n>   abort the socket (no close frame) after <n> server events
  drop_after_ms:<ms>      abort the socket <ms> after the upgrade
  reject:<status>         refuse the upgrade with HTTP <status> (401, 429, 500, 503, ...)
and the caller's lines from `caller` (repeatable, or one value split on "|").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from local_platform.realtime_standin.conversation import GOODBYE_PHRASES, TRANSFER_WORDS
from local_platform.realtime_standin.voice import Engine


@dataclass(frozen=True)
class Faults:
    reject_status: int | None = None
    slow_ms: int = 0
    drop_after_events: int | None = None
    drop_after_ms: int | None = None
    pace: float | None = None  # None: the behaviour's pace


@dataclass(frozen=True)
class StandinBehaviour:
    """Server-wide settings (a connection may override faults and caller lines)."""

    caller_lines: tuple[str, ...] = ()  # transcripts of spoken caller turns, in order; plausible answers after
    faults: Faults = Faults()
    pace: float = 1.0  # audio real-time factor: 1 = real time, 4 = four times faster, 0 = no pacing
    chunk_ms: int = 40  # audio per `response.output_audio.delta`
    voice_engine: Engine = "auto"  # "auto": espeak-ng when installed, else the tone voice
    transfer_words: tuple[str, ...] = TRANSFER_WORDS
    goodbye_phrases: tuple[str, ...] = GOODBYE_PHRASES
    max_connections: int = 100  # more concurrent sessions are refused with HTTP 503
    max_items: int = 2000  # conversation items remembered per session (oldest forgotten first)
    outbox_size: int = 256  # server events queued per session before producers wait


_FAULTS = {
    "instant": ("pace", None),
    "pace": ("pace", float),
    "slow": ("slow_ms", int),
    "drop_after_events": ("drop_after_events", int),
    "drop_after_ms": ("drop_after_ms", int),
    "reject": ("reject_status", int),
}


def parse_faults(spec: str, base: Faults | None = None) -> Faults:
    """`base` with the faults `spec` names (ValueError, naming the item, when one is not understood)."""
    changes: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, raw = item.partition(":")
        if name not in _FAULTS or (bool(raw) == (name == "instant")):
            raise ValueError(f"unknown stand-in fault {item!r} (known: {', '.join(_FAULTS)})")
        field, convert = _FAULTS[name]
        try:
            value = 0.0 if convert is None else convert(raw)
        except ValueError:
            raise ValueError(f"stand-in fault {item!r} needs a number") from None
        if value < 0 or (name == "reject" and not 400 <= value <= 599):
            raise ValueError(f"stand-in fault {item!r} is out of range")
        changes[field] = value
    return dataclasses.replace(base or Faults(), **changes)


def split_model(model: str) -> tuple[str, str]:
    """`gpt-realtime?standin=slow:200` -> ("gpt-realtime", "slow:200"), for clients that only set a model."""
    name, _, options = model.partition("?")
    return name, options.removeprefix("standin=") if options.startswith("standin=") else ""


def caller_lines(values: list[str]) -> tuple[str, ...]:
    return tuple(line.strip() for value in values for line in value.split("|") if line.strip())
