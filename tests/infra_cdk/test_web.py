"""infra_cdk/constructs/web.py: one distribution for the dashboard, the SDK (ACAO *) and the API paths."""

from __future__ import annotations

import json

from functions.api_routes import API_ROUTES


def behaviors(synthesized):
    config = synthesized.only("AWS::CloudFront::Distribution")["DistributionConfig"]
    return config, {b["PathPattern"]: b for b in config["CacheBehaviors"]}


def test_sdk_is_served_with_access_control_allow_origin_star(synthesized):
    _, by_path = behaviors(synthesized)
    (policy_id,) = synthesized.resources("AWS::CloudFront::ResponseHeadersPolicy")
    policy = synthesized.raw["Resources"][policy_id]["Properties"]["ResponseHeadersPolicyConfig"]

    assert by_path["/sdk/*"]["ResponseHeadersPolicyId"] == {"Ref": policy_id}
    assert policy["CorsConfig"]["AccessControlAllowOrigins"] == {"Items": ["*"]}
    assert policy["CorsConfig"]["OriginOverride"] is True


def test_every_api_prefix_goes_to_the_api_uncached_with_all_methods(synthesized):
    config, by_path = behaviors(synthesized)
    origins = {o["Id"]: o for o in config["Origins"]}

    for route in API_ROUTES:
        behavior = by_path[f"{route.prefix}/*"]
        assert "CustomOriginConfig" in origins[behavior["TargetOriginId"]]
        assert "DELETE" in behavior["AllowedMethods"] and "OPTIONS" in behavior["AllowedMethods"]
        assert behavior["ViewerProtocolPolicy"] == "https-only"


def test_dashboard_is_the_default_from_a_private_bucket(synthesized):
    config, _ = behaviors(synthesized)

    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert synthesized.resources("AWS::CloudFront::OriginAccessControl")


def test_dashboard_and_sdk_files_are_uploaded(synthesized):
    deployments = synthesized.resources("Custom::CDKBucketDeployment")
    prefixes = sorted(d["Properties"].get("DestinationBucketKeyPrefix", "") for d in deployments.values())

    assert prefixes == ["", "sdk/"]


def test_dashboard_gets_a_config_json_naming_its_user_pool(synthesized):
    (dashboard,) = [
        d["Properties"]
        for lid, d in synthesized.resources("Custom::CDKBucketDeployment").items()
        if lid.startswith("WebDashboard")
    ]

    assert len(dashboard["SourceObjectKeys"]) == 2  # the folder and config.json
    markers = json.dumps(dashboard.get("SourceMarkers", []))
    assert "IdentityUserPool" in markers and "IdentityDashboardClient" in markers
