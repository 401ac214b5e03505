"""Provider keys and signing keys in Secrets Manager: read at runtime, never written into the template or
into plain environment variables.

Keys only a person can get (OpenAI, Twilio, Stripe) are created with a generated placeholder and set after
the first deploy (README, "Deploy to AWS"). The stream-token key is generated and never needs a person.
The call-token keys are `kid:secret` pairs, which Secrets Manager cannot generate: set them by hand too.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct


def _secret(scope: Construct, id: str, description: str) -> secretsmanager.Secret:
    secret = secretsmanager.Secret(
        scope,
        id,
        description=description,
        generate_secret_string=secretsmanager.SecretStringGenerator(exclude_punctuation=True, password_length=48),
    )
    secret.apply_removal_policy(RemovalPolicy.RETAIN)
    return secret


class Secrets(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.openai_api_key = _secret(self, "OpenAiApiKey", "OpenAI API key of the voice runtime (set by hand)")
        self.twilio_auth_token = _secret(self, "TwilioAuthToken", "Twilio auth token: checks webhook signatures")
        self.stripe_api_key = _secret(self, "StripeApiKey", "Stripe secret key and webhook secret (set by hand)")
        self.stream_token_secret = _secret(self, "StreamTokenSecret", "Signs one-time media-stream tokens")
        self.call_token_keys = _secret(
            self, "CallTokenKeys", "Web/test call token keys: `kid:secret` pairs, signing key first (set by hand)"
        )
