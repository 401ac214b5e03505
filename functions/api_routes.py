"""Which function serves which public path, and whether API Gateway's JWT authorizer guards it.

The one description of the HTTP API's routes: the local gateway serves it, the CDK stack deploys it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiRoute:
    prefix: str  # every path under it, e.g. "/v1" -> route key "ANY /v1/{proxy+}"
    function: str  # folder under functions/
    handler: str  # dotted path of the Lambda handler
    authorized: bool  # behind the Cognito JWT authorizer

    @property
    def route_key(self) -> str:
        return f"ANY {self.prefix}/{{proxy+}}"


API_ROUTES: tuple[ApiRoute, ...] = (
    ApiRoute("/v1", "management", "functions.management.handler.lambda_handler", authorized=True),
    ApiRoute("/embed", "embed_token", "functions.embed_token.handler.lambda_handler", authorized=False),
)
