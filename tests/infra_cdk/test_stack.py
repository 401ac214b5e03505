"""infra_cdk/stack.py: every grant is the least each service needs; secrets never sit in the template."""

from __future__ import annotations

import json

import pytest

# Statements allowed on Resource "*", and why: AWS has no narrower resource for these actions.
WILDCARD_RESOURCE_EXCEPTIONS = {
    frozenset({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}): "X-Ray has no resource-level permissions",
    frozenset({"ecr:GetAuthorizationToken"}): "ECR's login token is registry-wide (task execution role)",
    frozenset({"cloudfront:GetInvalidation", "cloudfront:CreateInvalidation"}): (
        "CDK's BucketDeployment invalidates the distribution after an upload; CDK does not scope it"
    ),
}
# Roles allowed wildcard actions (`s3:GetObject*`, ...): CDK's own BucketDeployment singleton, which copies
# the dashboard and SDK from the CDK asset bucket into the site bucket (both resources scoped).
CDK_INTERNAL_ROLE_PREFIX = "CustomCDKBucketDeployment"

DYNAMO_READ = {
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:Scan",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
}
DYNAMO_WRITE = {"dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
LAMBDA_BASICS = {"logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}
SECRET_READ = {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}
EXPECTED_ACTIONS = {
    "Management": LAMBDA_BASICS
    | DYNAMO_READ
    | DYNAMO_WRITE
    | SECRET_READ
    | {"s3:GetObject"}
    | {"cognito-idp:AdminCreateUser", "cognito-idp:AdminGetUser", "cognito-idp:AdminDeleteUser"}
    | {"cognito-idp:AdminSetUserPassword"},
    "EmbedToken": LAMBDA_BASICS | DYNAMO_READ | {"dynamodb:UpdateItem"} | SECRET_READ,
    "EventIngest": LAMBDA_BASICS
    | DYNAMO_READ
    | DYNAMO_WRITE
    | {"s3:GetObject", "s3:ListBucket"}
    | {"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
    | {"sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage"},
    "VoiceRuntimeTaskTaskRole": DYNAMO_READ | {"events:PutEvents", "s3:PutObject", "s3:AbortMultipartUpload"},
}


def listed(value):
    return value if isinstance(value, list) else [value]


def statements(synthesized):
    """(policy's role logical ids, statement) for every inline policy."""
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        roles = [role["Ref"] for role in policy["Properties"]["Roles"]]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            yield roles, statement


def actions_of_role(synthesized, prefix):
    (role_id,) = [lid for lid in synthesized.resources("AWS::IAM::Role") if lid.startswith(prefix)]
    found = set()
    for roles, statement in statements(synthesized):
        if role_id in roles:
            found |= set(listed(statement["Action"]))
    return found


def test_no_statement_allows_every_action_or_a_services_every_action(synthesized):
    for roles, statement in statements(synthesized):
        for action in listed(statement["Action"]):
            assert action != "*" and not action.endswith(":*"), (roles, action)
            if "*" in action:
                assert all(role.startswith(CDK_INTERNAL_ROLE_PREFIX) for role in roles), (roles, action)


def test_resource_star_only_for_the_listed_exceptions(synthesized):
    for roles, statement in statements(synthesized):
        if "*" in listed(statement["Resource"]):
            assert frozenset(listed(statement["Action"])) in WILDCARD_RESOURCE_EXCEPTIONS, (roles, statement)


def test_no_role_carries_a_managed_policy_except_cdks_own(synthesized):
    for lid, role in synthesized.resources("AWS::IAM::Role").items():
        if not lid.startswith(CDK_INTERNAL_ROLE_PREFIX):
            assert "ManagedPolicyArns" not in role["Properties"], lid


@pytest.mark.parametrize("role", sorted(EXPECTED_ACTIONS))
def test_each_service_role_has_exactly_the_actions_it_needs(synthesized, role):
    assert actions_of_role(synthesized, role) == EXPECTED_ACTIONS[role]


def test_voice_runtime_writes_only_under_the_recordings_account_prefix(synthesized):
    (role_id,) = [lid for lid in synthesized.resources("AWS::IAM::Role") if lid.startswith("VoiceRuntimeTaskTaskRole")]
    (put,) = [s for roles, s in statements(synthesized) if role_id in roles and "s3:PutObject" in listed(s["Action"])]

    assert put["Resource"]["Fn::Join"][1][-1] == "/account/*/*"


def test_secrets_are_generated_or_set_by_hand_never_written_in_the_template(synthesized):
    secrets = synthesized.resources("AWS::SecretsManager::Secret")

    assert len(secrets) == 5
    for secret in secrets.values():
        assert "SecretString" not in secret["Properties"]
        assert "GenerateSecretString" in secret["Properties"]
        assert secret["DeletionPolicy"] == "Retain"


def test_each_secret_is_readable_only_by_who_uses_it(synthesized):
    readers: dict[str, set[str]] = {}
    for roles, statement in statements(synthesized):
        if "secretsmanager:GetSecretValue" in listed(statement["Action"]):
            secret = statement["Resource"]["Ref"]
            readers.setdefault(secret.rstrip("0123456789ABCDEF").removeprefix("Secrets"), set()).update(
                role.split("Role")[0] for role in roles
            )

    assert readers == {
        "OpenAiApiKey": {"VoiceRuntimeTaskExecution"},
        "TwilioAuthToken": {"VoiceRuntimeTaskExecution"},
        "StreamTokenSecret": {"VoiceRuntimeTaskExecution"},
        "CallTokenKeys": {"VoiceRuntimeTaskExecution", "Management", "EmbedToken"},
    }


def test_template_has_no_plain_text_secret_settings(synthesized):
    text = json.dumps(synthesized.raw)

    for name in ("VOCADESK_OPENAI_API_KEY", "VOCADESK_TWILIO_AUTH_TOKEN", "VOCADESK_STREAM_TOKEN_SECRET"):
        # only as an ECS secret's name (valueFrom a Secrets Manager ARN), never as an environment value
        assert f'"Name": "{name}", "Value"' not in text
