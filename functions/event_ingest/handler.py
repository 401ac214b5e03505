"""Event ingest entry point: SQS batches of EventBridge envelopes -> `vocadesk.call_ingest`.

A record that fails for a transient reason (throttle, network) is reported as a batch item failure, so
only it is retried. An event that can never be stored (invalid, unknown type, unknown agent) goes to the
dead-letter queue with its reason, and counts as handled: retrying it could not help.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from functions.event_ingest.dead_letters import DeadLetters
from vocadesk.call_ingest import CallIngest
from vocadesk.errors import Invalid, first_error
from vocadesk.events import SOURCE, CallEvent, parse_detail
from vocadesk.lambda_support.observability import count, logger, metrics, tracer
from vocadesk.settings import get_settings
from vocadesk.storage.recordings import RecordingStore
from vocadesk.storage.repositories import default_repositories

# Failures are reported record by record even when all fail: SQS retries exactly those, nothing raises.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@cache
def call_ingest() -> CallIngest:
    repos = default_repositories()
    return CallIngest(repos.calls, repos.agents, RecordingStore(get_settings().recordings_bucket))


@cache
def dead_letters() -> DeadLetters:
    return DeadLetters(get_settings().ingest_dead_letter_queue_name)


def event_of(body: str) -> CallEvent:
    """The call event inside an SQS record's EventBridge envelope; Invalid if there is none."""
    try:
        envelope = EventBridgeModel.model_validate_json(body)
    except ValidationError as error:
        path, message = first_error(error)
        raise Invalid(f"not an EventBridge envelope: {message}", field=path or "envelope") from error
    if envelope.source != SOURCE:
        raise Invalid(f"unexpected source {envelope.source!r}", field="source")
    return parse_detail(envelope.detail_type, envelope.detail)


def record_event(record: SQSRecord) -> None:
    logger.remove_keys(["account_id", "call_id", "detail_type"])
    try:
        event = event_of(record.body)
        logger.append_keys(account_id=event.account_id, call_id=event.call_id, detail_type=event.detail_type)
        changed = call_ingest().ingest(event)
    except Invalid as error:
        logger.warning(
            "rejected call event",
            extra={"message_id": record.message_id, "reason": error.message, "field": error.field},
        )
        dead_letters().send(record.body, reason=error.message, message_id=record.message_id)
        count("RejectedEvents")
        return
    count("StoredEvents" if changed else "DuplicateEvents")


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_event, processor=processor, context=context)
