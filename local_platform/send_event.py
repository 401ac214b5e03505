"""Publish call events for the demo agent onto the local bus (a developer's shortcut while `make run` runs).

By default one `call.started`; with `--conversation`, a whole short call: started, four turns, ended and
analyzed, shuffled, as the bus may deliver them. They go the real way: PutEvents on the emulated bus ->
rule -> ingest queue -> event_ingest -> table. Prints the call id.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, datetime, timedelta

from vocadesk.events import CallAnalyzed, CallEnded, CallEvent, CallStarted, CallTranscript, put_events_entry
from vocadesk.ids import new_id
from vocadesk.models.agents import Agent
from vocadesk.models.calls import CallAnalysis, Channel
from vocadesk.settings import get_settings

SCRIPT = [
    ("agent", "Thank you for calling Bright Smile Dental, this is Sam. How can I help you today?"),
    ("caller", "Hi, I'd like to book a cleaning next week."),
    ("agent", "Of course. May I have your full name?"),
    ("caller", "Ada Lovelace."),
]


def conversation(agent: Agent, *, caller: str, full: bool) -> list[CallEvent]:
    start = datetime.now(UTC)
    ids = dict(
        account_id=agent.account_id,
        client_id=agent.client_id,
        agent_id=agent.id,
        call_id=new_id("call", at=start),
        channel=Channel.PHONE,
    )
    events: list[CallEvent] = [CallStarted(**ids, seq=0, occurred_at=start, caller=caller)]
    if not full:
        return events
    for n, (speaker, text) in enumerate(SCRIPT, start=1):
        events.append(
            CallTranscript(
                **ids,
                seq=n,
                occurred_at=start + timedelta(seconds=3 * n),
                speaker=speaker,
                text=text,
                started_ms=3000 * n - 2500,
                ended_ms=3000 * n,
            )
        )
    duration_ms = 3000 * len(SCRIPT) + 1500
    events.append(
        CallEnded(
            **ids,
            seq=len(events),
            occurred_at=start + timedelta(milliseconds=duration_ms),
            reason="caller_hangup",
            duration_ms=duration_ms,
        )
    )
    events.append(
        CallAnalyzed(
            **ids,
            seq=len(events),
            occurred_at=start + timedelta(milliseconds=duration_ms + 500),
            analysis=CallAnalysis(
                summary="Caller wants a cleaning next week.",
                sentiment="positive",
                captured_data={"full_name": "Ada Lovelace"},
            ),
        )
    )
    random.shuffle(events)  # the bus promises no order; ingest must not care
    return events


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--email", default=settings.demo_email, help="user whose account's first agent gets the call")
    parser.add_argument("--caller", default="+14155550100")
    parser.add_argument("--conversation", action="store_true", help="send a whole short call, not just its start")
    args = parser.parse_args(argv)

    from local_platform.emulator import AWS_ENV

    for name, value in {**AWS_ENV, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{settings.emulator_port}"}.items():
        os.environ.setdefault(name, value)
    import boto3

    from vocadesk.storage.repositories import default_repositories

    repos = default_repositories()
    user = repos.users.find_by_email(args.email)
    agents = repos.agents.list(user.account_id, limit=1).items if user else []
    if not agents:
        print(f"no agent found for {args.email}; is `make run` running?", file=sys.stderr)
        return 1
    events = conversation(agents[0], caller=args.caller, full=args.conversation)
    entries = [put_events_entry(event, bus_name=settings.event_bus_name) for event in events]
    result = boto3.client("events").put_events(Entries=entries)  # PutEvents takes up to 10 entries
    if result["FailedEntryCount"]:
        print(f"PutEvents failed: {result['Entries']}", file=sys.stderr)
        return 1
    print(events[0].call_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
