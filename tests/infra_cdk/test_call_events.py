"""infra_cdk/constructs/call_events.py: bus -> rule (the shared pattern) -> queue with a DLQ -> ingest."""

from __future__ import annotations

from aws_cdk.assertions import Match

from infra_cdk.constructs.call_events import MAX_RECEIVES
from vocadesk.events import INGEST_RULE_PATTERN, SOURCE


def queues(synthesized):
    """(ingest queue, dead-letter queue) resources, told apart by which one has a redrive policy."""
    found = {
        lid: q for lid, q in synthesized.resources("AWS::SQS::Queue").items() if lid.startswith("CallEventsIngest")
    }
    (main_id,) = [lid for lid, q in found.items() if "RedrivePolicy" in q["Properties"]]
    (dlq_id,) = [lid for lid in found if lid != main_id]
    return (main_id, found[main_id]), (dlq_id, found[dlq_id])


def ingest_rule(synthesized):
    (rule,) = [r["Properties"] for lid, r in synthesized.resources("AWS::Events::Rule").items() if "Ingest" in lid]
    return rule


def test_the_ingest_rule_uses_the_shared_pattern_on_the_custom_bus(synthesized):
    rule = ingest_rule(synthesized)
    (bus_id,) = synthesized.resources("AWS::Events::EventBus")

    assert rule["EventPattern"] == INGEST_RULE_PATTERN
    assert rule["EventBusName"] == {"Ref": bus_id}


def test_the_ingest_rule_delivers_to_the_queue_with_retries_and_a_dead_letter_queue(synthesized):
    (main_id, _), (dlq_id, _) = queues(synthesized)

    (target,) = ingest_rule(synthesized)["Targets"]

    assert target["Arn"] == {"Fn::GetAtt": [main_id, "Arn"]}
    assert target["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": [dlq_id, "Arn"]}}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0


def test_ingest_queue_redrives_to_the_dead_letter_queue(synthesized):
    (_, main), (dlq_id, _) = queues(synthesized)

    assert main["Properties"]["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
        "maxReceiveCount": MAX_RECEIVES,
    }


def test_ingest_reads_the_queue_in_batches_reporting_each_failed_record(synthesized, template):
    (main_id, main), _ = queues(synthesized)

    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {
            "EventSourceArn": {"Fn::GetAtt": [main_id, "Arn"]},
            "FunctionName": {"Ref": Match.string_like_regexp("^EventIngestFunction")},
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
        },
    )
    timeout = synthesized.raw["Resources"][
        next(lid for lid in synthesized.resources("AWS::Lambda::Function") if lid.startswith("EventIngestFunction"))
    ]["Properties"]["Timeout"]
    assert main["Properties"]["VisibilityTimeout"] >= 6 * timeout


def test_every_call_event_is_archived_for_replay(synthesized):
    archive = synthesized.only("AWS::Events::Archive")

    assert archive["EventPattern"] == {"source": [SOURCE]}
    assert archive["RetentionDays"] >= 30


def test_billing_gets_call_ended_only_once_it_has_a_handler(synthesized):
    # functions/billing has no handler.py yet: no billing function and no second rule (see the TODO in stack.py)
    functions = synthesized.resources("AWS::Lambda::Function")
    has_billing = any(lid.startswith("BillingFunction") for lid in functions)

    assert len(synthesized.resources("AWS::Events::Rule")) == (2 if has_billing else 1)
