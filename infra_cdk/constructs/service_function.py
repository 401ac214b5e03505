"""One Lambda for one folder under `functions/`: Python 3.12 on arm64, its own source and dependency layer,
X-Ray tracing, a log group with retention. Grants are the stack's business, not this construct's."""

from __future__ import annotations

from aws_cdk import Annotations, Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra_cdk import lambda_code

RUNTIME = lambda_.Runtime.PYTHON_3_12
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
DEFAULT_TIMEOUT = Duration.seconds(10)


class ServiceFunction(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        folder: str,
        environment: dict[str, str],
        timeout: Duration = DEFAULT_TIMEOUT,
        memory_size: int = 512,
    ) -> None:
        super().__init__(scope, id)
        self.folder = folder
        self.handler = f"functions.{folder}.handler.lambda_handler"
        layer_path, built = lambda_code.layer_dir(folder)
        if not built:
            Annotations.of(self).add_warning_v2(
                "vocadesk:lambda-layer-missing",
                f"the {folder} dependency layer is empty: run `make lambda-layers` before deploying",
            )
        self.dependencies = lambda_.LayerVersion(
            self,
            "Dependencies",
            code=lambda_.Code.from_asset(str(layer_path)),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            description=f"The `{folder}` dependency group of pyproject.toml",
        )
        self.log_group = logs.LogGroup(self, "Logs", retention=LOG_RETENTION, removal_policy=RemovalPolicy.DESTROY)
        # Its own role, writing only to its own log group (not AWSLambdaBasicExecutionRole's logs:* on `*`).
        self.role = iam.Role(self, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        self.log_group.grant_write(self.role)
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=RUNTIME,
            architecture=lambda_.Architecture.ARM_64,
            code=lambda_.Code.from_asset(str(lambda_code.source_dir(folder))),
            handler=self.handler,
            layers=[self.dependencies],
            timeout=timeout,
            memory_size=memory_size,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=self.log_group,
            role=self.role,
            environment={
                "POWERTOOLS_SERVICE_NAME": folder,
                "POWERTOOLS_METRICS_NAMESPACE": "Vocadesk",
                # Reads `VOCADESK_*_SECRET_ARN` secrets into the process before the runtime starts.
                "AWS_LAMBDA_EXEC_WRAPPER": f"/var/task/{lambda_code.SECRETS_WRAPPER}",
                **environment,
            },
        )
