"""The OpenAPI document: served at /v1/openapi.json, complete, honest about error bodies, committed and current."""

import subprocess
import sys
from pathlib import Path

import pytest

from functions.management.handler import app
from functions.management.openapi import document, render

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "docs" / "openapi.json"


def test_the_document_is_served_to_a_signed_in_user(http, owner_a):
    response = http.get("/v1/openapi.json", headers=owner_a)

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["title"] == "Vocadesk Management API" and spec["info"]["version"]
    assert spec["servers"] == [{"url": "/"}]
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert spec["security"] == [{"bearer": []}]


def test_every_registered_route_is_documented():
    spec = document(app)

    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    registered = {(route.method, route.openapi_path) for route in [*app._static_routes, *app._dynamic_routes]}
    assert documented == registered
    assert ("GET", "/v1/openapi.json") in documented


def test_errors_are_documented_as_the_bodies_we_send_not_powertools_defaults():
    spec = document(app)

    create_client = spec["paths"]["/v1/clients"]["post"]["responses"]
    assert create_client["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ValidationFailedBody")
    assert create_client["4XX"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert {"ErrorBody", "ValidationFailedBody"} <= set(spec["components"]["schemas"])
    assert not {"HTTPValidationError", "ValidationError"} & set(spec["components"]["schemas"])


def test_the_rendering_is_stable_sorted_and_ends_with_a_newline():
    first, second = render(app), render(app)

    assert first == second and first.endswith("}\n")
    assert first.index('"components"') < first.index('"info"') < first.index('"paths"')


def test_docs_openapi_json_is_current():
    committed = COMMITTED.read_text() if COMMITTED.exists() else ""

    if committed != render(app):
        pytest.fail("docs/openapi.json is stale: run `make openapi` and commit it", pytrace=False)


def test_the_document_is_not_built_at_import():
    probe = (
        "import functions.management.handler, functions.management.openapi as o;print(o._cached.cache_info().currsize)"
    )

    built = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)

    assert built.stdout.strip() == "0"
