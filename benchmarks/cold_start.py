"""Cold start of each Lambda handler, in fresh interpreters: importing it, then its first and a warm request.

- Import: wall clock around `import <handler>` (median, min and max of RUNS interpreters), with bytecode
  cached as a deployed package ships it (.pyc under a private PYTHONPYCACHEPREFIX: the tree gets none).
  Outside Lambda tracing is off; the "X-Ray on" rows set what Lambda sets (LAMBDA_TASK_ROOT, a trace
  header), so the tracer loads the X-Ray SDK and patches botocore as in a function with active tracing.
- Where import time goes, from `python -X importtime`: self time summed by package (the standard library
  and shared dependencies are charged to the package that first imported them), and the imports with the
  largest cumulative time.
- The first and a warm request run against moto's server on loopback (a real HTTP round trip per AWS
  call, most of the warm request's time). Their difference is the work done once, on the first request:
  what importing lazily moved there (boto3, the first validators built), so it is shown rather than hidden.
"""

from __future__ import annotations

import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.api_reads import AWS_ENV, fresh_process

HANDLERS = ("functions.management.handler", "functions.event_ingest.handler")
FLOOR = "benchmarks.stack_floor"  # the management handler's stack alone, imported the same way
RUNS = 7
IMPORTTIME_RUNS = 3
TOP_IMPORTS = 12
ROOT = Path(__file__).resolve().parent.parent

# Runs in the fresh interpreter, HANDLER replaced by the module; stdin is a JSON list of events to send it.
PROBE = r"""
import sys, time
started = time.perf_counter()
import HANDLER as handler
result = {"import_ms": (time.perf_counter() - started) * 1000}
import json
events = json.loads(sys.stdin.read() or "[]")
if events:
    from local_platform.lambda_context import LocalLambdaContext
    context = LocalLambdaContext(function_name="cold-start")
    result["responses"] = []
    for name, event in zip(("first_ms", "warm_ms"), events):
        started = time.perf_counter()
        response = handler.lambda_handler(event, context)
        result[name] = (time.perf_counter() - started) * 1000
        failed = response.get("batchItemFailures")
        result["responses"].append(f"{len(failed)} failed" if failed is not None else response["statusCode"])
print("\n" + json.dumps(result))
"""

# Top-level modules whose self time is their distribution's own; anything else (the standard library,
# typing_extensions, jmespath, ...) is charged to the nearest importer listed here.
PACKAGE_OF = {
    "vocadesk": "vocadesk + functions (ours)",
    "functions": "vocadesk + functions (ours)",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic",
    "pydantic_settings": "pydantic-settings",
    "aws_lambda_powertools": "aws-lambda-powertools",
    "aws_xray_sdk": "aws-xray-sdk",
    "boto3": "boto3 / botocore",
    "botocore": "boto3 / botocore",
    "email_validator": "email-validator",
    "local_platform": "benchmark probe (not the handler)",
}
TRACE_HEADER = "Root=1-6749f3a0-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1"


@dataclass(frozen=True)
class Imported:
    name: str
    self_ms: float
    cumulative_ms: float
    depth: int
    parent: str | None


def child_env(cache: str, *, tracing: bool = False, endpoint: str | None = None) -> dict[str, str]:
    """A clean environment: cached bytecode, dummy credentials, and Lambda's variables when tracing."""
    prefixes = ("AWS_", "POWERTOOLS_", "LAMBDA_", "_X_AMZN", "VOCADESK_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(AWS_ENV, PYTHONPYCACHEPREFIX=cache, POWERTOOLS_SERVICE_NAME="vocadesk")
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
    if tracing:
        env.update(
            LAMBDA_TASK_ROOT=str(ROOT),
            AWS_LAMBDA_FUNCTION_NAME="cold-start",
            _X_AMZN_TRACE_ID=TRACE_HEADER,
            AWS_XRAY_DAEMON_ADDRESS="127.0.0.1:2000",  # UDP: segments are sent, nobody reads them
        )
    return env


def python(args: list[str], env: dict[str, str], stdin: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env)
    if result.returncode:
        raise RuntimeError(f"{args[:2]} failed:\n{result.stderr}")
    return result


def probe(module: str, env: dict[str, str], events: list[dict[str, Any]]) -> dict[str, Any]:
    result = python(["-c", PROBE.replace("HANDLER", module)], env, json.dumps(events))
    return json.loads(result.stdout.strip().splitlines()[-1])


def importtime(code: str, env: dict[str, str], stdin: str = "") -> list[Imported]:
    """Every import `python -X importtime -c code` made, in its output's order (children before parents)."""
    result = python(["-X", "importtime", "-c", code], env, stdin)
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$", line)
        if match:
            rows.append((match.group(4), int(match.group(1)), int(match.group(2)), len(match.group(3)) // 2))
    parents: dict[str, str] = {}
    waiting: dict[int, list[str]] = defaultdict(list)  # modules at a depth whose importer is not seen yet
    for name, _, _, depth in rows:
        for child in waiting.pop(depth + 1, []):
            parents[child] = name
        waiting[depth].append(name)
    return [Imported(n, s / 1000, c / 1000, d, parents.get(n)) for n, s, c, d in rows]


def subtree(rows: list[Imported], module: str) -> list[Imported]:
    """`module`'s line and everything it imported (the lines since the previous top-level one)."""
    end = next(i for i, row in enumerate(rows) if row.name == module and row.depth == 0)
    start = max((i for i in range(end) if rows[i].depth == 0), default=-1) + 1
    return rows[start : end + 1]


def by_package(rows: list[Imported], every: list[Imported]) -> Counter[str]:
    parent_of = {row.name: row.parent for row in every}
    totals: Counter[str] = Counter()
    for row in rows:
        name: str | None = row.name
        while name is not None and name.split(".")[0] not in PACKAGE_OF:
            name = parent_of.get(name)
        totals[PACKAGE_OF[name.split(".")[0]] if name else "other"] += row.self_ms
    return totals


def breakdown(module: str, cache: str) -> tuple[Counter[str], list[dict[str, Any]]]:
    """Self time by package and the largest cumulative imports, from the median of a few runs."""
    env = child_env(cache)
    runs = [importtime(f"import {module}", env) for _ in range(IMPORTTIME_RUNS)]
    runs.sort(key=lambda rows: subtree(rows, module)[-1].cumulative_ms)
    rows = runs[len(runs) // 2]
    mine = subtree(rows, module)
    top = sorted(mine[:-1], key=lambda row: row.cumulative_ms, reverse=True)[:TOP_IMPORTS]
    largest = [
        {"import": r.name, "cumulative_ms": r.cumulative_ms, "self_ms": r.self_ms, "imported_by": r.parent or "-"}
        for r in top
    ]
    return by_package(mine, rows), largest


def first_request_imports(module: str, cache: str, endpoint: str, events: list[dict[str, Any]]) -> Counter[str]:
    """What the first and warm requests imported (lazily), by package; the probe's own imports left out."""
    rows = importtime(PROBE.replace("HANDLER", module), child_env(cache, endpoint=endpoint), json.dumps(events))
    after = rows[next(i for i, row in enumerate(rows) if row.name == module and row.depth == 0) + 1 :]
    totals = by_package(after, rows)
    totals.pop(PACKAGE_OF["local_platform"], None)
    return totals


# -- the emulator and what the first requests ask for ---------------------------------------------
def start_emulator() -> tuple[Any, str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def seeded_requests(endpoint: str) -> dict[str, list[dict[str, Any]]]:
    """A seeded account in the emulator, and per handler its first and warm requests."""
    import random

    import boto3

    from benchmarks.api_reads import api_event, seed
    from benchmarks.ingest import call_events
    from vocadesk.events import envelope
    from vocadesk.settings import get_settings
    from vocadesk.storage.repositories import default_repositories
    from vocadesk.storage.tables import MAIN_TABLE

    settings = get_settings()
    boto3.client("dynamodb").create_table(**MAIN_TABLE.create_table_kwargs(settings.table_name))
    boto3.client("s3").create_bucket(Bucket=settings.recordings_bucket)
    rng = random.Random(11)
    seeded = seed(default_repositories(), calls=100, agents=3, rng=rng)
    tenant = seeded.tenant
    ids = {"account_id": tenant.account_id, "client_id": tenant.client.id, "agent_id": tenant.agent.id}

    def sqs_batch(event: Any) -> dict[str, Any]:
        record = {
            "messageId": event.event_id,
            "receiptHandle": "r",
            "body": json.dumps(envelope(event)),
            "attributes": {},
            "messageAttributes": {},
            "md5OfBody": "",
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:vocadesk-call-events",
            "awsRegion": "us-east-1",
        }
        return {"Records": [record]}

    listing = api_event("/v1/calls", "limit=20", tenant)
    return {
        "functions.management.handler": [listing, listing],
        # two new calls' call.started: an agent lookup and one write each
        "functions.event_ingest.handler": [sqs_batch(call_events(ids, rng)[0]) for _ in range(2)],
    }


def timed(module: str, env: dict[str, str], events: list[dict[str, Any]]) -> dict[str, Any]:
    """Import `module` (then send it `events`) in RUNS fresh interpreters: medians and spread."""
    probe(module, env, [])  # compile and cache the bytecode
    runs = [probe(module, env, events) for _ in range(RUNS)]
    assert all(r.get("responses", []) in ([], [200, 200], ["0 failed", "0 failed"]) for r in runs), runs
    imports = [r["import_ms"] for r in runs]
    row = {
        "handler": module,
        "tracing": "X-Ray on" if "LAMBDA_TASK_ROOT" in env else "off",
        "import_ms": statistics.median(imports),
        "import_min_ms": min(imports),
        "import_max_ms": max(imports),
    }
    if not events:
        return row | dict.fromkeys(("first_request_ms", "warm_request_ms", "first_extra_ms"), "-")
    return row | {
        "first_request_ms": statistics.median(r["first_ms"] for r in runs),
        "warm_request_ms": statistics.median(r["warm_ms"] for r in runs),
        # what the first request does once (lazy imports, first validators, clients)
        "first_extra_ms": statistics.median(r["first_ms"] - r["warm_ms"] for r in runs),
    }


def run() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    server, endpoint = start_emulator()
    try:
        with fresh_process({**AWS_ENV, "AWS_ENDPOINT_URL": endpoint}):
            requests = seeded_requests(endpoint)
        with tempfile.TemporaryDirectory(prefix="vocadesk-pyc-") as cache:
            rows = [
                timed(module, child_env(cache, tracing=tracing, endpoint=endpoint), requests[module])
                for module in HANDLERS
                for tracing in (False, True)
            ]
            rows.append(timed(FLOOR, child_env(cache), []) | {"handler": f"{FLOOR} (no Vocadesk code)"})
            packages, largest, first = {}, {}, {}
            for module in HANDLERS:
                packages[module], largest[module] = breakdown(module, cache)
                first[module] = first_request_imports(module, cache, endpoint, requests[module])
    finally:
        server.stop()
    meta = {"runs": RUNS, "import_by_package": packages, "largest_imports": largest, "first_request_imports": first}
    return rows, meta


def package_table(per_handler: dict[str, Counter[str]]) -> list[dict[str, Any]]:
    names = sorted({p for c in per_handler.values() for p in c}, key=lambda p: -sum(c[p] for c in per_handler.values()))
    rows = [{"package": p, **{m.split(".")[1]: per_handler[m][p] for m in per_handler}} for p in names]
    rows.append({"package": "total", **{m.split(".")[1]: sum(c.values()) for m, c in per_handler.items()}})
    return rows


def main() -> None:
    from benchmarks.report import save, table

    rows, meta = run()
    print(table(f"Lambda cold start (ms, wall clock, median of {RUNS} fresh interpreters)", rows))
    print(table("Import time by package (ms of -X importtime self time)", package_table(meta["import_by_package"])))
    for module, largest in meta["largest_imports"].items():
        print(table(f"Largest cumulative imports of {module} (ms)", largest))
    print(table("Imported during the first and warm request (ms)", package_table(meta["first_request_imports"])))
    print(f"results: {save('cold_start', rows, **meta)}")


if __name__ == "__main__":
    main()
