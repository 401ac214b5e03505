"""The voice runtime over the emulator: a seeded tenant whose agent answers a phone number."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from vocadesk.models.agents import ConversationDesign, Question, TransferRule
from vocadesk.models.phone_numbers import PhoneNumber
from vocadesk.settings import Settings, get_settings
from voice_container.adapters.event_publisher import EventPublisher
from voice_container.adapters.realtime_client import RealtimeProvider
from voice_container.runtime import VoiceRuntime

NUMBER = "+14155550123"
AUTH_TOKEN = "test-twilio-auth-token"
PUBLIC_URL = "https://voice.example.com"


@pytest.fixture
def phone_agent(repos, tenant_a):
    """Tenant A's agent with questions and a transfer rule, answering NUMBER."""
    agent = tenant_a.agent.model_copy(
        update={
            "conversation": ConversationDesign(greeting="Bright Smile Dental, how can I help?"),
            "questions": [Question(key="name", prompt="May I have your name?")],
            "transfer_rules": [
                TransferRule(id="front_desk", condition="the caller asks for a person", destination="+14155550100")
            ],
        }
    )
    repos.agents.save(agent)
    repos.phone_numbers.create(
        PhoneNumber(account_id=tenant_a.account_id, number=NUMBER, agent_id=agent.id, client_id=agent.client_id)
    )
    return repos.agents.get(tenant_a.account_id, agent.id)


def voice_settings(monkeypatch, **overrides) -> Settings:
    env = {
        "VOCADESK_VOICE_PUBLIC_URL": PUBLIC_URL,
        "VOCADESK_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "VOCADESK_STREAM_TOKEN_SECRET": "s" * 32,
        **overrides,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return get_settings()


def make_runtime(settings: Settings, repos, events_client) -> VoiceRuntime:
    provider = RealtimeProvider(
        api_key="test", base_url=settings.realtime_url, model=settings.realtime_model, connect_timeout=2
    )
    publisher = EventPublisher(settings.event_bus_name, lambda: events_client, linger_seconds=0)
    return VoiceRuntime(settings, repos, provider, publisher)


def twilio_signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def incoming_call_form(to: str = NUMBER, call_sid: str = "CA" + "0" * 32) -> dict[str, str]:
    """The form Twilio POSTs to the voice webhook for an inbound call (the fields it documents)."""
    return {
        "AccountSid": "AC" + "1" * 32,
        "ApiVersion": "2010-04-01",
        "CallSid": call_sid,
        "CallStatus": "ringing",
        "Called": to,
        "Caller": "+14155550199",
        "Direction": "inbound",
        "From": "+14155550199",
        "To": to,
    }
