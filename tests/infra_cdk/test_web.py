"""infra_cdk/constructs/web.py: one distribution for the dashboard (its build, deep links answered with
index.html), the SDK (ACAO *) and the API paths."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from functions.api_routes import API_ROUTES
from infra_cdk.constructs.web import SPA_FALLBACK, DashboardNotBuilt, Web


def behaviors(synthesized):
    config = synthesized.only("AWS::CloudFront::Distribution")["DistributionConfig"]
    return config, {b["PathPattern"]: b for b in config["CacheBehaviors"]}


def deployments(synthesized):
    """The bucket deployments by destination prefix: "" (the app), "assets/" and "sdk/"."""
    found = synthesized.resources("Custom::CDKBucketDeployment").items()
    return {d["Properties"].get("DestinationBucketKeyPrefix", ""): (lid, d) for lid, d in found}


def staged(synthesized, object_key):
    """The staged folder of a deployment source (its S3 key is the asset's hash)."""
    return synthesized.outdir / synthesized.assets["files"][object_key.split(".")[0]]["source"]["path"]


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


def test_dashboard_assets_and_sdk_are_uploaded_each_under_its_prefix(synthesized):
    assert sorted(deployments(synthesized)) == ["", "assets/", "sdk/"]


def test_the_dashboard_deployed_is_its_build_not_its_source(synthesized):
    _, app = deployments(synthesized)[""]
    _, assets = deployments(synthesized)["assets/"]
    (build, _config) = [staged(synthesized, key) for key in app["Properties"]["SourceObjectKeys"]]
    (hashed,) = [staged(synthesized, key) for key in assets["Properties"]["SourceObjectKeys"]]

    assert (build / "index.html").is_file()
    assert not (build / "src").exists() and not (build / "package.json").exists() and not (build / "assets").exists()
    assert list(hashed.glob("index-*.js"))


def test_hashed_assets_are_cached_for_a_year_and_the_app_files_revalidated(synthesized):
    _, app = deployments(synthesized)[""]
    assets_id, assets = deployments(synthesized)["assets/"]

    assert assets["Properties"]["SystemMetadata"] == {"cache-control": "public, max-age=31536000, immutable"}
    assert assets["Properties"]["Prune"] is False  # a page open on the previous index.html still finds its chunks
    assert app["Properties"]["SystemMetadata"] == {"cache-control": "no-cache"}
    assert set(app["Properties"]["Exclude"]) == {"sdk/*", "assets/*"}  # the others' keys are not pruned
    assert assets_id in app["DependsOn"]  # index.html only names assets already uploaded


def test_dashboard_gets_a_config_json_for_the_hosted_sign_in(synthesized):
    _, app = deployments(synthesized)[""]
    (_build, folder) = [staged(synthesized, key) for key in app["Properties"]["SourceObjectKeys"]]
    markers = app["Properties"]["SourceMarkers"][1]

    # The shape dashboard_static/src/auth/config.ts reads; deploy-time values are markers filled in by CDK.
    config = json.loads(
        (folder / "config.json")
        .read_text()
        .replace("<<marker:0xbaba:0>>", '"DOMAIN"')
        .replace("<<marker:0xbaba:1>>", '"CLIENT"')
    )
    assert config == {
        "auth": {"mode": "hosted", "domain": "DOMAIN", "client_id": "CLIENT", "scopes": ["openid", "email", "profile"]},
        "voice_runtime_url": "wss://voice.test.example/web",
    }
    domain = json.dumps(markers["<<marker:0xbaba:0>>"])
    assert "IdentityHostedSignInDomain" in domain and ".auth." in domain and ".amazoncognito.com" in domain
    assert "IdentityDashboardClient" in json.dumps(markers["<<marker:0xbaba:1>>"])


def test_a_screens_address_is_rewritten_to_index_html_on_the_dashboard_behavior_only(synthesized):
    config, by_path = behaviors(synthesized)
    (function_id,) = synthesized.resources("AWS::CloudFront::Function")

    (association,) = config["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association == {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function_id, "FunctionARN"]}}
    for path, behavior in by_path.items():  # the API, the SDK and the hashed assets are served as they are
        assert "FunctionAssociations" not in behavior, path
    # No distribution-wide error pages: they would turn the API's 404s into the dashboard's HTML.
    assert "CustomErrorResponses" not in config
    assert by_path["/assets/*"]["TargetOriginId"] == config["DefaultCacheBehavior"]["TargetOriginId"]


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/agents/agt_01HZX3", "/index.html"),
        ("/calls/call_01HZX3/", "/index.html"),
        ("/auth/callback", "/index.html"),
        ("/index.html", "/index.html"),
        ("/config.json", "/config.json"),
        ("/assets/index-Bx9.js", "/assets/index-Bx9.js"),
        ("/favicon.svg", "/favicon.svg"),
    ],
)
def test_the_spa_fallback_function_answers_screens_with_the_app_and_files_with_themselves(uri, served):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (the CDK needs it: make synth)")
    event = json.dumps({"request": {"method": "GET", "uri": uri, "querystring": {}, "headers": {}}})
    script = f"{SPA_FALLBACK.read_text()}\nconsole.log(handler({event}).uri);"

    result = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=30)

    assert result.stdout.strip() == served


def test_synth_without_the_dashboard_build_fails_naming_make_dashboard(tmp_path):
    import aws_cdk as cdk

    web = Web(cdk.Stack(cdk.App(), "Bare"), "Web", api_domain="api.example.com")

    with pytest.raises(DashboardNotBuilt, match="make dashboard"):
        web.publish(dashboard_config={}, dashboard_build=tmp_path / "dist")
