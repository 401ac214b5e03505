"""Each Lambda is packageable with only its own dependency group: all its handler imports is in that group."""

import json
import subprocess
import sys
import tomllib
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = sorted(p.parent.name for p in (ROOT / "functions").glob("*/handler.py"))
OWN_PACKAGES = {"vocadesk", "functions"}
# Imported only when present, with a fallback: not needed in the package.
# Used when installed, not needed otherwise: botocore's CA bundle (certifi); pyjwt's RSA support
# (cryptography, cffi), which HS256 tokens do not need.
OPTIONAL = {"certifi", "cryptography", "cffi"}


GROUPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]


def group_requirements(group: str) -> list[str]:
    """A dependency group's requirements with its `include-group`s expanded (PEP 735)."""
    requirements = []
    for entry in GROUPS[group]:
        requirements += group_requirements(entry["include-group"]) if isinstance(entry, dict) else [entry]
    return requirements


def group_closure(group: str) -> set[str]:
    names: set[str] = set()
    for raw in group_requirements(group):
        requirement = Requirement(raw)
        names |= closure(requirement.name, frozenset(requirement.extras))
    return names


def closure(name: str, extras: frozenset[str] = frozenset(), seen: set[str] | None = None) -> set[str]:
    """Canonical names of `name` and everything it requires with `extras`, transitively."""
    seen = set() if seen is None else seen
    key = f"{canonicalize_name(name)}[{','.join(sorted(extras))}]"
    if key in seen:
        return set()
    seen.add(key)
    dist = distribution(name)
    names = {canonicalize_name(dist.metadata["Name"])}
    for raw in dist.requires or []:
        requirement = Requirement(raw)
        environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
        if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
            continue
        names |= closure(requirement.name, frozenset(requirement.extras), seen)
    return names


def loaded_modules(statement: str) -> set[str]:
    script = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in json.loads(run.stdout)}


def third_party_imports(module: str) -> set[str]:
    """Distributions providing the modules importing `module` loads (beyond what interpreter start loads)."""
    top_level = loaded_modules(f"import {module}") - loaded_modules("pass")
    top_level -= set(sys.stdlib_module_names) | OWN_PACKAGES
    providers = packages_distributions()
    return {canonicalize_name(dist) for name in top_level for dist in providers.get(name, [])} - OPTIONAL


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_handler_imports_only_what_its_group_installs(function):
    missing = third_party_imports(f"functions.{function}.handler") - group_closure(function)

    assert missing == set(), f"add these to the `{function}` dependency group in pyproject.toml"


def test_every_function_has_a_group():
    assert set(FUNCTIONS) <= set(GROUPS)


def test_the_voice_runtime_imports_only_what_its_group_installs():
    missing = third_party_imports("voice_container.__main__") - group_closure("voice")

    assert missing == set(), "add these to the `voice` dependency group in pyproject.toml"
