"""Management API reads over 100k stored calls: DynamoDB requests and items per API request, and own time.

One account gets 100k calls spread over 50 agents, in moto in-process. One call goes through the real
ingest (its events -> `CallIngest`, turns included); the others are copies of its stored item with their
own id, agent and start time, written with BatchWriteItem, so every item has exactly the shape ingest
gives it. Then the real `functions.management.handler.lambda_handler` answers API Gateway HTTP API (2.0)
events for the account's owner: the first page of calls, a page filtered by agent, and one call's detail.

Per request it reports DynamoDB requests by operation and items read (a Query's or Scan's
`ScannedCount`, one per GetItem that found its item), counted by botocore event hooks on the Lambda's
own clients, and the handler's own time: wall time minus the time inside botocore calls (from
`before-call` to `after-call`: the emulator and botocore's response parsing).

moto answers every Query by walking and sorting the whole table (~1 s at 100k items, where DynamoDB
reads only the page), so each distinct read goes to moto once and identical repeats are answered with
what it said then (nothing writes during the reads). The emulator's share comes from those first answers.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from unittest import mock

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from tests.support import Tenant
    from vocadesk.storage.repositories import Repositories

CALLS = 100_000
AGENTS = 50
REQUESTS = 300
LIMIT = 20
AGENT_SAMPLE = 10  # agents the filtered list rotates over: each one's first answer costs ~0.7 s of moto
SPREAD = timedelta(days=90)  # the calls' start times, newest now
BATCH = 25  # BatchWriteItem's maximum


# -- seeding ---------------------------------------------------------------------------------------
class _RecordingsPresent:
    """Ingest's recordings interface: every recording exists (the benchmark stores no audio)."""

    def exists(self, key: str) -> bool:
        return True


def add_agents(repos: Repositories, tenant: Tenant, count: int) -> list[Any]:
    from vocadesk.models.agents import Agent

    agents = [tenant.agent]
    for n in range(1, count):
        agent = Agent(account_id=tenant.account_id, client_id=tenant.client.id, name=f"Agent {n}")
        agents.append(repos.agents.create(agent))
    return agents


def ingest_one_call(repos: Repositories, tenant: Tenant, rng: random.Random) -> str:
    """A call stored by the real ingest, turns and all; its id."""
    from benchmarks.ingest import call_events
    from vocadesk.call_ingest import CallIngest

    ids = {"account_id": tenant.account_id, "client_id": tenant.client.id, "agent_id": tenant.agent.id}
    events = call_events(ids, rng)
    ingest = CallIngest(repos.calls, repos.agents, _RecordingsPresent())
    for event in events:
        ingest.ingest(event)
    return events[0].call_id


def copies_of(template: dict[str, Any], agents: list[Any], count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` call items shaped exactly like `template` (DynamoDB JSON), each with its own id, agent and
    start: every occurrence of the template's id, agent id and start/end instants is replaced."""
    from vocadesk.ids import new_id

    started, ended = template["started_at"]["S"], template["ended_at"]["S"]
    duration = datetime.fromisoformat(ended) - datetime.fromisoformat(started)
    text = json.dumps(template)
    newest = datetime.now(UTC)
    items = []
    for n in range(count):
        start = newest - SPREAD * (n / count) - timedelta(milliseconds=rng.randrange(1000))
        agent = agents[n % len(agents)]
        items.append(
            json.loads(
                text.replace(template["id"]["S"], new_id("call", at=start))
                .replace(template["agent_id"]["S"], agent.id)
                .replace(started, start.isoformat())
                .replace(ended, (start + duration).isoformat())
            )
        )
    return items


def batch_write(client: BaseClient, table: str, items: list[dict[str, Any]]) -> None:
    for offset in range(0, len(items), BATCH):
        pending = {table: [{"PutRequest": {"Item": item}} for item in items[offset : offset + BATCH]]}
        while pending:
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


@dataclass
class Seeded:
    tenant: Tenant
    agents: list[Any]
    detail_call_id: str
    turns: int
    seconds: float


def seed(repos: Repositories, *, calls: int, agents: int, rng: random.Random) -> Seeded:
    """An account with an owner, `agents` agents and `calls` calls (one of them with its turns)."""
    from tests.support import Tenant
    from vocadesk.storage import keys
    from vocadesk.storage.calls import call_keys

    started = time.perf_counter()
    tenant = Tenant(repos, "bench")
    all_agents = add_agents(repos, tenant, agents)
    call_id = ingest_one_call(repos, tenant, rng)
    pk, sk = call_keys(tenant.account_id, call_id)
    client = repos.table.client
    template = client.get_item(TableName=repos.table.name, Key={"PK": {"S": pk}, "SK": {"S": sk}})["Item"]
    batch_write(client, repos.table.name, copies_of(template, all_agents, calls - 1, rng))
    turns = client.query(
        TableName=repos.table.name,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.turns_pk(tenant.account_id, call_id)}},
        Select="COUNT",
    )["Count"]
    return Seeded(tenant, all_agents, call_id, turns, time.perf_counter() - started)


# -- requests ----------------------------------------------------------------------------------------
def api_event(path: str, query: str, tenant: Tenant) -> dict[str, Any]:
    """The API Gateway HTTP API event for a GET by the tenant's owner (claims as the JWT authorizer passes them)."""
    from local_platform.apigw_events import HttpRequest, to_event
    from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM

    owner = tenant.owner
    claims = {
        "sub": "5b3c9a4e-0000-4000-8000-000000000000",
        "email": owner.email,
        "token_use": "id",
        ACCOUNT_CLAIM: tenant.account_id,
        USER_CLAIM: owner.id,
    }
    request = HttpRequest(
        method="GET",
        path=path,
        raw_query=query,
        headers=[("accept", "application/json"), ("authorization", "Bearer <verified by API Gateway>")],
        body=b"",
        source_ip="203.0.113.7",
        host="api.vocadesk.example",
        proxy_path=path.removeprefix("/v1/"),
        route_key="ANY /v1/{proxy+}",
        claims=claims,
    )
    return to_event(request)


@dataclass
class BotocoreCall:
    service: str
    operation: str
    key: tuple[str, bytes]  # service.operation and its serialized request
    seconds: float  # before-call -> after-call, hooks included
    cpu_seconds: float  # the same window in this process's CPU time
    items_read: int
    cached: bool


@dataclass
class DynamoProbe:
    """botocore hooks on the Lambda's AWS clients: time and count every call, answer repeated reads.

    The window of a call runs from the start of its `before-call` hook to the end of its `after-call`
    hook, so the probe's own bookkeeping is never charged to the handler.
    """

    calls: list[BotocoreCall] = field(default_factory=list)
    answers: dict[tuple[str, bytes], dict[str, Any]] = field(default_factory=dict)
    first_seconds: dict[tuple[str, bytes], float] = field(default_factory=dict)  # window of the first answer
    parse_seconds: dict[tuple[str, bytes], float] = field(default_factory=dict)  # botocore parsing it
    _open: dict[str, Any] = field(default_factory=dict)

    def install(self, client: BaseClient) -> None:
        client.meta.events.register("before-call.*.*", self._before)
        client.meta.events.register("after-call.*.*", self._after)
        client.meta.events.register("before-parse.*.*", self._before_parse)
        client.meta.events.register("response-received.*.*", self._parsed)

    def _before_parse(self, **_: Any) -> None:
        self._open["parsing"] = time.perf_counter()

    def _parsed(self, **_: Any) -> None:
        if "parsing" in self._open:
            self.parse_seconds.setdefault(self._open["key"], time.perf_counter() - self._open["parsing"])

    def _before(self, model: Any, params: dict[str, Any], **_: Any) -> Any:
        started, cpu_started = time.perf_counter(), time.process_time()
        key = (f"{model.service_model.service_name}.{model.name}", params.get("body") or b"")
        answer = self.answers.get(key)
        self._open = {"started": started, "cpu_started": cpu_started, "key": key, "cached": answer is not None}
        if answer is None:
            return None
        from botocore.awsrequest import AWSResponse

        return AWSResponse(None, 200, {}, None), copy.deepcopy(answer)

    def _after(self, model: Any, http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
        if not self._open["cached"] and http_response.status_code == 200:
            self.answers[self._open["key"]] = copy.deepcopy(parsed)
        if model.name in ("Query", "Scan"):
            items = parsed.get("ScannedCount", parsed.get("Count", 0))
        elif model.name == "GetItem":
            items = int("Item" in parsed)
        else:
            items = sum(len(v) for v in parsed.get("Responses", {}).values()) if "Responses" in parsed else 0
        service = model.service_model.service_name
        call = BotocoreCall(service, model.name, self._open["key"], 0.0, 0.0, items, self._open["cached"])
        self.calls.append(call)
        call.seconds = time.perf_counter() - self._open["started"]
        call.cpu_seconds = time.process_time() - self._open["cpu_started"]
        self.first_seconds.setdefault(call.key, call.seconds)


@dataclass
class Sample:
    own_ms: float
    own_cpu_ms: float  # the same in CPU time: what other processes on the machine cannot inflate
    calls: list[BotocoreCall]


def invoke(handler: Any, context: Any, probe: DynamoProbe, event: dict[str, Any]) -> Sample:
    probe.calls = []
    started, cpu_started = time.perf_counter(), time.process_time()
    response = handler.lambda_handler(event, context)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert response["statusCode"] == 200, response
    inside, cpu_inside = sum(c.seconds for c in probe.calls), sum(c.cpu_seconds for c in probe.calls)
    return Sample(own_ms=(elapsed - inside) * 1000, own_cpu_ms=(cpu - cpu_inside) * 1000, calls=probe.calls)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summarize(name: str, samples: list[Sample], probe: DynamoProbe) -> dict[str, Any]:
    n = len(samples)
    assert all(c.service == "dynamodb" for s in samples for c in s.calls), "a read called another AWS service"
    ops = Counter(c.operation for s in samples for c in s.calls)
    own = [s.own_ms for s in samples]
    first = sum(probe.first_seconds[c.key] for s in samples for c in s.calls)
    parse = sum(probe.parse_seconds.get(c.key, 0.0) for s in samples for c in s.calls)
    return {
        "request": name,
        "n": n,
        "ddb_requests": round(sum(len(s.calls) for s in samples) / n, 2),
        "Query": round(ops["Query"] / n, 2),
        "GetItem": round(ops["GetItem"] / n, 2),
        "Scan": round(ops["Scan"] / n, 2),
        "query_items": round(sum(c.items_read for s in samples for c in s.calls if c.operation == "Query") / n, 2),
        "items_read": round(sum(c.items_read for s in samples for c in s.calls) / n, 2),
        "own_p50_ms": round(percentile(own, 50), 2),
        "own_p95_ms": round(percentile(own, 95), 2),
        "own_p99_ms": round(percentile(own, 99), 2),
        "own_cpu_p99_ms": round(percentile([s.own_cpu_ms for s in samples], 99), 2),
        # when each of the request's reads was first answered: moto's time, and botocore parsing its answer
        "emulator_ms": round((first - parse) * 1000 / n, 1),
        "parse_ms": round(parse * 1000 / n, 2),
    }


AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


@contextlib.contextmanager
def fresh_process(env: dict[str, str | None]) -> Iterator[None]:
    """The environment (None: unset) and process-wide caches of a new Lambda process; both restored after."""
    from vocadesk import aws_clients
    from vocadesk.settings import get_settings
    from vocadesk.storage.repositories import default_repositories

    caches = (get_settings, default_repositories, aws_clients.client)
    with mock.patch.dict(os.environ):
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for cached in caches:
            cached.cache_clear()
        try:
            yield
        finally:
            for cached in caches:
                cached.cache_clear()


def run(*, calls: int = CALLS, agents: int = AGENTS, requests: int = REQUESTS) -> tuple[list[dict[str, Any]], dict]:
    import boto3
    from moto import mock_aws

    from vocadesk import aws_clients
    from vocadesk.settings import get_settings
    from vocadesk.storage.repositories import default_repositories
    from vocadesk.storage.tables import MAIN_TABLE

    env = {
        **AWS_ENV,
        "AWS_ENDPOINT_URL": None,
        "POWERTOOLS_METRICS_DISABLED": "false",
        "POWERTOOLS_SERVICE_NAME": "vocadesk",
    }
    with fresh_process(env), mock_aws():
        from functions.management import handler
        from local_platform.lambda_context import LocalLambdaContext

        settings = get_settings()
        boto3.client("dynamodb").create_table(**MAIN_TABLE.create_table_kwargs(settings.table_name))
        boto3.client("s3").create_bucket(Bucket=settings.recordings_bucket)
        repos = default_repositories()
        gc.disable()  # seeding only allocates: collections would rescan the growing emulator for nothing
        try:
            seeded = seed(repos, calls=calls, agents=agents, rng=random.Random(7))
        finally:
            gc.enable()
        gc.freeze()  # the emulator's millions of objects are no garbage; keep them out of the handler's collections

        probe = DynamoProbe()
        for service in ("dynamodb", "s3"):
            probe.install(aws_clients.client(service))  # the very clients the handler uses
        context = LocalLambdaContext(function_name="vocadesk-management")
        tenant = seeded.tenant
        rotation = seeded.agents[:AGENT_SAMPLE]
        scenarios = {
            f"GET /v1/calls?limit={LIMIT}": [api_event("/v1/calls", f"limit={LIMIT}", tenant)],
            f"GET /v1/calls?limit={LIMIT}&agent_id=": [
                api_event("/v1/calls", f"limit={LIMIT}&agent_id={agent.id}", tenant) for agent in rotation
            ],
            "GET /v1/calls/{id}": [api_event(f"/v1/calls/{seeded.detail_call_id}", "", tenant)],
        }
        rows = []
        # Metrics on, as in Lambda: their EMF lines go to stdout, here a file that drops them.
        with open(os.devnull, "w") as logs, contextlib.redirect_stdout(logs):
            invoke(handler, context, probe, scenarios[f"GET /v1/calls?limit={LIMIT}"][0])  # the cold start's work
            for name, events in scenarios.items():
                for event in events:
                    invoke(handler, context, probe, event)  # moto answers each distinct read once
                samples = [invoke(handler, context, probe, events[i % len(events)]) for i in range(requests)]
                assert all(c.cached for s in samples for c in s.calls), "a measured read reached moto"
                rows.append(summarize(name, samples, probe))
    gc.unfreeze()
    meta = {
        "calls": calls,
        "agents": agents,
        "requests_per_row": requests,
        "agents_rotated": len(rotation),
        "detail_turns": seeded.turns,
        "seed_seconds": round(seeded.seconds, 1),
    }
    return rows, meta


def main() -> None:
    from benchmarks.report import save, table

    started = time.perf_counter()
    rows, meta = run()
    title = (
        f"Management API reads: {meta['calls']:,} calls over {meta['agents']} agents "
        f"(seeded in {meta['seed_seconds']} s; detail call has {meta['detail_turns']} turns), "
        f"{meta['requests_per_row']} requests each"
    )
    print(table(title, rows))
    print("own = handler wall time minus time inside botocore calls; emulator = moto's first answer per request")
    print(f"results: {save('api_reads', rows, **meta)}  ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
