import asyncio
import io
import json

from infra_cdk.constructs.voice_runtime import ACTIVE_CALLS_DIMENSION, ACTIVE_CALLS_METRIC, ACTIVE_CALLS_NAMESPACE
from voice_container.metrics import METRICS, active_calls_emf, report_active_calls


def test_the_active_calls_line_is_the_metric_the_stack_scales_on():
    line = json.loads(active_calls_emf("prod", 7, at_ms=1_700_000_000_000))

    (directive,) = line["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == ACTIVE_CALLS_NAMESPACE
    assert directive["Dimensions"] == [[ACTIVE_CALLS_DIMENSION]]
    assert directive["Metrics"] == [{"Name": ACTIVE_CALLS_METRIC, "Unit": "Count"}]
    assert (line["Stage"], line[ACTIVE_CALLS_METRIC], line["_aws"]["Timestamp"]) == ("prod", 7, 1_700_000_000_000)


def test_the_reporter_prints_the_current_count_each_period(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(METRICS, "active_calls", 3)

    async def run_briefly():
        task = asyncio.create_task(report_active_calls("local", every_seconds=0.01, out=out))
        await asyncio.sleep(0.035)
        task.cancel()

    asyncio.run(run_briefly())

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) >= 2 and {line["ActiveCalls"] for line in lines} == {3}
