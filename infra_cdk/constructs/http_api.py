"""The HTTP API: exactly `functions.api_routes.API_ROUTES`, each authorized route behind the Cognito JWT
authorizer, each public one open and throttled per route.

No CORS configuration: the dashboard reaches the API through its own CloudFront origin (same origin), and
the embed gateway answers its preflights itself (`functions/embed_token/cors.py`), which an API-level
CORS configuration would swallow.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from functions.api_routes import API_ROUTES, ApiRoute

# Per route on the public ones (the embed gateway also limits per IP and per embed in the table).
PUBLIC_RATE_PER_SECOND = 50
PUBLIC_BURST = 100
# The whole stage (management routes too): API Gateway's account limit is 10k/s.
STAGE_RATE_PER_SECOND = 500
STAGE_BURST = 1000


class HttpApi(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        functions: Mapping[str, lambda_.IFunction],
        issuer: str,
        audience: str,
        routes: tuple[ApiRoute, ...] = API_ROUTES,
    ) -> None:
        super().__init__(scope, id)
        self.api = apigw.HttpApi(self, "Api", create_default_stage=False, description="Vocadesk HTTP API")
        self.access_logs = logs.LogGroup(self, "AccessLogs", retention=logs.RetentionDays.ONE_MONTH)
        self.stage = apigw.HttpStage(
            self,
            "DefaultStage",
            http_api=self.api,
            auto_deploy=True,
            throttle=apigw.ThrottleSettings(rate_limit=STAGE_RATE_PER_SECOND, burst_limit=STAGE_BURST),
        )
        stage = self.stage.node.default_child
        stage.add_property_override("AccessLogSettings", _access_log_settings(self.access_logs))
        self.authorizer = authorizers.HttpJwtAuthorizer(
            "CognitoAuthorizer",
            jwt_issuer=issuer,
            jwt_audience=[audience],
            identity_source=["$request.header.Authorization"],
        )

        self.routes: dict[str, apigw.HttpRoute] = {}
        route_settings = {}
        for route in routes:
            integration = integrations.HttpLambdaIntegration(f"{route.function}-integration", functions[route.function])
            self.routes[route.route_key] = apigw.HttpRoute(
                self,
                f"Route{route.prefix.replace('/', '-')}",
                http_api=self.api,
                route_key=apigw.HttpRouteKey.with_(f"{route.prefix}/{{proxy+}}", apigw.HttpMethod.ANY),
                integration=integration,
                authorizer=self.authorizer if route.authorized else apigw.HttpNoneAuthorizer(),
            )
            if not route.authorized:
                route_settings[route.route_key] = {
                    "ThrottlingRateLimit": PUBLIC_RATE_PER_SECOND,
                    "ThrottlingBurstLimit": PUBLIC_BURST,
                }
        if route_settings:
            stage.add_property_override("RouteSettings", route_settings)

    @property
    def domain(self) -> str:
        """The API's host name (the default stage serves at its root)."""
        return f"{self.api.api_id}.execute-api.{self.api.stack.region}.{self.api.stack.url_suffix}"


def _access_log_settings(group: logs.LogGroup) -> dict[str, str]:
    fields = {
        "requestId": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "routeKey": "$context.routeKey",
        "status": "$context.status",
        "latencyMs": "$context.responseLatency",
        "integrationError": "$context.integrationErrorMessage",
        "authorizerError": "$context.authorizer.error",
    }
    body = ",".join(f'"{name}":"{value}"' for name, value in fields.items())
    return {"DestinationArn": group.log_group_arn, "Format": "{" + body + "}"}
