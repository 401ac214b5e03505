"""The ONE definition of Vocadesk's Cognito user pool and dashboard app client, for `make run` and the CDK stack.

People sign in with their email (case-insensitive). Two custom attributes put the tenant into every ID
token (`custom:account_id`, `custom:user_id`, read by `vocadesk.auth`). They are immutable and the app
client may not write them, so only the Management API's admin calls set them, once, at invite: a user can
never move themselves into another account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM

CUSTOM_PREFIX = "custom:"
# Where Cognito's hosted sign-in sends the browser back with the code (dashboard_static/src/auth/pkce.ts).
HOSTED_CALLBACK_PATH = "/auth/callback"


def sign_in_name(email: str) -> str:
    """The Cognito username of an email: lower-cased, as the platform-wide email route is."""
    return email.strip().lower()


def issuer(user_pool_id: str) -> str:
    """The `iss` of the pool's tokens (pool ids are `<region>_<id>`); its JWKS is under `/.well-known/`."""
    region = user_pool_id.partition("_")[0]
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


@dataclass(frozen=True)
class UserPoolDefinition:
    pool_name: str
    client_name: str
    custom_claims: tuple[str, ...]  # `custom:<name>` claims every ID token carries
    password_min_length: int
    temporary_password_days: int
    id_token_minutes: int
    refresh_token_days: int
    oauth_scopes: tuple[str, ...]  # what the dashboard asks the hosted sign-in for

    @property
    def custom_attributes(self) -> list[str]:
        return [claim.removeprefix(CUSTOM_PREFIX) for claim in self.custom_claims]

    def create_user_pool_kwargs(self) -> dict[str, Any]:
        """Arguments for boto3's `create_user_pool`."""
        return {
            "PoolName": self.pool_name,
            "UsernameAttributes": ["email"],
            "UsernameConfiguration": {"CaseSensitive": False},
            "AutoVerifiedAttributes": ["email"],
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
            # Nobody signs themselves up: users are invited by their account's owners and admins.
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
            # Length over composition rules (NIST SP 800-63B); Cognito's defaults otherwise require all four.
            "Policies": {
                "PasswordPolicy": {
                    "MinimumLength": self.password_min_length,
                    "RequireUppercase": False,
                    "RequireLowercase": False,
                    "RequireNumbers": False,
                    "RequireSymbols": False,
                    "TemporaryPasswordValidityDays": self.temporary_password_days,
                }
            },
            "Schema": [
                {
                    "Name": name,
                    "AttributeDataType": "String",
                    "Mutable": False,
                    "Required": False,
                    "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"},
                }
                for name in self.custom_attributes
            ],
        }

    def create_client_kwargs(self, user_pool_id: str) -> dict[str, Any]:
        """Arguments for boto3's `create_user_pool_client`: a public (secretless) client for the dashboard."""
        return {
            "UserPoolId": user_pool_id,
            "ClientName": self.client_name,
            "GenerateSecret": False,
            "ExplicitAuthFlows": [
                "ALLOW_USER_SRP_AUTH",
                "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
            ],
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": True,
            "IdTokenValidity": self.id_token_minutes,
            "AccessTokenValidity": self.id_token_minutes,
            "RefreshTokenValidity": self.refresh_token_days,
            "TokenValidityUnits": {"IdToken": "minutes", "AccessToken": "minutes", "RefreshToken": "days"},
            "ReadAttributes": ["email", "email_verified", "name", *self.custom_claims],
            "WriteAttributes": ["name"],
        }

    def hosted_sign_in_kwargs(self, dashboard_origins: Sequence[str]) -> dict[str, Any]:
        """The app client's OAuth settings (CloudFormation's and `update_user_pool_client`'s names) for Cognito's
        hosted sign-in from these dashboard origins: the authorization code grant only, for a client without a
        secret (PKCE, which the dashboard always sends, binds the code to the browser that asked for it); back to
        `<origin>/auth/callback` after signing in and to `<origin>/` after signing out (matched exactly)."""
        origins = [origin.rstrip("/") for origin in dashboard_origins]
        return {
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": list(self.oauth_scopes),
            "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": [f"{origin}{HOSTED_CALLBACK_PATH}" for origin in origins],
            "LogoutURLs": [f"{origin}/" for origin in origins],
        }


USER_POOL = UserPoolDefinition(
    pool_name="vocadesk-users",
    client_name="vocadesk-dashboard",
    custom_claims=(ACCOUNT_CLAIM, USER_CLAIM),
    password_min_length=8,
    temporary_password_days=7,
    id_token_minutes=60,
    refresh_token_days=30,
    # `openid` puts every attribute the client may read in the ID token, the tenant claims included.
    oauth_scopes=("openid", "email", "profile"),
)
