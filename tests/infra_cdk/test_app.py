"""infra_cdk/app.py: deployment differences come from CDK context; secrets can never be given that way."""

from __future__ import annotations

import aws_cdk as cdk

from infra_cdk.app import PLACEHOLDER_CERTIFICATE, config_from


def test_plain_runtime_settings_come_from_context_by_camel_case_name():
    app = cdk.App(context={"transferAllowedPrefixes": "+1,+44", "realtimeModel": "gpt-x", "callsPerTask": "12"})

    config = config_from(app)

    assert config.voice_settings["realtime_model"] == "gpt-x"
    # (transfer_allowed_prefixes too, once vocadesk.settings has that field)
    assert set(config.voice_settings) <= {"realtime_model", "transfer_allowed_prefixes"}
    assert config.calls_per_task == 12


def test_secrets_and_stack_owned_settings_are_not_taken_from_context():
    app = cdk.App(context={"openaiApiKey": "sk-1", "callTokenKeys": "k:x", "drainSeconds": "9", "tableName": "t"})

    assert config_from(app).voice_settings == {}


def test_without_context_placeholders_keep_synth_working():
    config = config_from(cdk.App())

    assert config.certificate_arn == PLACEHOLDER_CERTIFICATE
    assert config.stage == "prod"


def test_the_hosted_sign_in_prefix_and_dev_origins_come_from_context():
    app = cdk.App(
        context={
            "authDomainPrefix": "acme-voice",
            "dashboardDevOrigins": "http://localhost:5173, http://localhost:8080",
        }
    )

    config = config_from(app)

    assert config.auth_domain_prefix == "acme-voice"
    assert config.dashboard_dev_origins == ("http://localhost:5173", "http://localhost:8080")
    assert config_from(cdk.App()).dashboard_dev_origins == ()
