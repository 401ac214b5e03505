"""infra_cdk/constructs/http_api.py: the HTTP API deploys exactly API_ROUTES; JWT on management, none on public."""

from __future__ import annotations

from functions.api_routes import API_ROUTES
from infra_cdk.constructs.http_api import PUBLIC_BURST, PUBLIC_RATE_PER_SECOND


def routes(synthesized):
    return {
        r["Properties"]["RouteKey"]: r["Properties"] for r in synthesized.resources("AWS::ApiGatewayV2::Route").values()
    }


def test_routes_are_exactly_the_shared_route_table(synthesized):
    assert sorted(routes(synthesized)) == sorted(route.route_key for route in API_ROUTES)


def test_cognito_jwt_authorizer_guards_every_management_route_and_no_public_one(synthesized):
    (authorizer_id,) = synthesized.resources("AWS::ApiGatewayV2::Authorizer")
    deployed = routes(synthesized)

    for route in API_ROUTES:
        properties = deployed[route.route_key]
        if route.authorized:
            assert properties["AuthorizationType"] == "JWT", route.route_key
            assert properties["AuthorizerId"] == {"Ref": authorizer_id}
        else:
            assert properties.get("AuthorizationType", "NONE") == "NONE", route.route_key
            assert "AuthorizerId" not in properties


def test_the_authorizer_checks_the_user_pools_issuer_and_the_dashboard_client(synthesized):
    authorizer = synthesized.only("AWS::ApiGatewayV2::Authorizer")
    (pool_id,) = synthesized.resources("AWS::Cognito::UserPool")
    (client_id,) = synthesized.resources("AWS::Cognito::UserPoolClient")

    assert authorizer["AuthorizerType"] == "JWT"
    assert authorizer["IdentitySource"] == ["$request.header.Authorization"]
    assert authorizer["JwtConfiguration"]["Audience"] == [{"Ref": client_id}]
    assert {"Ref": pool_id} in authorizer["JwtConfiguration"]["Issuer"]["Fn::Join"][1]


def test_the_api_has_no_cors_of_its_own_so_preflights_reach_the_embed_gateway(synthesized):
    assert "CorsConfiguration" not in synthesized.only("AWS::ApiGatewayV2::Api")


def test_public_routes_are_throttled(synthesized):
    stage = synthesized.only("AWS::ApiGatewayV2::Stage")
    public = [route.route_key for route in API_ROUTES if not route.authorized]

    assert public
    for key in public:
        assert stage["RouteSettings"][key] == {
            "ThrottlingRateLimit": PUBLIC_RATE_PER_SECOND,
            "ThrottlingBurstLimit": PUBLIC_BURST,
        }
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    assert stage["AutoDeploy"] is True


def test_each_route_invokes_its_own_function(synthesized):
    integrations = synthesized.resources("AWS::ApiGatewayV2::Integration")
    functions = synthesized.resources("AWS::Lambda::Function")
    deployed = routes(synthesized)

    for route in API_ROUTES:
        integration_id = deployed[route.route_key]["Target"]["Fn::Join"][1][1]["Ref"]
        function_id = integrations[integration_id]["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]
        assert functions[function_id]["Properties"]["Handler"] == route.handler
