"""One boto3 client per AWS service per process, created on first use.

boto3 costs ~100 ms to import and each client a few ms to build: code that may never touch a service
should not pay for it at import time, and no module should build its own copy.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3

    return boto3.client(service)
