import base64
import json

from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model

from local_platform.apigw_events import HttpRequest, from_result, to_event
from tests.support import load_event


def request(**overrides):
    fields = dict(
        method="post",
        path="/my/path",
        raw_query="parameter1=value1&parameter1=value2&parameter2=value",
        headers=[
            ("Header1", "value1"),
            ("header2", "value1"),
            ("header2", "value2"),
            ("Cookie", "cookie1; cookie2"),
            ("content-type", "text/plain"),
        ],
        body=b"Hello from Lambda",
        source_ip="127.0.0.1",
        host="127.0.0.1:8080",
        proxy_path="path",
        route_key="ANY /my/{proxy+}",
        claims={"sub": "u1", "exp": 1583352238},
    )
    return HttpRequest(**(fields | overrides))


MAPS = {"headers", "claims", "queryStringParameters", "pathParameters"}  # free-form name -> value maps


def shape(value, key=""):
    """The nested key structure of a JSON value (what must match AWS's sample)."""
    if isinstance(value, dict):
        return "map" if key in MAPS else {k: shape(v, k) for k, v in value.items()}
    return type(value).__name__


def test_the_event_has_the_shape_of_aws_sample_payload():
    sample = load_event("apigw_http_v2.json")
    for optional in ("stageVariables",):  # absent when the stage defines none
        sample.pop(optional)
    sample["requestContext"]["authorizer"]["jwt"]["scopes"] = None  # ID tokens carry no scopes

    event = to_event(request())

    assert shape(event) == shape(sample)
    APIGatewayProxyEventV2Model.model_validate(event)


def test_headers_query_cookies_and_claims_are_folded_as_api_gateway_does():
    event = to_event(request())

    assert event["headers"]["header1"] == "value1"
    assert event["headers"]["header2"] == "value1,value2"
    assert "cookie" not in event["headers"] and event["cookies"] == ["cookie1", "cookie2"]
    assert event["queryStringParameters"] == {"parameter1": "value1,value2", "parameter2": "value"}
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["requestContext"]["authorizer"]["jwt"]["claims"] == {"sub": "u1", "exp": "1583352238"}


def test_binary_bodies_are_base64_and_text_bodies_are_not():
    binary = to_event(request(headers=[("content-type", "application/octet-stream")], body=b"\x00\xff"))
    text = to_event(request(headers=[("content-type", "application/json")], body=b'{"a": 1}'))

    assert binary["isBase64Encoded"] and base64.b64decode(binary["body"]) == b"\x00\xff"
    assert not text["isBase64Encoded"] and text["body"] == '{"a": 1}'


def test_a_text_type_body_that_is_not_utf8_travels_base64_untouched():
    event = to_event(request(headers=[("content-type", "application/json")], body=b"\xff\xfe{"))

    assert event["isBase64Encoded"] and base64.b64decode(event["body"]) == b"\xff\xfe{"


def test_a_request_without_body_query_or_claims_leaves_those_keys_out():
    event = to_event(request(raw_query="", headers=[], body=b"", claims=None, proxy_path=""))

    assert {"body", "queryStringParameters", "cookies", "pathParameters"}.isdisjoint(event)
    assert "authorizer" not in event["requestContext"]


def test_a_structured_result_becomes_that_response():
    response = from_result(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "application/json"},
            "cookies": ["a=1", "b=2"],
            "body": base64.b64encode(b"{}").decode(),
            "isBase64Encoded": True,
        }
    )

    assert response.status == 201 and response.body == b"{}"
    assert ("content-type", "application/json") in response.headers
    assert [v for k, v in response.headers if k == "set-cookie"] == ["a=1", "b=2"]


def test_any_other_result_is_json_with_status_200():
    response = from_result({"hello": "world"})

    assert response.status == 200 and json.loads(response.body) == {"hello": "world"}
