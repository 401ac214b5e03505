"""infra_cdk/constructs/data.py: the table is the shared definition; recordings are private and get cheaper."""

from __future__ import annotations

from aws_cdk.assertions import Match

from vocadesk.storage.tables import MAIN_TABLE


def test_table_keys_and_indexes_equal_the_shared_definition(synthesized):
    # Given the one definition `make run` creates its table from
    expected = MAIN_TABLE.create_table_kwargs("unused")

    # When the stack's table is read back
    table = synthesized.only("AWS::DynamoDB::Table")

    # Then keys, attribute types and indexes are the same, and nothing else is indexed
    assert table["KeySchema"] == expected["KeySchema"]
    assert sorted(table["AttributeDefinitions"], key=str) == sorted(expected["AttributeDefinitions"], key=str)
    assert sorted(table["GlobalSecondaryIndexes"], key=lambda i: i["IndexName"]) == sorted(
        expected["GlobalSecondaryIndexes"], key=lambda i: i["IndexName"]
    )


def test_table_is_on_demand_recoverable_and_expires_rate_counters(synthesized):
    table = synthesized.only("AWS::DynamoDB::Table")

    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["TimeToLiveSpecification"] == {"AttributeName": MAIN_TABLE.ttl_attribute, "Enabled": True}
    (resource,) = synthesized.resources("AWS::DynamoDB::Table").values()
    assert resource["DeletionPolicy"] == "Retain"


def recordings_bucket(synthesized):
    buckets = [
        b for b in synthesized.resources("AWS::S3::Bucket").values() if "LifecycleConfiguration" in b["Properties"]
    ]
    (bucket,) = buckets
    return bucket


def test_recordings_are_encrypted_private_and_move_to_cheaper_storage(synthesized):
    bucket = recordings_bucket(synthesized)
    properties = bucket["Properties"]

    assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    (rule,) = properties["LifecycleConfiguration"]["Rules"]
    assert [t["StorageClass"] for t in rule["Transitions"]] == ["STANDARD_IA", "GLACIER"]
    assert bucket["DeletionPolicy"] == "Retain"


def test_recordings_cors_allows_only_the_dashboard_origin(synthesized, template):
    bucket = recordings_bucket(synthesized)

    (rule,) = bucket["Properties"]["CorsConfiguration"]["CorsRules"]

    assert rule["AllowedMethods"] == ["GET", "HEAD"]
    (origin,) = rule["AllowedOrigins"]
    assert origin != "*"
    # the distribution's own domain, not a literal
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "CorsConfiguration": {
                "CorsRules": [
                    Match.object_like(
                        {"AllowedOrigins": [{"Fn::Join": ["", ["https://", {"Fn::GetAtt": Match.any_value()}]]}]}
                    )
                ]
            }
        },
    )
