"""Event ingest entry point: SQS batches of EventBridge envelopes -> `vocadesk.calls.record`.

A record that fails for a transient reason (throttle, network) is reported back as a batch item failure
so only it is retried; an event that can never be stored (invalid, unknown type) is rejected with a log
line and a metric instead of being retried forever.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from vocadesk import calls
from vocadesk.errors import Invalid
from vocadesk.events import SOURCE, parse_detail
from vocadesk.lambda_support.observability import logger, metrics, tracer
from vocadesk.storage.repositories import default_repositories

processor = BatchProcessor(event_type=EventType.SQS)


def record_event(record: SQSRecord) -> None:
    try:
        envelope = EventBridgeModel.model_validate_json(record.body)
        if envelope.source != SOURCE:
            raise Invalid(f"unexpected source {envelope.source!r}", field="source")
        event = parse_detail(envelope.detail_type, envelope.detail)
    except (ValidationError, Invalid) as error:
        reason = error.message if isinstance(error, Invalid) else _first_error(error)
        logger.warning("rejected call event", extra={"message_id": record.message_id, "reason": reason})
        metrics.add_metric(name="RejectedEvents", unit="Count", value=1)
        return
    logger.append_keys(account_id=event.account_id, call_id=event.call_id)
    calls.record(default_repositories().calls, event)
    metrics.add_metric(name="StoredEvents", unit="Count", value=1)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"envelope.{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_event, processor=processor, context=context)
