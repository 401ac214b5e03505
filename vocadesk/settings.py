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
    standin_port: int = Field(8765, ge=0, le=65535, description="Local Realtime stand-in port (no OpenAI key).")
    demo_email: str = Field("demo@example.com", description="Seeded demo user's sign-in email.")
    demo_password: SecretStr = Field(SecretStr("vocadesk-demo"), description="Seeded demo user's password.")

    # Web and test calls: tokens minted by the embed gateway / Management API, checked by the runtime.
    call_token_keys: SecretStr = Field(
        SecretStr(""),
        description="`kid:secret` pairs, comma-separated, signing key first; `make run` generates one.",
    )
    call_token_ttl_seconds: int = Field(120, ge=30, le=300, description="Lifetime of a web or test call token.")
    voice_public_ws_url: str = Field(
        "", description="WebSocket URL browsers open for web/test calls (wss://voice.example.com/web)."
    )
    # Abuse limits of `POST /embed/token` (fixed windows counted in the table, `vocadesk.rate_limits`).
    embed_token_limit_per_ip: int = Field(
        20, ge=1, description="Call tokens one IP address (an IPv6 /64) may get per window, across every embed."
    )
    embed_token_limit_per_embed: int = Field(
        300, ge=1, description="Call tokens one embed may hand out per window, across every visitor."
    )
    embed_token_limit_window_seconds: int = Field(
        60, ge=1, le=86_400, description="Length of the windows the embed token limits count in."
    )

    # The voice runtime (`voice_container/`): Twilio in, the AI provider out.
    voice_host: str = Field("127.0.0.1", description="Voice runtime bind address (0.0.0.0 in its container).")
    voice_port: int = Field(8090, ge=0, le=65535, description="Voice runtime port.")
    voice_public_url: str = Field(
        "", description="Base URL Twilio reaches the runtime at (https://voice.example.com); default: its own address."
    )
    twilio_auth_token: SecretStr = Field(
        SecretStr("vocadesk-local-twilio-token"), description="Twilio auth token: checks X-Twilio-Signature."
    )
    stream_token_secret: SecretStr = Field(
        SecretStr(""), description="Key signing one-time media-stream tokens, shared by all tasks; random when empty."
    )
    stream_token_ttl_seconds: int = Field(30, ge=5, le=300, description="How long a media-stream token is usable.")
    openai_api_key: SecretStr = Field(
        SecretStr(""), description="AI provider key; empty locally, where the Realtime stand-in answers."
    )
    realtime_url: str = Field(
        "", description="WebSocket base URL of the Realtime API (empty: OpenAI's; locally the stand-in's)."
    )
    realtime_model: str = Field("gpt-realtime", description="Realtime model every call session uses.")
    analysis_model: str = Field(
        "gpt-4.1-mini", description="Model of the post-call analysis (structured outputs) when a key is set."
    )
    max_call_seconds: int = Field(
        3600, ge=60, description="Calls are ended after this long (or transferred, by a `max_duration` rule)."
    )
    # Transfers to a person: the Twilio REST API redirects the live call (`voice_container/call/transfers.py`).
    twilio_account_sid: str = Field(
        "", description="Twilio account SID (AC...) the REST API is called as; empty: phone transfers fail."
    )
    twilio_api_url: str = Field(
        "", description="Base URL of the Twilio REST API (empty: https://api.twilio.com); locally the stand-in's."
    )
    transfer_allowed_prefixes: str = Field(
        "",
        description="Where transfers may dial: comma-separated prefixes (`+1,+44,sip:`); empty: nowhere.",
    )
    drain_seconds: int = Field(
        3600, ge=0, description="On SIGTERM, how long live calls may finish before the runtime stops."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process (a Lambda cold start, a container start)."""
    return Settings()
