"""The one settings object: every knob of every deployable, read from the environment.

Names are `VOCADESK_<FIELD>` (upper case); AWS's own variables (`AWS_REGION`, `AWS_ENDPOINT_URL`) are
left to boto3. Locally the defaults describe the local platform; `make run` sets only the ids of the user
pool it creates and a known invite password. In AWS the CDK stack sets the resource names and ids.
Every field is documented in README.md (a test keeps them in step).
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOCADESK_", extra="ignore", frozen=True)

    stage: str = Field("local", description="Deployment stage name, shown in logs and the banner.")
    table_name: str = Field("vocadesk", description="The single DynamoDB table holding every tenant item.")
    recordings_bucket: str = Field("vocadesk-recordings", description="S3 bucket for call recordings.")
    recording_url_ttl_seconds: int = Field(
        300, ge=30, le=3600, description="Lifetime of the presigned recording URLs the API hands out."
    )
    public_url: str = Field(
        "http://127.0.0.1:8080", description="Where the dashboard and SDK are served (the embed snippet's origin)."
    )
    event_bus_name: str = Field("vocadesk-calls", description="EventBridge bus the voice runtime publishes to.")
    ingest_queue_name: str = Field(
        "vocadesk-call-events", description="SQS queue between the bus rule and event ingest."
    )
    ingest_dead_letter_queue_name: str = Field(
        "vocadesk-call-events-dlq", description="Where ingest puts events it can never store (and SQS, failures)."
    )

    # Identity: a Cognito user pool (`vocadesk.user_pool`); API Gateway checks its ID tokens (locally the gateway).
    user_pool_id: str = Field(
        "",
        description="Cognito user pool of every user; set by the CDK stack, and by `make run` to the pool it creates.",
    )
    user_pool_client_id: str = Field(
        "", description="The dashboard's app client id: the `aud` every ID token must carry."
    )
    invite_temporary_password: SecretStr = Field(
        SecretStr(""),
        description="Temporary password of invited users. Empty in AWS: Cognito generates one and emails it.",
    )

    # The local platform (`make run`); loopback only.
    gateway_host: str = Field("127.0.0.1", description="Local gateway bind address (loopback only).")
    gateway_port: int = Field(8080, ge=0, le=65535, description="Local gateway port.")
    emulator_port: int = Field(4566, ge=0, le=65535, description="Local AWS emulator (moto server) port.")
    demo_email: str = Field("demo@example.com", description="Seeded demo user's sign-in email.")
    demo_password: SecretStr = Field(SecretStr("vocadesk-demo"), description="Seeded demo user's password.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process (a Lambda cold start, a container start)."""
    return Settings()
