"""Call events: the bus the voice runtime publishes to, its archive, and the rule -> SQS -> ingest path.

The rule pattern is `vocadesk.events.INGEST_RULE_PATTERN` (the local bus uses the same). Events EventBridge
cannot deliver to the queue, and records ingest fails `MAX_RECEIVES` times, land in the dead-letter queue,
where ingest also puts the events it can never store.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from vocadesk.events import INGEST_RULE_PATTERN, SOURCE

MAX_RECEIVES = 5  # then a record goes to the DLQ (the local platform uses the same count)
ARCHIVE_RETENTION = Duration.days(90)


def event_pattern(pattern: dict[str, list[str]]) -> events.EventPattern:
    return events.EventPattern(source=pattern["source"], detail_type=pattern.get("detail-type"))


class CallEvents(Construct):
    def __init__(self, scope: Construct, id: str, *, ingest_timeout: Duration) -> None:
        super().__init__(scope, id)
        self.bus = events.EventBus(self, "Bus")
        self.extra_dead_letters: list[sqs.Queue] = []
        self.archive = self.bus.archive(
            "Archive",
            description="Every call event, for replay into the ingest rule",
            event_pattern=events.EventPattern(source=[SOURCE]),
            retention=ARCHIVE_RETENTION,
        )

        self.dead_letters = sqs.Queue(
            self,
            "IngestDeadLetters",
            retention_period=Duration.days(14),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
        )
        self.queue = sqs.Queue(
            self,
            "IngestQueue",
            # AWS's advice for an SQS event source: at least six times the function's timeout.
            visibility_timeout=Duration.seconds(ingest_timeout.to_seconds() * 6),
            retention_period=Duration.days(4),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dead_letters, max_receive_count=MAX_RECEIVES),
        )
        self.ingest_rule = events.Rule(
            self,
            "IngestRule",
            event_bus=self.bus,
            description="Every call event to the ingest queue",
            event_pattern=event_pattern(INGEST_RULE_PATTERN),
            targets=[
                targets.SqsQueue(
                    self.queue,
                    dead_letter_queue=self.dead_letters,
                    retry_attempts=185,  # EventBridge's maximum: keep trying through a queue outage
                    max_event_age=Duration.hours(24),
                )
            ],
        )

    def route(self, id: str, *, detail_types: list[str], function: lambda_.IFunction) -> events.Rule:
        """Call events of `detail_types` straight to a function, retried, then kept in a dead-letter queue."""
        dead_letters = sqs.Queue(
            self, f"{id}DeadLetters", retention_period=Duration.days(14), encryption=sqs.QueueEncryption.SQS_MANAGED
        )
        self.extra_dead_letters.append(dead_letters)
        return events.Rule(
            self,
            id,
            event_bus=self.bus,
            event_pattern=events.EventPattern(source=[SOURCE], detail_type=detail_types),
            targets=[
                targets.LambdaFunction(
                    function, dead_letter_queue=dead_letters, retry_attempts=185, max_event_age=Duration.hours(24)
                )
            ],
        )
