"""The management handler invoked directly, as Lambda would, with AWS's sample event reshaped."""

import json

from functions.event_ingest.handler import lambda_handler as ingest
from functions.management.handler import lambda_handler
from local_platform.lambda_context import LocalLambdaContext
from tests.support import load_event, sqs_event, started_envelope
from vocadesk.auth import ACCOUNT_CLAIM, USER_CLAIM

CONTEXT = LocalLambdaContext(function_name="vocadesk-management")


def api_event(method, path, *, tenant, body=None, query=""):
    event = load_event("apigw_http_v2.json")
    event.pop("cookies")
    event |= {
        "routeKey": "ANY /v1/{proxy+}",
        "rawPath": path,
        "rawQueryString": query,
        "pathParameters": {"proxy": path.removeprefix("/v1/")},
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body) if body else None,
    }
    event.pop("queryStringParameters")
    if query:
        event["queryStringParameters"] = dict(pair.split("=", 1) for pair in query.split("&"))
    event["requestContext"]["http"] |= {"method": method, "path": path}
    event["requestContext"]["authorizer"]["jwt"]["claims"] = {
        "sub": tenant.owner.id,
        ACCOUNT_CLAIM: tenant.account_id,
        USER_CLAIM: tenant.owner.id,
    }
    return event


def test_create_then_get_a_client(tenant_a):
    created = lambda_handler(api_event("POST", "/v1/clients", tenant=tenant_a, body={"name": "Acme"}), CONTEXT)
    client_id = json.loads(created["body"])["id"]

    fetched = lambda_handler(api_event("GET", f"/v1/clients/{client_id}", tenant=tenant_a), CONTEXT)

    assert created["statusCode"] == 201 and fetched["statusCode"] == 200
    assert json.loads(fetched["body"])["name"] == "Acme"


def test_a_user_the_claims_name_but_that_does_not_exist_is_401(tenant_a, tenant_b):
    event = api_event("GET", "/v1/clients", tenant=tenant_a)
    event["requestContext"]["authorizer"]["jwt"]["claims"][ACCOUNT_CLAIM] = tenant_b.account_id

    response = lambda_handler(event, CONTEXT)

    assert response["statusCode"] == 401


def test_an_unexpected_failure_is_a_bare_500_without_internals(repos, tenant_a):
    event = api_event("GET", "/v1/clients", tenant=tenant_a)
    lambda_handler(event, CONTEXT)  # warm: the caller lookup works
    repos.table.client.delete_table(TableName=repos.table.name)

    response = lambda_handler(event, CONTEXT)

    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"error": "internal", "message": "internal error"}


def test_calls_are_listed_and_read_through_the_api(repos, tenant_a):
    envelope = started_envelope(tenant_a)
    ingest(sqs_event(json.dumps(envelope)), CONTEXT)
    call_id = envelope["detail"]["call_id"]
    other_agent = repos.agents.create(tenant_a.agent.model_copy(update={"id": "agt_" + "1" * 26}))

    listed = lambda_handler(
        api_event("GET", "/v1/calls", tenant=tenant_a, query=f"agent_id={tenant_a.agent.id}"), CONTEXT
    )
    detail = lambda_handler(api_event("GET", f"/v1/calls/{call_id}", tenant=tenant_a), CONTEXT)

    other = lambda_handler(api_event("GET", "/v1/calls", tenant=tenant_a, query=f"agent_id={other_agent.id}"), CONTEXT)

    assert [c["id"] for c in json.loads(listed["body"])["items"]] == [call_id]
    assert json.loads(other["body"])["items"] == []
    assert json.loads(detail["body"])["turns"] == [] and json.loads(detail["body"])["status"] == "in_progress"


def test_requests_and_client_errors_are_counted_as_emf_metrics(tenant_a, monkeypatch, capsys):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")

    lambda_handler(api_event("GET", "/v1/clients/cli_01M89ZKBNQ3J7J1C9QPC7KH6RH", tenant=tenant_a), CONTEXT)

    [emf] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"CloudWatchMetrics"' in line]
    assert emf["Requests"] == [1.0] and emf["Http4xx"] == [1.0]
