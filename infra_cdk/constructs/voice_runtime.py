"""The voice runtime: `voice_container/` on ECS Fargate (arm64) behind an internet-facing ALB that carries
Twilio's webhooks and both WebSocket channels over TLS.

Calls are long-lived connections, so three numbers go together:
- the ALB idle timeout (4000 s, its maximum) outlasts any silence in a call;
- the target group's deregistration delay equals the longest call (`max_call_seconds`, 3600 s, its maximum):
  a task being replaced or scaled in takes no new calls while its live calls finish, and ECS sends SIGTERM
  only once that delay is over;
- then the runtime's own drain (`VOCADESK_DRAIN_SECONDS`) flushes events within Fargate's stop timeout
  (120 s, its maximum), before SIGKILL.

Autoscaling tracks the average "ActiveCalls" per task. The runtime publishes it
(`voice_container.metrics.report_active_calls`) as one CloudWatch EMF line on stdout per task and minute,
which the awslogs driver carries into CloudWatch with no extra permission:
  {"_aws": {"Timestamp": <ms>, "CloudWatchMetrics": [{"Namespace": "Vocadesk/Voice", "Dimensions": [["Stage"]],
   "Metrics": [{"Name": "ActiveCalls", "Unit": "Count"}]}]}, "Stage": "<VOCADESK_STAGE>", "ActiveCalls": <n>}
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra_cdk.lambda_code import ROOT
from infra_cdk.settings_env import settings_env

PORT = 8090
ALB_IDLE_TIMEOUT = Duration.seconds(4000)  # the ALB maximum
MAX_CALL = Duration.seconds(3600)  # VOCADESK_MAX_CALL_SECONDS; the ALB's deregistration delay maximum too
STOP_TIMEOUT = Duration.seconds(120)  # Fargate's maximum between SIGTERM and SIGKILL
DRAIN = Duration.seconds(110)  # what is left to drain once deregistration is over: flush the events
# The metric the runtime emits once a minute per task (EMF): namespace, name, dimension.
ACTIVE_CALLS_NAMESPACE = "Vocadesk/Voice"
ACTIVE_CALLS_METRIC = "ActiveCalls"
ACTIVE_CALLS_DIMENSION = "Stage"


class VoiceRuntime(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        stage: str,
        certificate_arn: str,
        public_url: str,
        environment: Mapping[str, str],
        secrets: Mapping[str, ecs.Secret],
        calls_per_task: int = 20,
        min_tasks: int = 2,
        max_tasks: int = 20,
    ) -> None:
        super().__init__(scope, id)
        self.vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1)
        self.cluster = ecs.Cluster(self, "Cluster", vpc=self.vpc, container_insights_v2=ecs.ContainerInsights.ENABLED)
        self.image = ecr_assets.DockerImageAsset(
            self,
            "Image",
            directory=str(ROOT),  # context: the repository, trimmed by /.dockerignore
            file="voice_container/Dockerfile",
            platform=ecr_assets.Platform.LINUX_ARM64,
        )
        self.task_definition = ecs.FargateTaskDefinition(
            self,
            "Task",
            cpu=1024,
            memory_limit_mib=2048,
            # Recordings spool to /tmp while a call runs: PCM16 stereo, ~345 MB per hour at 24 kHz (web calls).
            ephemeral_storage_gib=40,
            runtime_platform=ecs.RuntimePlatform(
                cpu_architecture=ecs.CpuArchitecture.ARM64,
                operating_system_family=ecs.OperatingSystemFamily.LINUX,
            ),
        )
        self.log_group = logs.LogGroup(self, "Logs", retention=logs.RetentionDays.ONE_MONTH)
        self.container = self.task_definition.add_container(
            "voice",
            image=ecs.ContainerImage.from_docker_image_asset(self.image),
            port_mappings=[ecs.PortMapping(container_port=PORT)],
            environment={
                **settings_env(
                    stage=stage,
                    voice_host="0.0.0.0",
                    voice_port=PORT,
                    max_call_seconds=int(MAX_CALL.to_seconds()),
                    drain_seconds=int(DRAIN.to_seconds()),
                    voice_public_url=public_url,
                ),
                **environment,
            },
            secrets=dict(secrets),
            logging=ecs.LogDrivers.aws_logs(stream_prefix="voice", log_group=self.log_group),
            stop_timeout=STOP_TIMEOUT,
            health_check=ecs.HealthCheck(
                command=[
                    "CMD",
                    "python",
                    "-c",
                    f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{PORT}/healthz', timeout=2)",
                ],
                interval=Duration.seconds(15),
                timeout=Duration.seconds(3),
                start_period=Duration.seconds(20),
                retries=3,
            ),
            readonly_root_filesystem=True,
        )
        # The root filesystem is read-only; a scratch /tmp for what the standard library may spool there.
        self.task_definition.add_volume(name="tmp")
        self.container.add_mount_points(ecs.MountPoint(container_path="/tmp", source_volume="tmp", read_only=False))

        self.service = ecs.FargateService(
            self,
            "Service",
            cluster=self.cluster,
            task_definition=self.task_definition,
            desired_count=min_tasks,
            min_healthy_percent=100,
            max_healthy_percent=200,
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            health_check_grace_period=Duration.seconds(60),
        )

        self.load_balancer = elbv2.ApplicationLoadBalancer(
            self, "LoadBalancer", vpc=self.vpc, internet_facing=True, idle_timeout=ALB_IDLE_TIMEOUT
        )
        self.load_balancer.add_redirect(source_port=80, target_port=443)
        self.listener = self.load_balancer.add_listener(
            "Https",
            port=443,
            certificates=[elbv2.ListenerCertificate.from_arn(certificate_arn)],
            ssl_policy=elbv2.SslPolicy.RECOMMENDED_TLS,
        )
        self.target_group = self.listener.add_targets(
            "Voice",
            port=PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            targets=[self.service],
            deregistration_delay=MAX_CALL,
            health_check=elbv2.HealthCheck(
                path="/healthz",
                interval=Duration.seconds(10),
                timeout=Duration.seconds(5),
                healthy_threshold_count=2,
                unhealthy_threshold_count=2,
            ),
        )

        self.active_calls = cloudwatch.Metric(
            namespace=ACTIVE_CALLS_NAMESPACE,
            metric_name=ACTIVE_CALLS_METRIC,
            dimensions_map={ACTIVE_CALLS_DIMENSION: stage},
            statistic=cloudwatch.Stats.AVERAGE,  # each task reports its own count: the average is per task
            period=Duration.minutes(1),
        )
        self.scaling = self.service.auto_scale_task_count(min_capacity=min_tasks, max_capacity=max_tasks)
        self.scaling.scale_to_track_custom_metric(
            "ActiveCallsPerTask",
            metric=self.active_calls,
            target_value=calls_per_task,
            scale_out_cooldown=Duration.minutes(1),
            scale_in_cooldown=Duration.minutes(10),  # scaling in drains a task for up to an hour
        )
