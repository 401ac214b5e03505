"""Local stand-in for Lambda's SQS event source mapping: ingest queue -> event ingest handler.

The emulated EventBridge rule puts each call event's envelope on the ingest queue (as in AWS); this
poller long-polls it, hands batches to the same handler as real SQS events, and deletes only the
records the handler did not report as failed. Failed ones reappear after the visibility timeout and
go to the dead-letter queue after the redrive policy's receive count, exactly as in AWS.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from local_platform.lambda_context import LocalLambdaContext

log = logging.getLogger(__name__)


EMULATED_ACCOUNT = "123456789012"


def _complete_envelope(body: str) -> str:
    """moto's rule targets omit the envelope's `account` field, which AWS always sets; restore it
    so the handler sees what it will see in AWS (and nothing else is touched)."""
    try:
        envelope = json.loads(body)
    except json.JSONDecodeError:
        return body
    if isinstance(envelope, dict) and "detail-type" in envelope and "account" not in envelope:
        envelope["account"] = EMULATED_ACCOUNT
        return json.dumps(envelope)
    return body


def to_sqs_event(messages: list[dict[str, Any]], *, queue_arn: str, region: str) -> dict[str, Any]:
    """The event Lambda's SQS integration hands a function for `messages` (ReceiveMessage output)."""
    records = []
    for message in messages:
        body = _complete_envelope(message["Body"])
        records.append(
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": body,
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
        )
    return {"Records": records}


class QueueDelivery:
    def __init__(
        self,
        sqs: Any,
        queue_url: str,
        handler: Callable[[dict[str, Any], Any], Any],
        *,
        batch_size: int = 10,
        wait_seconds: int = 1,
    ) -> None:
        self.sqs = sqs
        self.queue_url = queue_url
        self.handler = handler
        self.batch_size = batch_size
        self.wait_seconds = wait_seconds
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]
        self.queue_arn = attributes["QueueArn"]
        self.region = sqs.meta.region_name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.delivered = 0

    def poll_once(self) -> int:
        """Receive one batch, invoke the handler, delete what succeeded; returns records handled."""
        messages = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=self.batch_size,
            WaitTimeSeconds=self.wait_seconds,
            AttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        event = to_sqs_event(messages, queue_arn=self.queue_arn, region=self.region)
        try:
            result = self.handler(event, LocalLambdaContext(function_name="vocadesk-event-ingest", timeout_seconds=60))
            failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
        except Exception:
            log.exception("event ingest failed for a whole batch; it will be retried")
            return 0
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        self.delivered += len(done)
        return len(messages)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="event-delivery", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except Exception:
                if not self._stop.is_set():
                    log.exception("event delivery poll failed; retrying")
                    self._stop.wait(1)

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=self.wait_seconds + 2)
