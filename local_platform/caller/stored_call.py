"""After a simulated call: the call as the platform stored it, read back through the Management API.

The caller only hears audio; what was said on both sides comes from the transcript the runtime
published and ingest stored, so printing it checks the whole path (`make call`).
"""

from __future__ import annotations

import time
from typing import Any

import httpx2


def fetch_stored_call(api_url: str, email: str, password: str, call_sid: str, *, wait_seconds: float = 8.0) -> Any:
    """The ended call whose Twilio CallSid is `call_sid` (None if it does not show up in time)."""
    with httpx2.Client(base_url=api_url, timeout=5) as http:
        signed_in = http.post("/auth/signin", json={"email": email, "password": password})
        signed_in.raise_for_status()
        headers = {"authorization": f"Bearer {signed_in.json()['id_token']}"}
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            for call in http.get("/v1/calls", params={"limit": 10}, headers=headers).json()["items"]:
                if call.get("external_id") == call_sid and call["status"] == "ended":
                    return http.get(f"/v1/calls/{call['id']}", headers=headers).json()
            time.sleep(0.25)
    return None


def format_call(call: dict[str, Any]) -> str:
    lines = [f"  call {call['id']}: {call['status']} ({call.get('end_reason')}), {call.get('duration_ms')} ms"]
    for turn in call.get("turns", []):
        cut = " [interrupted]" if turn["interrupted"] else ""
        lines.append(f"  {turn['started_ms'] / 1000:6.1f}s  {turn['speaker']:>6}: {turn['text']}{cut}")
    captured = (call.get("analysis") or {}).get("captured_data")
    if captured:
        lines.append(f"  captured: {captured}")
    return "\n".join(lines)
