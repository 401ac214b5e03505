"""The shared HTTP glue: a known path with another method is a 405 naming the allowed ones; unknown paths 404."""

import json

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from local_platform.lambda_context import LocalLambdaContext
from tests.support import load_event
from vocadesk.lambda_support.http import allowed_methods, map_domain_errors


def test_a_known_path_with_another_method_is_405_with_allow(http, owner_a):
    response = http.put("/v1/clients", json={"name": "Acme"}, headers=owner_a)

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    body = response.json()
    assert body["error"] == "method_not_allowed" and "GET, POST" in body["message"]


def test_a_path_with_an_id_and_another_method_is_405_with_allow(http, owner_a, tenant_a):
    response = http.post(f"/v1/agents/{tenant_a.agent.id}", json={}, headers=owner_a)

    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
    assert "POST" not in response.headers["allow"]


def test_an_unknown_path_is_still_a_404_in_json(http, owner_a):
    response = http.get("/v1/no-such-thing", headers=owner_a)

    assert response.status_code == 404 and "allow" not in response.headers
    assert response.json() == {"error": "not_found", "message": "no such route"}


def test_a_json_body_that_is_not_utf8_is_422_naming_the_body(http, owner_a):
    response = http.post("/v1/clients", content=b"\xff\xfe{", headers=owner_a | {"content-type": "application/json"})

    assert response.status_code == 422
    assert response.json()["error"] == "validation_failed" and response.json()["field"] == "body"


def bare_app() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)

    @app.get("/things/<thing_id>")
    def get_thing(thing_id: str) -> dict:
        return {"id": thing_id}

    @app.delete("/things/<thing_id>")
    def delete_thing(thing_id: str) -> dict:
        return {}

    @app.post("/things")
    def add_thing() -> dict:
        return {}

    map_domain_errors(app)
    return app


def test_allowed_methods_match_the_way_the_resolver_matches_any_function():
    app = bare_app()

    assert allowed_methods(app, "/things/t1") == ["DELETE", "GET"]
    assert allowed_methods(app, "/things") == ["POST"]
    assert allowed_methods(app, "/things/t1/parts") == []


def test_any_function_mapping_errors_answers_405_for_a_wrong_method():
    event = load_event("apigw_http_v2.json")
    event |= {"rawPath": "/things/t1", "body": None, "isBase64Encoded": False}
    event["requestContext"]["http"] |= {"method": "PATCH", "path": "/things/t1"}

    response = bare_app().resolve(event, LocalLambdaContext(function_name="bare"))

    assert response["statusCode"] == 405 and response["headers"]["Allow"] == "DELETE, GET"
    assert json.loads(response["body"])["error"] == "method_not_allowed"
