"""infra_cdk/settings_env.py: environment names come from Settings, and secrets cannot be put there."""

from __future__ import annotations

import pytest

from infra_cdk.settings_env import SECRET_FIELDS, env_name, settings_env


def test_names_are_the_settings_own():
    assert settings_env(table_name="t", drain_seconds=110) == {
        "VOCADESK_TABLE_NAME": "t",
        "VOCADESK_DRAIN_SECONDS": "110",
    }


def test_a_misspelt_setting_fails_at_synth():
    with pytest.raises(KeyError):
        env_name("tabel_name")


def test_secret_settings_are_refused():
    assert {"openai_api_key", "call_token_keys", "twilio_auth_token", "stream_token_secret"} <= SECRET_FIELDS

    with pytest.raises(ValueError, match="Secrets Manager"):
        settings_env(openai_api_key="sk-...")
