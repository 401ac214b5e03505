"""Bus -> rule -> queue -> ingest, through the real provisioning and the emulated services."""

from datetime import UTC, datetime

import boto3
import pytest

from functions.event_ingest.handler import lambda_handler as ingest
from local_platform.event_delivery import QueueDelivery
from local_platform.provision import provision
from vocadesk.errors import NotFound
from vocadesk.events import CallStarted, put_events_entry
from vocadesk.settings import get_settings


@pytest.fixture
def bus(platform):
    return get_settings(), platform


def publish(settings, tenant, **detail):
    now = datetime.now(UTC)
    event = CallStarted(**tenant.new_call(at=now, channel="web"), seq=0, occurred_at=now, **detail)
    entry = put_events_entry(event, bus_name=settings.event_bus_name)
    assert boto3.client("events").put_events(Entries=[entry])["FailedEntryCount"] == 0
    return event


def in_flight(resources):
    attributes = boto3.client("sqs").get_queue_attributes(QueueUrl=resources.queue_url, AttributeNames=["All"])
    return int(attributes["Attributes"]["ApproximateNumberOfMessagesNotVisible"])


def test_an_event_put_on_the_bus_reaches_ingest_and_is_readable(repos, tenant_a, bus):
    settings, resources = bus
    delivery = QueueDelivery(boto3.client("sqs"), resources.queue_url, ingest, wait_seconds=0)

    event = publish(settings, tenant_a, caller="https://shop.example.com")
    handled = delivery.poll_once()

    assert handled == 1 and delivery.delivered == 1
    assert repos.calls.get(tenant_a.account_id, event.call_id).caller == "https://shop.example.com"
    assert in_flight(resources) == 0  # deleted once handled


def test_events_from_other_sources_never_reach_the_queue(bus):
    settings, resources = bus
    boto3.client("events").put_events(
        Entries=[
            {
                "Source": "someone.else",
                "DetailType": "call.started",
                "Detail": "{}",
                "EventBusName": settings.event_bus_name,
            }
        ]
    )

    assert QueueDelivery(boto3.client("sqs"), resources.queue_url, ingest, wait_seconds=0).poll_once() == 0


def failing(event, context):
    """A handler that reports every record of the batch as failed."""
    return {"batchItemFailures": [{"itemIdentifier": record["messageId"]} for record in event["Records"]]}


def test_records_the_handler_reports_failed_stay_on_the_queue_for_a_retry(repos, tenant_a, bus):
    settings, resources = bus
    event = publish(settings, tenant_a)

    QueueDelivery(boto3.client("sqs"), resources.queue_url, failing, wait_seconds=0).poll_once()

    assert in_flight(resources) == 1
    with pytest.raises(NotFound):
        repos.calls.get(tenant_a.account_id, event.call_id)


def test_provisioning_twice_is_harmless(repos, bus):
    settings, first = bus

    again = provision(settings, boto3.session.Session())

    assert again == first
