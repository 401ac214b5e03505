"""The Cognito user pool, the dashboard's app client, from `vocadesk.user_pool.USER_POOL`, and the hosted
sign-in's domain (`<prefix>.auth.<region>.amazoncognito.com`).

L1 resources on purpose: the shared definition is written as the Cognito API's arguments, which are
CloudFormation's properties too, so they are passed through instead of being restated as L2 props.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import Aws, RemovalPolicy, Token
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from vocadesk.user_pool import USER_POOL, UserPoolDefinition

# boto3's `create_user_pool` and CloudFormation's AWS::Cognito::UserPool differ in this one name.
_POOL_PROPERTY_NAMES = {"PoolName": "UserPoolName"}
# Cognito's rule for a domain prefix (it is one DNS label); these words are reserved for AWS's own.
DOMAIN_PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_IN_PREFIX = ("aws", "amazon", "cognito")
# Cognito sends browsers back only to https, or to http on localhost (for development).
DEV_ORIGIN = re.compile(r"^(https://[^/?#]+|http://localhost(:\d+)?)$")


class Identity(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        stage: str,
        domain_prefix: str | None = None,
        definition: UserPoolDefinition = USER_POOL,
    ) -> None:
        """`domain_prefix` names the hosted sign-in's domain; by default `vocadesk-<stage>-<account id>`, which
        is unique in a region as long as a stage is deployed once per account."""
        super().__init__(scope, id)
        self.definition = definition
        self.user_pool = cognito.CfnUserPool(self, "UserPool")
        for name, value in definition.create_user_pool_kwargs().items():
            self.user_pool.add_property_override(_POOL_PROPERTY_NAMES.get(name, name), value)
        self.user_pool.add_property_override("UserPoolName", f"{definition.pool_name}-{stage}")
        self.user_pool.add_property_override("DeletionProtection", "ACTIVE")
        self.user_pool.apply_removal_policy(RemovalPolicy.RETAIN)

        self.client = cognito.CfnUserPoolClient(self, "DashboardClient", user_pool_id=self.user_pool.ref)
        for name, value in definition.create_client_kwargs(user_pool_id=self.user_pool.ref).items():
            if name != "UserPoolId":
                self.client.add_property_override(name, value)

        self.domain = cognito.CfnUserPoolDomain(
            self,
            "HostedSignInDomain",
            user_pool_id=self.user_pool.ref,
            domain=check_domain_prefix(domain_prefix or default_domain_prefix(stage)),
            managed_login_version=1,  # the classic hosted UI: no branding resource to keep alongside
        )

        self.user_pool_id = self.user_pool.ref
        self.user_pool_arn = self.user_pool.attr_arn
        self.client_id = self.client.ref
        self.issuer = (
            f"https://cognito-idp.{Aws.REGION}.amazonaws.com/{self.user_pool.ref}"  # vocadesk.user_pool.issuer
        )
        # Ref of a user pool domain is its prefix; the dashboard's config names the host it redirects to.
        self.hosted_sign_in_domain = f"{self.domain.ref}.auth.{Aws.REGION}.amazoncognito.com"

    def allow_hosted_sign_in(self, *, dashboard_url: str, dev_origins: Sequence[str] = ()) -> None:
        """Let the dashboard at `dashboard_url` (and, for development, `dev_origins` such as a Vite server on
        http://localhost:5173) sign in through the hosted sign-in: the client's OAuth settings from the shared
        definition, with their callback and sign-out URLs."""
        for origin in dev_origins:
            if not DEV_ORIGIN.match(origin):
                raise ValueError(f"{origin!r}: a dashboard origin is https://host or http://localhost[:port]")
        origins = [dashboard_url, *dev_origins]
        for name, value in self.definition.hosted_sign_in_kwargs(origins).items():
            self.client.add_property_override(name, value)


def default_domain_prefix(stage: str) -> str:
    """`vocadesk-<stage>-<account id>`: a stage name made DNS-safe and short enough for the 63-character label."""
    safe_stage = re.sub(r"[^a-z0-9]+", "-", stage.lower()).strip("-")[:40] or "stage"
    check_domain_prefix(f"vocadesk-{safe_stage}-{'0' * 12}")  # an account id is 12 digits
    return f"vocadesk-{safe_stage}-{Aws.ACCOUNT_ID}"


def check_domain_prefix(prefix: str) -> str:
    """The prefix itself, or a ValueError at synth naming Cognito's rule (instead of a failed deploy)."""
    if Token.is_unresolved(prefix):
        return prefix  # the account id is only known at deploy; the literal parts are made safe above
    if not DOMAIN_PREFIX.match(prefix) or any(word in prefix for word in RESERVED_IN_PREFIX):
        raise ValueError(
            f"hosted sign-in domain prefix {prefix!r}: lower-case letters, digits and hyphens, at most 63, "
            f"not starting or ending with a hyphen, without {', '.join(RESERVED_IN_PREFIX)}"
        )
    return prefix
