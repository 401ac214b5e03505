"""The tracer traces in Lambda (X-Ray, AWS SDK calls patched) and costs nothing elsewhere (no X-Ray SDK loaded).

Each case runs in a fresh interpreter: the tracer is built when the module is imported, from the environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
REPORT = """
import json, sys
from vocadesk.lambda_support.observability import tracer, tracing_enabled

@tracer.capture_lambda_handler
def handler(event, context):
    return tracer_method(event)

@tracer.capture_method
def tracer_method(event):
    return {"echo": event}

XRAY_LOADED = "aws_xray_sdk.core" in sys.modules  # by importing the module above
from aws_xray_sdk.core import patcher
print(json.dumps({
    "enabled": tracing_enabled(),
    "provider": type(tracer.provider).__name__,
    "xray_loaded_at_import": XRAY_LOADED,
    "patched": sorted(patcher._PATCHED_MODULES),
    "result": handler(1, None) if not tracing_enabled() else None,
}))
"""


def traced(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "LAMBDA_", "_X_AMZN"))}
    run = subprocess.run(
        [sys.executable, "-c", REPORT],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**clean, "AWS_DEFAULT_REGION": "us-east-1", **env},
    )
    return json.loads(run.stdout.splitlines()[-1])


def test_outside_lambda_the_tracer_is_off_and_the_xray_sdk_is_not_loaded():
    report = traced()

    assert report["enabled"] is False
    assert report["provider"] == "NoTracing"
    assert report["xray_loaded_at_import"] is False
    assert report["patched"] == []
    assert report["result"] == {"echo": 1}  # decorated functions still run


def test_in_lambda_the_tracer_uses_xray_and_patches_only_aws_sdk_and_http_calls():
    report = traced(LAMBDA_TASK_ROOT=str(ROOT), AWS_LAMBDA_FUNCTION_NAME="vocadesk-management")

    assert report["enabled"] is True
    assert report["provider"] == "AsyncAWSXRayRecorder"
    assert report["patched"] == ["botocore", "httplib"]


def test_in_lambda_tracing_can_be_switched_off():
    report = traced(LAMBDA_TASK_ROOT=str(ROOT), POWERTOOLS_TRACE_DISABLED="true")

    assert report["enabled"] is False
    assert report["xray_loaded_at_import"] is False
