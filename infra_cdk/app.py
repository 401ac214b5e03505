"""`python -m infra_cdk.app`: synthesize the Vocadesk stack into cdk.out/ (the CDK CLI runs this via cdk.json).

Offline: no AWS credentials (the stack is environment-agnostic unless CDK_DEFAULT_ACCOUNT/REGION are set),
no Docker (image assets are only hashed at synth), no downloads. Context (`-c name=value` with the CLI):
`stage`, `certificateArn`, `voiceDomain`, `callsPerTask`. Without them, placeholders are synthesized with a
warning, so `make synth` always works; a deploy needs the real ones.
"""

from __future__ import annotations

import os

# Before jsii starts node: the value lists the end-of-life Node majors whose banner to silence.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")

import aws_cdk as cdk

from infra_cdk.stack import StackConfig, VocadeskStack

PLACEHOLDER_CERTIFICATE = "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000"
PLACEHOLDER_VOICE_DOMAIN = "voice.example.com"


def config_from(app: cdk.App) -> StackConfig:
    context = app.node.try_get_context
    return StackConfig(
        stage=context("stage") or "prod",
        certificate_arn=context("certificateArn") or PLACEHOLDER_CERTIFICATE,
        voice_domain=context("voiceDomain") or PLACEHOLDER_VOICE_DOMAIN,
        calls_per_task=int(context("callsPerTask") or 20),
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
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
