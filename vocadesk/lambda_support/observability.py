"""The Powertools logger, tracer and metrics every Lambda uses (service name from POWERTOOLS_SERVICE_NAME).

Tracing switches itself off outside Lambda; locally the platform also turns EMF metrics off so logs stay
readable.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="Vocadesk")


def count(name: str, value: float = 1) -> None:
    """Add a Count metric. Skipped when metrics are disabled: Powertools would still buffer the values
    and print them once 100 accumulate, which floods local logs and grows memory."""
    if not is_metrics_disabled():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
