"""infra_cdk/constructs/observability.py: the alarms the issue asks for, to one topic, and one dashboard."""

from __future__ import annotations

from infra_cdk import lambda_code


def alarms(synthesized):
    return list(synthesized.resources("AWS::CloudWatch::Alarm").values())


def alarm_on(synthesized, metric_name):
    return [a for a in alarms(synthesized) if a["Properties"].get("MetricName") == metric_name]


def test_ingest_dead_letter_queue_not_empty_alarms(synthesized):
    (alarm,) = alarm_on(synthesized, "ApproximateNumberOfMessagesVisible")

    assert alarm["Properties"]["Threshold"] == 0
    assert alarm["Properties"]["ComparisonOperator"] == "GreaterThanThreshold"
    (dimension,) = alarm["Properties"]["Dimensions"]
    assert "IngestDeadLetters" in dimension["Value"]["Fn::GetAtt"][0]


def test_api_5xx_rate_alarms(synthesized):
    (alarm,) = [a for a in alarms(synthesized) if "Metrics" in a["Properties"]]

    metrics = alarm["Properties"]["Metrics"]
    names = {m["MetricStat"]["Metric"]["MetricName"] for m in metrics if "MetricStat" in m}
    assert names == {"Count", "5xx"}


def test_unhealthy_voice_tasks_alarm(synthesized):
    (alarm,) = alarm_on(synthesized, "UnHealthyHostCount")

    assert alarm["Properties"]["Namespace"] == "AWS/ApplicationELB"


def test_every_function_has_an_errors_alarm(synthesized):
    assert len(alarm_on(synthesized, "Errors")) == len(lambda_code.deployed_functions())


def test_every_alarm_notifies_the_one_topic_and_there_is_one_dashboard(synthesized):
    (topic_id,) = synthesized.resources("AWS::SNS::Topic")

    for alarm in alarms(synthesized):
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic_id}]
    assert len(synthesized.resources("AWS::CloudWatch::Dashboard")) == 1
