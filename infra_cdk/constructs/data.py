"""The platform's data: the one DynamoDB table (from `MAIN_TABLE`) and the recordings bucket."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from vocadesk.storage.tables import MAIN_TABLE, TableDefinition

RECORDINGS_TO_INFREQUENT_ACCESS = Duration.days(30)  # played in the first weeks, rarely after
RECORDINGS_TO_GLACIER = Duration.days(180)


def _string_key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class Data(Construct):
    def __init__(self, scope: Construct, id: str, *, definition: TableDefinition = MAIN_TABLE) -> None:
        super().__init__(scope, id)
        self.table = dynamodb.Table(
            self,
            "Table",
            partition_key=_string_key(definition.partition_key),
            sort_key=_string_key(definition.sort_key),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=definition.ttl_attribute,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in definition.indexes:
            self.table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_string_key(index.partition_key),
                sort_key=_string_key(index.sort_key),
                projection_type=dynamodb.ProjectionType.ALL,
            )

        self.recordings = s3.Bucket(
            self,
            "Recordings",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=False,  # a recording is written once under a fresh key
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="cheaper-with-age",
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=RECORDINGS_TO_INFREQUENT_ACCESS,
                        ),
                        s3.Transition(storage_class=s3.StorageClass.GLACIER, transition_after=RECORDINGS_TO_GLACIER),
                    ],
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )

    def allow_dashboard_origin(self, origin: str) -> None:
        """Browsers on the dashboard (and only there) may fetch recordings through their presigned URLs."""
        self.recordings.add_cors_rule(
            allowed_methods=[s3.HttpMethods.GET, s3.HttpMethods.HEAD],
            allowed_origins=[origin],
            allowed_headers=["Range"],
            exposed_headers=["Content-Length", "Content-Range", "Accept-Ranges"],
            max_age=3600,
        )
