"""After a simulated call: the call as the platform stored it, read back through the Management API.

The caller only hears audio; what was said on both sides comes from the transcript the runtime
published and ingest stored, so printing it checks the whole path (`make call`).
"""

from __future__ import annotations

import time
from typing import Any

import httpx2


def fetch_stored_call(api_url: str, email: str, password: str, call_sid: str, *, wait_seconds: float = 8.0) -> Any:
    """The ended call whose Twilio CallSid is `call_sid`, with its analysis once that arrived too (it follows
    the end); None if the call does not show up in time."""
    ended = None
    with httpx2.Client(base_url=api_url, timeout=5) as http:
        signed_in = http.post("/auth/signin", json={"email": email, "password": password})
        signed_in.raise_for_status()
        headers = {"authorization": f"Bearer {signed_in.json()['id_token']}"}
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            for call in http.get("/v1/calls", params={"limit": 10}, headers=headers).json()["items"]:
                if call.get("external_id") == call_sid and call["status"] == "ended":
                    ended = http.get(f"/v1/calls/{call['id']}", headers=headers).json()
                    if ended.get("analysis"):
                        return ended
            time.sleep(0.25)
    return ended


def format_call(call: dict[str, Any]) -> str:
    lines = [f"  call {call['id']}: {call['status']} ({call.get('end_reason')}), {call.get('duration_ms')} ms"]
    for turn in call.get("turns", []):
        cut = " [interrupted]" if turn["interrupted"] else ""
        lines.append(f"  {turn['started_ms'] / 1000:6.1f}s  {turn['speaker']:>6}: {turn['text']}{cut}")
    analysis = call.get("analysis") or {}
    if analysis.get("summary"):
        lines.append(f"  summary: {analysis['summary']}")
        score = analysis.get("sentiment_score")
        lines.append(f"  sentiment: {analysis.get('sentiment')} ({score}), outcome: {analysis.get('outcome')}")
    if analysis.get("captured_data"):
        lines.append(f"  captured: {analysis['captured_data']}")
    if analysis.get("missing_answers"):
        lines.append(f"  missing: {', '.join(analysis['missing_answers'])}")
    if call.get("recording_url"):
        lines.append(f"  recording ({call['recording']['duration_ms']} ms, stereo WAV): {call['recording_url']}")
    if call.get("latency"):
        lines += latency_lines(call["latency"])
    return "\n".join(lines)


def latency_lines(latency: dict[str, Any]) -> list[str]:
    """What the runtime measured (the API's `CallLatency`), one line per kind of wait."""
    greeting = latency.get("greeting_ms")
    warm = "pre-warmed" if latency.get("prewarmed") else "opened on start"
    lines = [
        f"  latency: greeting {'-' if greeting is None else f'{greeting} ms'}, "
        f"provider connect {latency.get('provider_connect_ms', 0)} ms ({warm})"
    ]
    if answers := latency.get("response_ms"):
        lines.append(f"  latency: {_times(answers['count'], 'answer')}: {_spread(answers)}")
    if barge_ins := latency.get("barge_ins"):
        stops = latency.get("barge_in_ms")
        lines.append(
            f"  latency: {_times(barge_ins, 'barge-in')}" + (f", stopped in {_spread(stops)}" if stops else "")
        )
    return lines


def _times(count: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == 1 else "s")


def _spread(stats: dict[str, int]) -> str:
    return f"p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms, max {stats['max_ms']} ms"
