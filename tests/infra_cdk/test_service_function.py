"""infra_cdk/constructs/service_function.py: one Lambda per functions/<name>/handler.py, its handler real code."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

from infra_cdk import lambda_code
from infra_cdk.settings_env import PREFIX, SECRET_FIELDS
from vocadesk.settings import Settings

FUNCTIONS = lambda_code.deployed_functions()


def platform_functions(synthesized):
    """Our Lambdas (not CDK's own, e.g. the bucket deployment's), keyed by their functions/ folder."""
    found = {}
    for lid, resource in synthesized.resources("AWS::Lambda::Function").items():
        handler = resource["Properties"]["Handler"]
        if handler.startswith("functions."):
            found[handler.split(".")[1]] = (lid, resource)
    return found


def test_every_function_folder_with_a_handler_is_deployed_once(synthesized):
    assert sorted(platform_functions(synthesized)) == FUNCTIONS
    assert "management" in FUNCTIONS and "event_ingest" in FUNCTIONS


@pytest.mark.parametrize("folder", FUNCTIONS)
def test_handler_resolves_to_real_code_in_the_repository_and_in_the_asset(synthesized, folder):
    _, resource = platform_functions(synthesized)[folder]
    module_name, _, attribute = resource["Properties"]["Handler"].rpartition(".")

    # In the repository: the dotted path imports and names a callable
    assert callable(getattr(importlib.import_module(module_name), attribute))
    # In what is uploaded: the module file is there, defining that handler, with the domain library beside it
    code = synthesized.asset_path(resource)
    module_file = code / (module_name.replace(".", "/") + ".py")
    assert f"def {attribute}(" in module_file.read_text()
    assert (code / "vocadesk" / "settings.py").is_file()
    assert (code / lambda_code.SECRETS_WRAPPER).stat().st_mode & 0o111, "the exec wrapper must be executable"
    # and only this function's folder
    assert sorted(p.name for p in (code / "functions").iterdir() if p.is_dir()) == [folder]


@pytest.mark.parametrize("folder", FUNCTIONS)
def test_function_runtime_is_python_312_arm64_traced_with_its_dependency_layer(synthesized, folder):
    _, resource = platform_functions(synthesized)[folder]
    properties = resource["Properties"]

    assert properties["Runtime"] == "python3.12"
    assert properties["Architectures"] == ["arm64"]
    assert properties["TracingConfig"] == {"Mode": "Active"}
    (layer,) = properties["Layers"]
    layer_id = layer["Ref"]
    assert synthesized.raw["Resources"][layer_id]["Properties"]["CompatibleArchitectures"] == ["arm64"]


@pytest.mark.parametrize("folder", FUNCTIONS)
def test_function_logs_to_its_own_group_with_retention(synthesized, folder):
    _, resource = platform_functions(synthesized)[folder]

    group_id = resource["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]

    assert synthesized.raw["Resources"][group_id]["Properties"]["RetentionInDays"] == 30


@pytest.mark.parametrize("folder", FUNCTIONS)
def test_environment_holds_only_settings_names_and_no_secret_values(synthesized, folder):
    _, resource = platform_functions(synthesized)[folder]
    variables = resource["Properties"]["Environment"]["Variables"]
    settings = {PREFIX + name.upper() for name in Settings.model_fields}
    secrets = {PREFIX + name.upper() for name in SECRET_FIELDS}

    for name in variables:
        if name.startswith(PREFIX):
            assert name in settings or name.removesuffix("_SECRET_ARN") in secrets, name
    assert not secrets & set(variables), "secret settings are read from Secrets Manager at runtime"
    assert variables["POWERTOOLS_SERVICE_NAME"] == folder


@pytest.mark.parametrize("folder", FUNCTIONS)
def test_handler_imports_from_its_asset_alone(synthesized, folder):
    # Given only the uploaded code on the path (the repository is not; dependencies come from this venv)
    _, resource = platform_functions(synthesized)[folder]
    module_name, _, attribute = resource["Properties"]["Handler"].rpartition(".")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"POWERTOOLS_METRICS_DISABLED": "true"}

    # When Python imports the handler there
    run = subprocess.run(
        [sys.executable, "-c", f"import {module_name} as m; assert callable(m.{attribute}); print(m.__file__)"],
        cwd=synthesized.asset_path(resource),
        env=env,
        capture_output=True,
        text=True,
    )

    # Then it loads from the asset, needing nothing the asset left out
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith(str(synthesized.asset_path(resource)))
