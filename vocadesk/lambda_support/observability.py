"""The Powertools logger, tracer and metrics every Lambda uses (service name from POWERTOOLS_SERVICE_NAME).

Tracing switches itself off outside Lambda (or with POWERTOOLS_TRACE_DISABLED); then the X-Ray SDK is
never imported. Locally the platform also turns EMF metrics off so logs stay readable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled
from aws_lambda_powertools.tracing.base import BaseProvider, BaseSegment

# What gets a subsegment: AWS SDK calls and any other outgoing HTTP. Not `patch_all`, which imports and
# patches every library X-Ray supports that happens to be installed (sqlite3, requests, ...).
TRACED_MODULES = ("botocore", "httplib")


class _Untraced(BaseSegment):
    """The segment handed out while tracing is off: accepts everything, records nothing."""

    def close(self, end_time: int | None = None) -> None:
        pass

    def add_subsegment(self, subsegment: Any) -> None:
        pass

    def remove_subsegment(self, subsegment: Any) -> None:
        pass

    def put_annotation(self, key: str, value: Any) -> None:
        pass

    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None:
        pass

    def add_exception(self, exception: BaseException, stack: Any, remote: bool = False) -> None:
        pass


class NoTracing(BaseProvider):
    """Tracer provider while tracing is off. Powertools' default provider is the X-Ray recorder, whose
    import (~100 ms with botocore) a disabled tracer would pay at construction for nothing."""

    @contextmanager
    def in_subsegment(self, name: str | None = None, **kwargs: Any) -> Iterator[BaseSegment]:
        yield _Untraced()

    @asynccontextmanager
    async def in_subsegment_async(self, name: str | None = None, **kwargs: Any) -> AsyncIterator[BaseSegment]:
        yield _Untraced()

    def put_annotation(self, key: str, value: Any) -> None:
        pass

    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None:
        pass

    def patch(self, modules: Sequence[str]) -> None:
        pass

    def patch_all(self) -> None:
        pass


def tracing_enabled() -> bool:
    """Powertools' own rule: in Lambda (not SAM/Chalice local) and not POWERTOOLS_TRACE_DISABLED."""
    return not Tracer._is_tracer_disabled()


def _tracer() -> Tracer:
    if tracing_enabled():
        return Tracer(patch_modules=TRACED_MODULES)
    return Tracer(disabled=True, auto_patch=False, provider=NoTracing())


logger = Logger()
tracer = _tracer()
metrics = Metrics(namespace="Vocadesk")


def count(name: str, value: float = 1) -> None:
    """Add a Count metric. Skipped when metrics are disabled: Powertools would still buffer the values
    and print them once 100 accumulate, which floods local logs and grows memory."""
    if not is_metrics_disabled():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
