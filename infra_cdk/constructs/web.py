"""The edge: one CloudFront distribution for the dashboard (`/`), the embed SDK (`/sdk/*`) and the HTTP API
(`/v1/*`, `/embed/*`), so the dashboard calls the API on its own origin and the SDK's default API base (its
script's origin) reaches the embed gateway.

The dashboard is its Vite build (`dashboard_static/dist`, `make dashboard`): `assets/*` have hashed names and
are cached for a year; `index.html` and `/config.json` are revalidated on every load, so a deploy shows at
once. A CloudFront Function answers a screen's address with index.html (deep links); API paths are other
behaviours, so their 404s stay JSON (no distribution-wide error pages).

`/sdk/*` is sent with `Access-Control-Allow-Origin: *` (sdk/README.md: pages load the AudioWorklet module
cross-origin). The API behaviours cache nothing and pass the viewer's headers through, including
`CloudFront-Viewer-Address`: behind CloudFront, API Gateway's source IP is the edge's, not the visitor's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3_deployment
from constructs import Construct

from functions.api_routes import API_ROUTES
from infra_cdk.lambda_code import ROOT

API_PATHS = tuple(f"{route.prefix}/*" for route in API_ROUTES)  # every API prefix, on the site's origin
DASHBOARD_BUILD = ROOT / "dashboard_static" / "dist"
SPA_FALLBACK = Path(__file__).with_name("spa_fallback.js")
ASSETS_CACHE_CONTROL = "public, max-age=31536000, immutable"  # a changed file gets a new hashed name
APP_CACHE_CONTROL = "no-cache"  # index.html and config.json: revalidated, so a deploy is seen at once


class DashboardNotBuilt(FileNotFoundError):
    """Synth deploys the dashboard's build, not its source: `make synth` builds it first."""


class Web(Construct):
    def __init__(self, scope: Construct, id: str, *, api_domain: str) -> None:
        super().__init__(scope, id)
        self.bucket = s3.Bucket(
            self,
            "Site",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.DESTROY,  # rebuilt from the repository by every deploy
            auto_delete_objects=False,
        )
        site = origins.S3BucketOrigin.with_origin_access_control(self.bucket)
        self.sdk_headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SdkHeaders",
            comment="Embed SDK: loadable by any page",
            cors_behavior=cloudfront.ResponseHeadersCorsBehavior(
                access_control_allow_origins=["*"],
                access_control_allow_methods=["GET", "HEAD"],
                access_control_allow_headers=["*"],
                access_control_allow_credentials=False,
                access_control_max_age=Duration.days(1),
                origin_override=True,
            ),
        )
        self.api_cache = cloudfront.CachePolicy(
            self,
            "ApiCache",
            comment="API: never cached; Authorization must be in the cache key for CloudFront to forward it",
            default_ttl=Duration.seconds(0),
            min_ttl=Duration.seconds(0),
            max_ttl=Duration.seconds(1),
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
        )
        self.spa_fallback = cloudfront.Function(
            self,
            "SpaFallback",
            comment="Dashboard: a screen's address (no file extension) is answered with /index.html",
            code=cloudfront.FunctionCode.from_file(file_path=str(SPA_FALLBACK)),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        dashboard_files = cloudfront.BehaviorOptions(
            origin=site,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        )
        api = cloudfront.BehaviorOptions(
            origin=origins.HttpOrigin(api_domain, protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=self.api_cache,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Vocadesk dashboard, embed SDK and API",
            default_root_object="index.html",
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            default_behavior=cloudfront.BehaviorOptions(
                origin=site,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=self.spa_fallback, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            additional_behaviors={
                "/assets/*": dashboard_files,  # hashed files: never rewritten
                "/sdk/*": cloudfront.BehaviorOptions(
                    origin=site,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    response_headers_policy=self.sdk_headers,
                ),
                **{path: api for path in API_PATHS},
            },
        )
        self.url = f"https://{self.distribution.distribution_domain_name}"

    def publish(self, *, dashboard_config: Mapping[str, Any], dashboard_build: Path = DASHBOARD_BUILD) -> None:
        """Upload the dashboard's build with `/config.json` (what it needs to know of this deployment: how to
        sign in, where the voice runtime is) and the SDK's files under sdk/. The hashed assets go first and are
        never pruned: a page still open on the previous index.html can load its screens' chunks after a deploy."""
        if not (dashboard_build / "index.html").is_file():
            raise DashboardNotBuilt(
                f"{dashboard_build / 'index.html'} is missing: run `make dashboard` to build the dashboard "
                "(`make synth` does it first)"
            )
        assets = s3_deployment.BucketDeployment(
            self,
            "DashboardAssets",
            sources=[s3_deployment.Source.asset(str(dashboard_build / "assets"))],
            destination_bucket=self.bucket,
            destination_key_prefix="assets/",
            prune=False,
            cache_control=[s3_deployment.CacheControl.from_string(ASSETS_CACHE_CONTROL)],
            memory_limit=256,
        )
        app = s3_deployment.BucketDeployment(
            self,
            "Dashboard",
            sources=[
                s3_deployment.Source.asset(str(dashboard_build), exclude=["assets"]),
                s3_deployment.Source.json_data("config.json", dict(dashboard_config)),
            ],
            destination_bucket=self.bucket,
            exclude=["sdk/*", "assets/*"],  # the other deployments' keys: neither uploaded nor pruned here
            cache_control=[s3_deployment.CacheControl.from_string(APP_CACHE_CONTROL)],
            distribution=self.distribution,
            memory_limit=256,
        )
        app.node.add_dependency(assets)  # index.html names only assets that are already there
        s3_deployment.BucketDeployment(
            self,
            "Sdk",
            sources=[s3_deployment.Source.asset(str(ROOT / "sdk"), exclude=["README.md"])],
            destination_bucket=self.bucket,
            destination_key_prefix="sdk/",
            distribution=self.distribution,
            distribution_paths=["/sdk/*"],
            memory_limit=256,
        )
