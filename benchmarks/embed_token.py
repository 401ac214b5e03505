"""Call token minting: the embed gateway's own time per request, and its cold start.

- Handler: the real `functions.embed_token.handler.lambda_handler` (and the Management API's test call)
  answers API Gateway HTTP API (2.0) events in-process over moto. Own time = wall time minus the time
  inside botocore calls (from `before-call` to `after-call` hooks on the handler's own client: moto and
  botocore's parsing), so the emulator's speed is not charged to the handler. Each scenario is warmed up
  once first (pyjwt is imported with the first token). A new source IP per minted token keeps the
  per-IP limit out of the way; the 429 row asks from one address past its limit.
- Cold start: `import functions.embed_token.handler` in fresh interpreters (bytecode cached), then a first
  and a warm `POST /embed/token` against moto's server on loopback. Twice: as in the dev venv, and as
  deployed, where `cryptography` is absent (the `embed_token` group installs pyjwt without it; pyjwt
  loads it when present, for algorithms HS256 does not use).
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchmarks.api_reads import AWS_ENV, fresh_process, percentile
from benchmarks.cold_start import PROBE, child_env, python, start_emulator

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from tests.support import Tenant

REQUESTS = 300
RUNS = 7
PAGE = "https://www.brightsmile.example"
KEYS = "bench:" + "k" * 40
MODULE = "functions.embed_token.handler"
# Prepended to the cold-start probe: the package as deployed, without `cryptography`.
WITHOUT_CRYPTOGRAPHY = """
import sys
class _Absent:
    def find_spec(self, name, path=None, target=None):
        if name == "cryptography" or name.startswith("cryptography."):
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, _Absent())
"""


# -- events ------------------------------------------------------------------------------------------
def http_event(
    method: str,
    path: str,
    *,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    source_ip: str = "203.0.113.7",
    route_key: str = "ANY /embed/{proxy+}",
    claims: dict[str, str] | None = None,
) -> dict[str, Any]:
    from local_platform.apigw_events import HttpRequest, to_event

    raw = json.dumps(body).encode() if body is not None else b""
    prefix = "/" + route_key.split("/")[1] + "/"
    request = HttpRequest(
        method=method,
        path=path,
        raw_query="",
        headers=[("content-type", "application/json"), *(headers or {}).items()],
        body=raw,
        source_ip=source_ip,
        host="api.vocadesk.example",
        proxy_path=path.removeprefix(prefix),
        route_key=route_key,
        claims=claims,
    )
    return to_event(request)


def token_event(embed_id: str, n: int, *, origin: str = PAGE, same_address: bool = False) -> dict[str, Any]:
    address = "198.51.100.9" if same_address else f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    return http_event(
        "POST", "/embed/token", body={"embed_id": embed_id}, headers={"origin": origin}, source_ip=address
    )


def test_call_event(tenant: Tenant) -> dict[str, Any]:
    from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM

    claims = {"token_use": "id", ACCOUNT_CLAIM: tenant.account_id, USER_CLAIM: tenant.owner.id}
    path = f"/v1/agents/{tenant.agent.id}/test-call"
    return http_event("POST", path, route_key="ANY /v1/{proxy+}", claims=claims)


# -- timing ------------------------------------------------------------------------------------------
@dataclass
class BotocoreTimer:
    """Time inside each botocore call of a client, from its `before-call` to its `after-call` hook."""

    seconds: list[float] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)
    _started: float = 0.0

    def install(self, client: BaseClient) -> None:
        client.meta.events.register("before-call.*.*", self._before)
        client.meta.events.register("after-call.*.*", self._after)

    def _before(self, **_: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, model: Any, **_: Any) -> None:
        self.seconds.append(time.perf_counter() - self._started)
        self.operations.append(model.name)

    def reset(self) -> None:
        self.seconds, self.operations = [], []


@dataclass
class Sample:
    own_ms: float
    emulator_ms: float
    operations: list[str]


def invoke(handler: Any, context: Any, timer: BotocoreTimer, event: dict[str, Any], status: int) -> Sample:
    timer.reset()
    started = time.perf_counter()
    response = handler.lambda_handler(event, context)
    elapsed = time.perf_counter() - started
    assert response["statusCode"] == status, response
    inside = sum(timer.seconds)
    return Sample((elapsed - inside) * 1000, inside * 1000, list(timer.operations))


def summarize(name: str, samples: list[Sample]) -> dict[str, Any]:
    own = [s.own_ms for s in samples]
    operations = [op for s in samples for op in s.operations]
    n = len(samples)
    return {
        "request": name,
        "n": n,
        "own_p50_ms": round(percentile(own, 50), 2),
        "own_p99_ms": round(percentile(own, 99), 2),
        "ddb_requests": round(len(operations) / n, 2),
        "GetItem": round(operations.count("GetItem") / n, 2),
        "BatchGetItem": round(operations.count("BatchGetItem") / n, 2),
        "UpdateItem": round(operations.count("UpdateItem") / n, 2),
        "emulator_ms": round(statistics.mean(s.emulator_ms for s in samples), 2),
    }


def run_handlers(requests: int = REQUESTS) -> list[dict[str, Any]]:
    import boto3
    from moto import mock_aws

    from tests.support import Tenant
    from vocadesk import aws_clients
    from vocadesk.models.embeds import Embed
    from vocadesk.settings import get_settings
    from vocadesk.storage.repositories import default_repositories
    from vocadesk.storage.tables import MAIN_TABLE

    env = {
        **AWS_ENV,
        "AWS_ENDPOINT_URL": None,
        "POWERTOOLS_METRICS_DISABLED": "false",
        "POWERTOOLS_SERVICE_NAME": "vocadesk",
        "VOCADESK_CALL_TOKEN_KEYS": KEYS,
        "VOCADESK_EMBED_TOKEN_LIMIT_PER_EMBED": str(10**9),
    }
    with fresh_process(env), mock_aws():
        from functions.embed_token import handler as embed_handler
        from functions.management import handler as management_handler
        from local_platform.lambda_context import LocalLambdaContext

        boto3.client("dynamodb").create_table(**MAIN_TABLE.create_table_kwargs(get_settings().table_name))
        repos = default_repositories()
        tenant = Tenant(repos, "bench")
        embed = repos.embeds.create(
            Embed(
                account_id=tenant.account_id,
                agent_id=tenant.agent.id,
                client_id=tenant.client.id,
                allowed_origins=[PAGE],
            )
        )
        timer = BotocoreTimer()
        timer.install(aws_clients.client("dynamodb"))  # the very client the handlers use
        context = LocalLambdaContext(function_name="vocadesk-embed_token")
        per_ip = get_settings().embed_token_limit_per_ip
        asking = {"origin": PAGE, "access-control-request-method": "POST"}
        preflight = http_event("OPTIONS", "/embed/token", headers=asking)
        scenarios = [
            ("POST /embed/token (201)", embed_handler, lambda n: token_event(embed.id, n), 201),
            ("OPTIONS /embed/token (204)", embed_handler, lambda n: preflight, 204),
            (
                "POST /embed/token, origin refused (403)",
                embed_handler,
                lambda n: token_event(embed.id, n, origin="https://elsewhere.example"),
                403,
            ),
            (
                f"POST /embed/token, past {per_ip}/IP (429)",
                embed_handler,
                lambda n: token_event(embed.id, n, same_address=True),
                429,
            ),
            ("POST /v1/agents/{id}/test-call (201)", management_handler, lambda n: test_call_event(tenant), 201),
        ]
        rows = []
        with open(os.devnull, "w") as logs, contextlib.redirect_stdout(logs):  # EMF metric lines, as in Lambda
            for _ in range(per_ip):  # the 429 row's address has used up its window
                embed_handler.lambda_handler(token_event(embed.id, 0, same_address=True), context)
            for name, handler, event_of, status in scenarios:
                invoke(handler, context, timer, event_of(requests), status)  # warm: first token imports pyjwt
                samples = [invoke(handler, context, timer, event_of(n), status) for n in range(requests)]
                rows.append(summarize(name, samples))
    return rows


# -- cold start --------------------------------------------------------------------------------------
def seeded_embed(endpoint: str) -> str:
    """An account with an embed in the emulator; the embed's id."""
    import boto3

    from tests.support import Tenant
    from vocadesk.models.embeds import Embed
    from vocadesk.settings import get_settings
    from vocadesk.storage.repositories import default_repositories
    from vocadesk.storage.tables import MAIN_TABLE

    with fresh_process({**AWS_ENV, "AWS_ENDPOINT_URL": endpoint}):
        boto3.client("dynamodb").create_table(**MAIN_TABLE.create_table_kwargs(get_settings().table_name))
        tenant = Tenant(default_repositories(), "cold")
        embed = default_repositories().embeds.create(
            Embed(
                account_id=tenant.account_id,
                agent_id=tenant.agent.id,
                client_id=tenant.client.id,
                allowed_origins=[PAGE],
            )
        )
    return embed.id


def cold_starts(endpoint: str, embed_id: str, *, deployed: bool, cache: str) -> dict[str, Any]:
    env = child_env(cache, endpoint=endpoint) | {"VOCADESK_CALL_TOKEN_KEYS": KEYS}
    script = (WITHOUT_CRYPTOGRAPHY if deployed else "") + PROBE.replace("HANDLER", MODULE)
    python(["-c", script], env, "[]")  # compile and cache the bytecode
    runs = []
    for n in range(RUNS):
        events = [token_event(embed_id, 1000 * n + i) for i in range(2)]  # new addresses every run
        result = python(["-c", script], env, json.dumps(events))
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    assert all(r["responses"] == [201, 201] for r in runs), runs
    return {
        "handler": MODULE,
        "packages": "as deployed (no cryptography)" if deployed else "dev venv (cryptography installed)",
        "import_ms": statistics.median(r["import_ms"] for r in runs),
        "import_min_ms": min(r["import_ms"] for r in runs),
        "import_max_ms": max(r["import_ms"] for r in runs),
        "first_request_ms": statistics.median(r["first_ms"] for r in runs),
        "warm_request_ms": statistics.median(r["warm_ms"] for r in runs),
        "first_extra_ms": statistics.median(r["first_ms"] - r["warm_ms"] for r in runs),
    }


def run_cold_start() -> list[dict[str, Any]]:
    server, endpoint = start_emulator()
    try:
        embed_id = seeded_embed(endpoint)
        with tempfile.TemporaryDirectory(prefix="vocadesk-pyc-") as cache:
            return [cold_starts(endpoint, embed_id, deployed=deployed, cache=cache) for deployed in (True, False)]
    finally:
        server.stop()


def main() -> None:
    from benchmarks.report import save, table

    started = time.perf_counter()
    handler_rows = run_handlers()
    cold_rows = run_cold_start()
    print(table(f"Call token minting, handler's own time ({REQUESTS} requests each, moto in-process)", handler_rows))
    print("own = handler wall time minus time inside botocore calls; emulator = that time (moto + parsing)")
    print(table(f"Embed gateway cold start (ms, wall clock, median of {RUNS} fresh interpreters)", cold_rows))
    path = save("embed_token", handler_rows, requests_per_row=REQUESTS, runs=RUNS, cold_start=cold_rows)
    print(f"results: {path}  ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
