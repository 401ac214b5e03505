"""Create the platform's AWS resources in the emulator from the shared definitions, then seed a demo.

Tables come from `vocadesk.storage.tables`, the user pool from `vocadesk.user_pool`, the bus rule pattern
from `vocadesk.events`: the same definitions the CDK stack deploys. Idempotent, so a restart against a
running emulator is harmless.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from local_platform.voice import DEMO_NUMBER
from vocadesk.accounts import open_account
from vocadesk.directory import UserDirectory
from vocadesk.events import INGEST_RULE_PATTERN
from vocadesk.models.accounts import Account, User
from vocadesk.models.agents import (
    FAQ,
    Agent,
    ConversationDesign,
    Knowledge,
    KnowledgeBlock,
    NewAgent,
    Question,
    TransferRule,
    TransferTrigger,
)
from vocadesk.models.clients import Client
from vocadesk.models.embeds import ButtonStyle, Embed
from vocadesk.models.phone_numbers import PhoneNumber
from vocadesk.origins import normalise
from vocadesk.settings import Settings
from vocadesk.storage.repositories import Repositories
from vocadesk.storage.tables import MAIN_TABLE
from vocadesk.user_pool import USER_POOL

INGEST_RULE = "vocadesk-call-events-to-ingest"
MAX_RECEIVES = 5  # deliveries before a message moves to the dead-letter queue
# What invited users first sign in with locally (printed in the banner); in AWS Cognito emails one.
LOCAL_INVITE_PASSWORD = "Welcome-to-Vocadesk-1"
# The demo agent's embed has the same public id every run, so `/sdk/demo.html` (which defaults to it) and
# bookmarks of it keep working although the emulator starts empty each time.
DEMO_EMBED_ID = "emb_" + "0" * 22 + "DEM0"


@dataclass(frozen=True)
class UserPool:
    id: str
    client_id: str

    def settings_environment(self) -> dict[str, str]:
        """The settings naming this pool (in AWS the CDK stack sets them on every function)."""
        return {"VOCADESK_USER_POOL_ID": self.id, "VOCADESK_USER_POOL_CLIENT_ID": self.client_id}


@dataclass(frozen=True)
class Provisioned:
    queue_url: str
    dead_letter_queue_url: str
    user_pool: UserPool


def provision_user_pool(cognito: Any) -> UserPool:
    """The user pool and the dashboard's app client (found by name when they exist)."""
    pools = cognito.list_user_pools(MaxResults=60)["UserPools"]
    pool_id = next((p["Id"] for p in pools if p["Name"] == USER_POOL.pool_name), None)
    if pool_id is None:
        pool_id = cognito.create_user_pool(**USER_POOL.create_user_pool_kwargs())["UserPool"]["Id"]
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == USER_POOL.client_name), None)
    if client_id is None:
        client_id = cognito.create_user_pool_client(**USER_POOL.create_client_kwargs(pool_id))["UserPoolClient"][
            "ClientId"
        ]
    return UserPool(id=pool_id, client_id=client_id)


def provision(settings: Settings, session: Any) -> Provisioned:
    """Tables, recordings bucket, event bus, ingest queue (with DLQ), the rule feeding it, the user pool."""
    dynamodb = session.client("dynamodb")
    if settings.table_name not in dynamodb.list_tables()["TableNames"]:
        dynamodb.create_table(**MAIN_TABLE.create_table_kwargs(settings.table_name))
        if MAIN_TABLE.ttl_attribute:
            dynamodb.update_time_to_live(
                TableName=settings.table_name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": MAIN_TABLE.ttl_attribute},
            )
    session.client("s3").create_bucket(Bucket=settings.recordings_bucket)

    sqs = session.client("sqs")
    dlq_url = sqs.create_queue(QueueName=settings.ingest_dead_letter_queue_name)["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=settings.ingest_queue_name,
        Attributes={
            "VisibilityTimeout": "30",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)}),
        },
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    events = session.client("events")
    if settings.event_bus_name not in {b["Name"] for b in events.list_event_buses()["EventBuses"]}:
        events.create_event_bus(Name=settings.event_bus_name)
    events.put_rule(
        Name=INGEST_RULE,
        EventBusName=settings.event_bus_name,
        EventPattern=json.dumps(INGEST_RULE_PATTERN),
        State="ENABLED",
    )
    events.put_targets(
        Rule=INGEST_RULE, EventBusName=settings.event_bus_name, Targets=[{"Id": "ingest-queue", "Arn": queue_arn}]
    )
    user_pool = provision_user_pool(session.client("cognito-idp"))
    return Provisioned(queue_url=queue_url, dead_letter_queue_url=dlq_url, user_pool=user_pool)


@dataclass(frozen=True)
class Demo:
    account: Account
    owner: User
    client: Client
    agent: Agent
    embed: Embed


def seed_demo(repos: Repositories, directory: UserDirectory, settings: Settings) -> Demo | None:
    """The demo agency: an owner who can sign in, one client, a receptionist agent on the demo number and
    on the demo page (`/sdk/demo.html`, embed `DEMO_EMBED_ID`). None if present."""
    if repos.users.find_by_email(settings.demo_email) is not None:
        return None
    account, owner = open_account(repos, name="Demo Agency", owner_email=settings.demo_email, owner_name="Demo Owner")
    directory.add(owner)
    directory.set_password(owner.email, settings.demo_password.get_secret_value())
    client = repos.clients.create(
        Client(account_id=account.id, name="Bright Smile Dental", contact_email="office@brightsmile.example")
    )
    design = NewAgent(
        client_id=client.id,
        name="Front desk",
        persona="You are Sam, the front-desk assistant of Bright Smile Dental, a family dental practice.",
        knowledge=Knowledge(
            blocks=[KnowledgeBlock(title="Opening hours", text="Monday to Friday 8:00-18:00, Saturday 9:00-13:00.")],
            faqs=[FAQ(question="Do you take new patients?", answer="Yes, we welcome new patients of all ages.")],
        ),
        questions=[
            Question(key="full_name", prompt="What is your full name?"),
            Question(key="callback_number", prompt="What is the best number to reach you?", type="phone"),
            Question(key="reason", prompt="What is the reason for your visit?"),
        ],
        conversation=ConversationDesign(
            greeting="Thank you for calling Bright Smile Dental, this is Sam. How can I help you today?",
            goals=["Book or change appointments", "Answer questions about the practice"],
            do=["Confirm details back to the caller"],
            dont=["Give medical advice"],
        ),
        transfer_rules=[
            TransferRule(
                id="front_desk",
                condition="the caller asks for a person or has a dental emergency",
                destination="+15555550111",
                handover_message="Let me put you through to the front desk.",
                triggers=[TransferTrigger.DTMF_0],  # `make call` with --press 0
            )
        ],
    )
    agent = repos.agents.create(Agent(account_id=account.id, **design.model_dump()))
    repos.phone_numbers.create(
        PhoneNumber(
            account_id=account.id, number=DEMO_NUMBER, label="Reception", agent_id=agent.id, client_id=client.id
        )
    )
    embed = repos.embeds.create(
        Embed(
            id=DEMO_EMBED_ID,
            account_id=account.id,
            client_id=client.id,
            agent_id=agent.id,
            name="Demo page",
            allowed_origins=demo_origins(settings.public_url),
            button=ButtonStyle(label="Talk to Sam", background="#0b6e4f"),
        )
    )
    return Demo(account=account, owner=owner, client=client, agent=agent, embed=embed)


def demo_origins(public_url: str) -> list[str]:
    """The origin the gateway serves the demo page from, under both loopback names (either may be typed)."""
    parts = urlsplit(public_url)
    origin = normalise(f"{parts.scheme}://{parts.netloc}") or public_url
    aliases = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}
    alias = aliases.get(parts.hostname or "")
    return [origin, origin.replace(f"//{parts.hostname}", f"//{alias}", 1)] if alias else [origin]
