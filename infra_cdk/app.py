"""`python -m infra_cdk.app`: synthesize the Vocadesk stack into cdk.out/ (the CDK CLI runs this via cdk.json).

Offline: no AWS credentials (the stack is environment-agnostic unless CDK_DEFAULT_ACCOUNT/REGION are set),
no Docker (image assets are only hashed at synth), no downloads. Context (`-c name=value` with the CLI):
`stage`, `certificateArn`, `voiceDomain`, `callsPerTask`, `authDomainPrefix` (the hosted sign-in's domain
prefix), `dashboardDevOrigins` (comma-separated origins such as http://localhost:5173 the hosted sign-in may
also return to), and any plain voice runtime setting by its
`vocadesk.settings` field name in camelCase (`twilioAccountSid`, `transferAllowedPrefixes`, `realtimeModel`, ...;
secrets are refused). Without the first ones, placeholders are synthesized with a
warning, so `make synth` always works; a deploy needs the real ones.
"""

from __future__ import annotations

import os
import sys

# Before jsii starts node: the value lists the end-of-life Node majors whose banner to silence.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")

import aws_cdk as cdk

from infra_cdk.constructs.web import DashboardNotBuilt
from infra_cdk.settings_env import SECRET_FIELDS
from infra_cdk.stack import StackConfig, VocadeskStack
from vocadesk.settings import Settings

PLACEHOLDER_CERTIFICATE = "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000"
PLACEHOLDER_VOICE_DOMAIN = "voice.example.com"


# Settings the stack sets itself, or that are not the runtime's to take from context.
STACK_OWNED = {"stage", "voice_host", "voice_port", "voice_public_url", "voice_public_ws_url", "max_call_seconds"}
STACK_OWNED |= {"drain_seconds", "table_name", "event_bus_name", "recordings_bucket"}


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def voice_settings(app: cdk.App) -> dict[str, str]:
    """Plain settings given as context, by camelCase field name (secrets only ever come from Secrets Manager)."""
    fields = set(Settings.model_fields) - SECRET_FIELDS - STACK_OWNED
    found = {name: app.node.try_get_context(camel(name)) for name in sorted(fields)}
    return {name: str(value) for name, value in found.items() if value not in (None, "")}


def config_from(app: cdk.App) -> StackConfig:
    context = app.node.try_get_context
    return StackConfig(
        voice_settings=voice_settings(app),
        stage=context("stage") or "prod",
        certificate_arn=context("certificateArn") or PLACEHOLDER_CERTIFICATE,
        voice_domain=context("voiceDomain") or PLACEHOLDER_VOICE_DOMAIN,
        calls_per_task=int(context("callsPerTask") or 20),
        auth_domain_prefix=context("authDomainPrefix") or None,
        dashboard_dev_origins=tuple(
            o.strip() for o in str(context("dashboardDevOrigins") or "").split(",") if o.strip()
        ),
    )


def build(app: cdk.App) -> VocadeskStack:
    config = config_from(app)
    env = None
    if os.environ.get("CDK_DEFAULT_ACCOUNT") and os.environ.get("CDK_DEFAULT_REGION"):
        env = cdk.Environment(account=os.environ["CDK_DEFAULT_ACCOUNT"], region=os.environ["CDK_DEFAULT_REGION"])
    stack = VocadeskStack(app, f"Vocadesk-{config.stage}", config=config, env=env)
    if config.certificate_arn == PLACEHOLDER_CERTIFICATE:
        cdk.Annotations.of(stack).add_warning_v2(
            "vocadesk:placeholder-context",
            "synthesized with placeholders: pass -c certificateArn=... -c voiceDomain=...",
        )
    cdk.Tags.of(stack).add("project", "vocadesk")
    cdk.Tags.of(stack).add("stage", config.stage)
    return stack


def main() -> None:
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))  # the CLI sets CDK_OUTDIR
    try:
        build(app)
    except DashboardNotBuilt as error:
        sys.exit(f"synth: {error}")
    app.synth()


if __name__ == "__main__":
    main()
