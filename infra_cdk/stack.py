"""The whole platform in one stack: composes the service constructs and does every cross-service grant here,
so who may do what reads in one file."""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from constructs import Construct

from infra_cdk import lambda_code
from infra_cdk.constructs.call_events import CallEvents
from infra_cdk.constructs.data import Data
from infra_cdk.constructs.http_api import HttpApi
from infra_cdk.constructs.identity import Identity
from infra_cdk.constructs.observability import Observability
from infra_cdk.constructs.secrets import Secrets
from infra_cdk.constructs.service_function import ServiceFunction
from infra_cdk.constructs.voice_runtime import VoiceRuntime
from infra_cdk.constructs.web import Web
from infra_cdk.settings_env import env_name, settings_env
from vocadesk.events import CallEnded
from vocadesk.storage.recordings import account_prefix

INGEST_TIMEOUT = Duration.seconds(30)
RECORDINGS_KEY_PATTERN = account_prefix("*") + "*"  # every recording key is under its account's prefix
# The Management API's calls on the user pool (vocadesk/directory.py): invite, look up, remove, set password.
DIRECTORY_ACTIONS = (
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminGetUser",
    "cognito-idp:AdminDeleteUser",
    "cognito-idp:AdminSetUserPassword",
)


@dataclass(frozen=True, kw_only=True)
class StackConfig:
    """What differs between deployments (CDK context, see infra_cdk/app.py)."""

    stage: str = "prod"
    certificate_arn: str  # ACM certificate of voice_domain, in the stack's region
    voice_domain: str  # where Twilio and browsers reach the voice runtime (a CNAME to the ALB)
    calls_per_task: int = 20
    # Plain runtime settings passed through when set (and once Settings has them): e.g. twilio_account_sid,
    # transfer_allowed_prefixes, realtime_model, analysis_model.
    voice_settings: dict[str, str] = field(default_factory=dict)
    # The hosted sign-in's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); None: vocadesk-<stage>-<account>.
    auth_domain_prefix: str | None = None
    # Origins besides the distribution's the hosted sign-in may return to, for development (http://localhost:5173).
    dashboard_dev_origins: tuple[str, ...] = ()


class VocadeskStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: StackConfig, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        stage = config.stage
        data = Data(self, "Data")
        events = CallEvents(self, "CallEvents", ingest_timeout=INGEST_TIMEOUT)
        identity = Identity(self, "Identity", stage=stage, domain_prefix=config.auth_domain_prefix)
        secrets = Secrets(self, "Secrets")
        voice_url = f"https://{config.voice_domain}"
        voice_ws_url = f"wss://{config.voice_domain}/web"

        # --- Functions: one per folder with a handler.py; each gets only the settings it reads.
        common = settings_env(stage=stage, table_name=data.table.table_name)
        environments = {
            "management": settings_env(
                recordings_bucket=data.recordings.bucket_name,
                user_pool_id=identity.user_pool_id,
                user_pool_client_id=identity.client_id,
                voice_public_ws_url=voice_ws_url,
            ),
            "embed_token": settings_env(voice_public_ws_url=voice_ws_url),
            "event_ingest": settings_env(
                recordings_bucket=data.recordings.bucket_name,
                ingest_dead_letter_queue_name=events.dead_letters.queue_name,
            ),
        }
        timeouts = {"event_ingest": INGEST_TIMEOUT}
        self.functions: dict[str, ServiceFunction] = {}
        for folder in lambda_code.deployed_functions():
            self.functions[folder] = ServiceFunction(
                self,
                "".join(part.capitalize() for part in folder.split("_")),
                folder=folder,
                environment={**common, **environments.get(folder, {})},
                timeout=timeouts.get(folder, Duration.seconds(10)),
            )
        lambdas = {name: f.function for name, f in self.functions.items()}

        # --- HTTP API and edge. The dashboard's origin is the distribution's (or its custom domain).
        api = HttpApi(self, "HttpApi", functions=lambdas, issuer=identity.issuer, audience=identity.client_id)
        web = Web(self, "Web", api_domain=api.domain)
        identity.allow_hosted_sign_in(dashboard_url=web.url, dev_origins=config.dashboard_dev_origins)
        web.publish(
            dashboard_config={  # dashboard_static/src/auth/config.ts
                "auth": {
                    "mode": "hosted",
                    "domain": identity.hosted_sign_in_domain,
                    "client_id": identity.client_id,
                    "scopes": list(identity.definition.oauth_scopes),
                },
                "voice_runtime_url": voice_ws_url,
            }
        )
        data.allow_dashboard_origin(web.url)

        # --- Grants, function by function.
        management = lambdas.get("management")
        if management:
            management.add_environment(env_name("public_url"), web.url)
            data.table.grant_read_write_data(management)
            _allow(management, ["s3:GetObject"], data.recordings.arn_for_objects(RECORDINGS_KEY_PATTERN))  # presigning
            iam.Grant.add_to_principal(
                grantee=management, actions=list(DIRECTORY_ACTIONS), resource_arns=[identity.user_pool_arn]
            )
            _secret_setting(management, "call_token_keys", secrets.call_token_keys)
        embed_token = lambdas.get("embed_token")
        if embed_token:
            # Reads embeds and agents; writes only rate counters (one conditional ADD each).
            data.table.grant_read_data(embed_token)
            data.table.grant(embed_token, "dynamodb:UpdateItem")
            _secret_setting(embed_token, "call_token_keys", secrets.call_token_keys)
        ingest = lambdas.get("event_ingest")
        if ingest:
            data.table.grant_read_write_data(ingest)
            # HeadObject: does the recording exist; ListBucket makes a missing key a 404, not a 403.
            _allow(ingest, ["s3:GetObject"], data.recordings.arn_for_objects(RECORDINGS_KEY_PATTERN))
            _allow(ingest, ["s3:ListBucket"], data.recordings.bucket_arn)
            events.dead_letters.grant_send_messages(ingest)  # events it can never store, with their reason
            ingest.add_event_source(
                event_sources.SqsEventSource(
                    events.queue,
                    batch_size=10,
                    max_batching_window=Duration.seconds(1),
                    report_batch_item_failures=True,
                )
            )
        billing = lambdas.get("billing")
        if billing:
            # Metering: each ended call's billable seconds. Its settings and grants (Stripe key, table) come with
            # its handler; until functions/billing has a handler.py there is no function and no rule.
            events.route("BillingRule", detail_types=[CallEnded.detail_type], function=billing)

        # --- Voice runtime: reads agents (read-only), publishes events, writes recordings under their prefix.
        voice = VoiceRuntime(
            self,
            "VoiceRuntime",
            stage=stage,
            certificate_arn=config.certificate_arn,
            public_url=voice_url,
            calls_per_task=config.calls_per_task,
            environment=settings_env(
                table_name=data.table.table_name,
                event_bus_name=events.bus.event_bus_name,
                recordings_bucket=data.recordings.bucket_name,
                voice_public_ws_url=voice_ws_url,
                **config.voice_settings,
            ),
            secrets={
                env_name("openai_api_key"): ecs.Secret.from_secrets_manager(secrets.openai_api_key),
                env_name("twilio_auth_token"): ecs.Secret.from_secrets_manager(secrets.twilio_auth_token),
                env_name("stream_token_secret"): ecs.Secret.from_secrets_manager(secrets.stream_token_secret),
                env_name("call_token_keys"): ecs.Secret.from_secrets_manager(secrets.call_token_keys),
            },
        )
        task_role = voice.task_definition.task_role
        data.table.grant_read_data(task_role)
        events.bus.grant_put_events_to(task_role)
        # Recordings are uploaded once, multipart when large (voice_container/recording/uploader.py).
        _allow(
            task_role,
            ["s3:PutObject", "s3:AbortMultipartUpload"],
            data.recordings.arn_for_objects(RECORDINGS_KEY_PATTERN),
        )

        self.observability = Observability(
            self,
            "Observability",
            ingest_dead_letters=events.dead_letters,
            api=api.api,
            functions=lambdas,
            target_group=voice.target_group,
            load_balancer=voice.load_balancer,
            active_calls=voice.active_calls,
        )

        self.data, self.events, self.identity, self.secrets = data, events, identity, secrets
        self.api, self.web, self.voice = api, web, voice
        CfnOutput(self, "DashboardUrl", value=web.url)
        CfnOutput(self, "ApiUrl", value=self.api.api.api_endpoint)
        CfnOutput(
            self,
            "VoiceLoadBalancerDns",
            value=voice.load_balancer.load_balancer_dns_name,
            description=f"CNAME {config.voice_domain} to this",
        )
        CfnOutput(self, "UserPoolId", value=identity.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=identity.client_id)
        CfnOutput(self, "HostedSignInDomain", value=identity.hosted_sign_in_domain)
        CfnOutput(self, "AlarmTopicArn", value=self.observability.topic.topic_arn)
        for name, secret in vars(secrets).items():
            if hasattr(secret, "secret_arn"):
                CfnOutput(self, f"Secret{''.join(p.capitalize() for p in name.split('_'))}", value=secret.secret_arn)


def _allow(grantee: iam.IGrantable, actions: list[str], resource_arn: str) -> None:
    iam.Grant.add_to_principal(grantee=grantee, actions=actions, resource_arns=[resource_arn])


def _secret_setting(function: lambda_.Function, field: str, secret) -> None:
    """A secret setting for a Lambda: its ARN in `<VOCADESK_NAME>_SECRET_ARN`, read at cold start by the exec
    wrapper (infra_cdk/secrets_env.py), and read access to that one secret. The value is never configuration."""
    function.add_environment(f"{env_name(field)}_SECRET_ARN", secret.secret_arn)
    secret.grant_read(function)
