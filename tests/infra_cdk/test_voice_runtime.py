"""infra_cdk/constructs/voice_runtime.py and voice_container/Dockerfile: Fargate behind an ALB for long calls."""

from __future__ import annotations

import re

from infra_cdk.constructs.voice_runtime import ACTIVE_CALLS_METRIC, ACTIVE_CALLS_NAMESPACE, PORT
from infra_cdk.lambda_code import ROOT
from infra_cdk.settings_env import PREFIX, SECRET_FIELDS
from vocadesk.settings import Settings


def load_balancer_attributes(synthesized):
    lb = synthesized.only("AWS::ElasticLoadBalancingV2::LoadBalancer")
    return {a["Key"]: a["Value"] for a in lb["LoadBalancerAttributes"]}


def target_group(synthesized):
    return synthesized.only("AWS::ElasticLoadBalancingV2::TargetGroup")


def container(synthesized):
    (definition,) = synthesized.only("AWS::ECS::TaskDefinition")["ContainerDefinitions"]
    return definition


def environment(synthesized):
    return {e["Name"]: e["Value"] for e in container(synthesized)["Environment"]}


def test_alb_idle_timeout_outlasts_silences_in_a_call(synthesized):
    assert load_balancer_attributes(synthesized)["idle_timeout.timeout_seconds"] == "4000"
    assert synthesized.only("AWS::ElasticLoadBalancingV2::LoadBalancer")["Scheme"] == "internet-facing"


def test_deregistration_delay_covers_the_longest_call_and_the_drain(synthesized):
    attributes = {a["Key"]: a["Value"] for a in target_group(synthesized)["TargetGroupAttributes"]}
    delay = int(attributes["deregistration_delay.timeout_seconds"])
    env = environment(synthesized)

    assert delay >= int(env[PREFIX + "MAX_CALL_SECONDS"])
    assert delay >= int(env[PREFIX + "DRAIN_SECONDS"])
    # and the drain fits in the time ECS gives between SIGTERM and SIGKILL
    assert int(env[PREFIX + "DRAIN_SECONDS"]) < container(synthesized)["StopTimeout"] <= 120


def test_target_health_is_the_runtimes_healthz(synthesized):
    group = target_group(synthesized)

    assert group["HealthCheckPath"] == "/healthz"
    assert group["Port"] == PORT
    assert group["TargetType"] == "ip"


def test_tls_listener_uses_the_certificate_from_context_and_http_redirects(synthesized, template):
    from tests.infra_cdk.conftest import CONTEXT

    listeners = [r["Properties"] for r in synthesized.resources("AWS::ElasticLoadBalancingV2::Listener").values()]
    https = next(listener for listener in listeners if listener["Port"] == 443)
    http = next(listener for listener in listeners if listener["Port"] == 80)

    assert https["Protocol"] == "HTTPS"
    assert https["Certificates"] == [{"CertificateArn": CONTEXT["certificateArn"]}]
    assert http["DefaultActions"][0]["Type"] == "redirect"


def test_container_gets_settings_in_plain_env_and_every_key_as_a_secret(synthesized):
    definition = container(synthesized)
    env = environment(synthesized)
    secret_names = {s["Name"] for s in definition["Secrets"]}
    settings = {PREFIX + name.upper() for name in Settings.model_fields}
    secret_settings = {PREFIX + name.upper() for name in SECRET_FIELDS}

    assert set(env) <= settings
    assert not secret_settings & set(env)
    assert {PREFIX + n for n in ("OPENAI_API_KEY", "TWILIO_AUTH_TOKEN", "STREAM_TOKEN_SECRET", "CALL_TOKEN_KEYS")} <= (
        secret_names
    )
    assert env[PREFIX + "VOICE_HOST"] == "0.0.0.0"
    assert env[PREFIX + "VOICE_PUBLIC_URL"] == "https://voice.test.example"
    assert env[PREFIX + "REALTIME_MODEL"] == "gpt-realtime-test"  # from context
    assert definition["ReadonlyRootFilesystem"] is True
    assert "/healthz" in " ".join(definition["HealthCheck"]["Command"])


def test_tasks_run_on_arm64_in_private_subnets(synthesized):
    task = synthesized.only("AWS::ECS::TaskDefinition")
    service = synthesized.only("AWS::ECS::Service")

    assert task["RuntimePlatform"]["CpuArchitecture"] == "ARM64"
    assert task["EphemeralStorage"]["SizeInGiB"] >= 30  # recordings spool on disk during calls
    assert service["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] == "DISABLED"
    assert service["DeploymentConfiguration"]["MinimumHealthyPercent"] == 100


def test_autoscaling_tracks_active_calls_per_task(synthesized):
    policy = synthesized.only("AWS::ApplicationAutoScaling::ScalingPolicy")
    tracking = policy["TargetTrackingScalingPolicyConfiguration"]
    metric = tracking["CustomizedMetricSpecification"]

    assert policy["PolicyType"] == "TargetTrackingScaling"
    assert (metric["Namespace"], metric["MetricName"], metric["Statistic"]) == (
        ACTIVE_CALLS_NAMESPACE,
        ACTIVE_CALLS_METRIC,
        "Average",
    )
    assert tracking["TargetValue"] > 0
    assert synthesized.only("AWS::ApplicationAutoScaling::ScalableTarget")["MinCapacity"] >= 2


def test_image_asset_synthesizes_without_docker_from_the_trimmed_context(synthesized):
    (image,) = synthesized.assets["dockerImages"].values()
    source = image["source"]
    context = synthesized.outdir / source["directory"]

    assert source["dockerFile"] == "voice_container/Dockerfile"
    assert source["platform"] == "linux/arm64"
    assert (context / "voice_container" / "Dockerfile").is_file()
    assert sorted(p.name for p in context.iterdir()) == [
        ".dockerignore",
        "pyproject.toml",
        "vocadesk",
        "voice_container",
    ]
    assert not list(context.rglob("__pycache__"))


def test_dockerfile_is_slim_non_root_with_a_health_check():
    dockerfile = (ROOT / "voice_container" / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.12-slim\s*$", dockerfile, re.M)
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, re.M)
    assert 'CMD ["python", "-m", "voice_container"]' in dockerfile
    assert "--group voice" in dockerfile
