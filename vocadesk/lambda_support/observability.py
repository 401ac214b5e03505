"""The Powertools logger, tracer and metrics every Lambda uses (service name from POWERTOOLS_SERVICE_NAME).

Tracing switches itself off outside Lambda; locally the platform also turns EMF metrics off so logs stay
readable.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="Vocadesk")
