"""Schema fuzz: every operation of the generated OpenAPI document, through the local gateway, as an owner.

Operations are enumerated from the document, so routes added later are fuzzed without touching this file.
One signed-in tenant serves every operation (setting one up per operation would cost more than the fuzz).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from functions.management.handler import app
from functions.management.openapi import document

EXAMPLES_PER_OPERATION_AND_MODE = 25  # x2 modes (schema-valid, schema-violating); the whole run stays under ~60 s
CONFIG = SchemathesisConfig.from_dict(
    {
        # Every request carries the owner's real token, never a generated one.
        "generation": {"with-security-parameters": False},
        # What a schema can promise. Not `positive_data_acceptance` (domain rules beyond the schema, such as
        # unknown ids or origin formats, rightly reject schema-valid input) nor the checks that re-send a request
        # without our token (the gateway's JWT check is tested in tests/local_platform/test_gateway.py).
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            "response_headers_conformance": {"enabled": True},
            "negative_data_rejection": {"enabled": True},
        },
    }
)
SCHEMA = schemathesis.openapi.from_dict(document(app), config=CONFIG)
# Deletes last, so the other operations still find the seeded items.
OPERATIONS = sorted((result.ok() for result in SCHEMA.get_all_operations()), key=lambda op: op.method == "delete")


def with_seeded_ids(case: Any, seeded: dict[str, str]) -> None:
    """Point ids the tenant really has (path, query, top-level body) at its items, so updates and reads succeed."""
    for params in (case.path_parameters, case.query):
        if params:
            params.update({name: seeded[name] for name in params if name in seeded})
    if isinstance(case.body, dict):
        case.body.update({name: seeded[name] for name in case.body if name in seeded})


def fuzz(operation: Any, mode: GenerationMode, send: Any) -> None:
    # Only schema-valid cases get real ids: a schema-violating one must stay violating.
    seeded_ids = st.booleans() if mode is GenerationMode.POSITIVE else st.just(False)

    @settings(
        max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), seeded_ids=seeded_ids)
    def run(case: Any, seeded_ids: bool) -> None:
        send(case, seeded_ids)

    run()


@pytest.mark.slow
def test_no_operation_answers_5xx_and_every_4xx_is_our_error_json(http, owner_a, tenant_a):
    seeded = {"client_id": tenant_a.client.id, "agent_id": tenant_a.agent.id, "user_id": tenant_a.viewer.id}

    def send(case: Any, seeded_ids: bool) -> None:
        if seeded_ids:
            with_seeded_ids(case, seeded)
        response = case.call(app=http.app, headers=dict(owner_a))

        assert response.status_code < 500, f"{response.status_code} {response.text}"
        if 400 <= response.status_code < 500:
            assert response.headers.get("content-type", [""])[0].startswith("application/json"), response.text
            body = response.json()
            assert isinstance(body.get("error"), str) and isinstance(body.get("message"), str), body
        case.validate_response(response)

    failures = {}
    for operation in OPERATIONS:
        for mode in GenerationMode:
            try:
                fuzz(operation, mode, send)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # no inputs, so nothing to violate
            except Exception as error:  # every operation still gets its turn; all failures are reported
                failures[f"{operation.label} ({mode.value})"] = error

    assert not failures, "\n\n".join(f"{label}:\n{error}" for label, error in failures.items())
