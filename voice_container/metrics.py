"""Process-wide runtime metrics, served at `GET /metrics` in Prometheus' text format.

Counters and gauges are plain attributes (the event loop is single-threaded); histograms keep fixed
buckets, so memory stays flat however long the process lives.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TextIO

LATENCY_BUCKETS_MS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@dataclass
class Histogram:
    buckets: tuple[float, ...] = LATENCY_BUCKETS_MS
    counts: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS_MS) + 1))
    total: float = 0.0
    n: int = 0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.buckets, value)] += 1
        self.total += value
        self.n += 1

    def lines(self, name: str) -> list[str]:
        out, running = [], 0
        for bound, count in zip((*self.buckets, "+Inf"), self.counts, strict=True):
            running += count
            out.append(f'{name}_bucket{{le="{bound}"}} {running}')
        return [*out, f"{name}_sum {self.total:.3f}", f"{name}_count {self.n}"]


@dataclass
class RuntimeMetrics:
    active_calls: int = 0
    calls_started: int = 0
    calls_refused: int = 0
    frames_from_caller: int = 0
    frames_to_caller: int = 0
    frames_dropped_to_provider: int = 0
    frames_merged_to_provider: int = 0  # queued caller frames sent inside another's append (catching up)
    frames_dropped_to_caller: int = 0
    barge_ins: int = 0
    provider_errors: int = 0
    first_audio_ms: Histogram = field(default_factory=Histogram)  # webhook -> first agent audio to the caller
    barge_in_ms: Histogram = field(default_factory=Histogram)  # speech_started -> clear queued
    provider_connect_ms: Histogram = field(default_factory=Histogram)
    recordings_uploaded: int = 0
    recordings_failed: int = 0  # not stored after every retry (the call ended without one)
    analyses_fallback: int = 0  # the analyzer kept failing: the transcript's analysis was published
    recording_upload_ms: Histogram = field(default_factory=Histogram)  # media ended -> recording in S3

    def prometheus(self, gauges: dict[str, float]) -> str:
        lines = []
        for name, value in vars(self).items():
            metric = f"vocadesk_voice_{name}"
            lines += value.lines(metric) if isinstance(value, Histogram) else [f"{metric} {value}"]
        lines += [f"vocadesk_voice_{name} {value}" for name, value in gauges.items()]
        return "\n".join(lines) + "\n"


METRICS = RuntimeMetrics()


ACTIVE_CALLS_NAMESPACE = "Vocadesk/Voice"  # what the CDK stack's autoscaling tracks (infra_cdk voice_runtime)


def active_calls_emf(stage: str, active_calls: int, *, at_ms: int) -> str:
    """One CloudWatch embedded-metric-format line: ActiveCalls of this task, dimension Stage.

    Printed to stdout once a minute; the awslogs driver carries it to CloudWatch Logs, which turns it
    into the metric the service scales on (average active calls per task)."""
    return json.dumps(
        {
            "_aws": {
                "Timestamp": at_ms,
                "CloudWatchMetrics": [
                    {
                        "Namespace": ACTIVE_CALLS_NAMESPACE,
                        "Dimensions": [["Stage"]],
                        "Metrics": [{"Name": "ActiveCalls", "Unit": "Count"}],
                    }
                ],
            },
            "Stage": stage,
            "ActiveCalls": active_calls,
        },
        separators=(",", ":"),
    )


async def report_active_calls(stage: str, *, every_seconds: float = 60.0, out: TextIO = sys.stdout) -> None:
    """Print the ActiveCalls EMF line every `every_seconds` until cancelled."""
    while True:
        out.write(active_calls_emf(stage, METRICS.active_calls, at_ms=int(time.time() * 1000)) + "\n")
        out.flush()
        await asyncio.sleep(every_seconds)
