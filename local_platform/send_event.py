"""Publish a `call.started` for the demo agent onto the local bus (a developer's shortcut while `make run` runs).

It goes the real way: PutEvents on the emulated bus -> rule -> ingest queue -> event_ingest -> table.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from vocadesk.events import CallStarted, put_events_entry
from vocadesk.ids import new_id
from vocadesk.models.calls import Channel
from vocadesk.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--email", default=settings.demo_email, help="user whose account's first agent gets the call")
    parser.add_argument("--caller", default="+14155550100")
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
    agent = agents[0]
    now = datetime.now(UTC)
    event = CallStarted(
        account_id=agent.account_id,
        client_id=agent.client_id,
        agent_id=agent.id,
        call_id=new_id("call", at=now),
        channel=Channel.PHONE,
        seq=0,
        occurred_at=now,
        caller=args.caller,
    )
    result = boto3.client("events").put_events(Entries=[put_events_entry(event, bus_name=settings.event_bus_name)])
    if result["FailedEntryCount"]:
        print(f"PutEvents failed: {result['Entries']}", file=sys.stderr)
        return 1
    print(event.call_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
