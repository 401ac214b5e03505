"""The dead-letter path for events ingest can never store: the ingest queue's own dead-letter queue.

Sending them there (instead of failing the record) stops a retry storm, and keeps every unstorable
event, whether rejected by ingest or given up on by SQS after its retries, in one place to inspect
and redrive. A failure to send raises, so the record is retried rather than lost.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from vocadesk import aws_clients


class DeadLetters:
    def __init__(self, queue_name: str, client: Any = None) -> None:
        self.queue_name = queue_name
        self._client = client

    @property
    def client(self) -> Any:
        return self._client or aws_clients.client("sqs")

    @cached_property
    def queue_url(self) -> str:
        return self.client.get_queue_url(QueueName=self.queue_name)["QueueUrl"]

    def send(self, body: str, *, reason: str, message_id: str) -> None:
        self.client.send_message(
            QueueUrl=self.queue_url,
            MessageBody=body,
            MessageAttributes={
                "reason": {"DataType": "String", "StringValue": reason[:1000]},
                "source_message_id": {"DataType": "String", "StringValue": message_id},
            },
        )
