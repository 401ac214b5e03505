"""Importing a handler (a Lambda cold start) loads no SDK it does not need yet and builds no model's validator.

What each import costs in time is measured by `benchmarks/cold_start.py`; these tests keep the causes out.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = sorted(f"functions.{p.parent.name}.handler" for p in (ROOT / "functions").glob("*/handler.py"))
# Loaded on first use instead: boto3 with the first AWS call, the X-Ray SDK only where tracing is on,
# email-validator with the first email validated.
DEFERRED = ("boto3", "botocore.client", "aws_xray_sdk.core", "email_validator")
# Every request reads the settings first (the table's name): deferring them would gain nothing.
BUILT_AT_IMPORT = ["vocadesk.settings.Settings"]
REPORT = """
import json, sys
import {module}
from pydantic import BaseModel

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

ours = [c for c in subclasses(BaseModel) if c.__module__.split(".")[0] in ("vocadesk", "functions")]
print(json.dumps({{
    "loaded": [name for name in {deferred!r} if name in sys.modules],
    "built": sorted({{f"{{c.__module__}}.{{c.__qualname__}}" for c in ours if c.__pydantic_complete__}}),
    "models": len(ours),
}}))
"""


def imported(module: str) -> dict:
    outside_lambda = {k: v for k, v in os.environ.items() if not k.startswith(("LAMBDA_", "AWS_LAMBDA_"))}
    code = REPORT.format(module=module, deferred=DEFERRED)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=outside_lambda
    )
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.parametrize("module", HANDLERS)
def test_importing_a_handler_loads_no_sdk_before_its_first_use(module):
    assert imported(module)["loaded"] == []


@pytest.mark.parametrize("module", HANDLERS)
def test_importing_a_handler_builds_no_model_until_a_request_needs_it(module):
    report = imported(module)

    assert report["models"] > 0
    assert report["built"] == BUILT_AT_IMPORT, "derive models from vocadesk.models.fields.Model (defer_build)"
