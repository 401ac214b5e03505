"""The Cognito user pool and the dashboard's app client, from `vocadesk.user_pool.USER_POOL`.

L1 resources on purpose: the shared definition is written as the Cognito API's arguments, which are
CloudFormation's properties too, so they are passed through instead of being restated as L2 props.
"""

from __future__ import annotations

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from vocadesk.user_pool import USER_POOL, UserPoolDefinition

# boto3's `create_user_pool` and CloudFormation's AWS::Cognito::UserPool differ in this one name.
_POOL_PROPERTY_NAMES = {"PoolName": "UserPoolName"}


class Identity(Construct):
    def __init__(self, scope: Construct, id: str, *, stage: str, definition: UserPoolDefinition = USER_POOL) -> None:
        super().__init__(scope, id)
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

        self.user_pool_id = self.user_pool.ref
        self.user_pool_arn = self.user_pool.attr_arn
        self.client_id = self.client.ref
        self.issuer = (
            f"https://cognito-idp.{Aws.REGION}.amazonaws.com/{self.user_pool.ref}"  # vocadesk.user_pool.issuer
        )
