"""What each Lambda is deployed with: its own source folder and a layer holding only its dependency group.

Source, staged in a temporary folder per synth (so concurrent synths never share one): `vocadesk/`,
`functions/__init__.py`, `functions/api_routes.py`, `functions/<function>/` and the exec wrapper that reads
secret settings (`SECRETS_WRAPPER`). Pure file copies: offline, well under a second.

Dependencies (`build/lambda/layers/<function>/python/`): the function's dependency group from pyproject.toml,
as manylinux aarch64 CPython 3.12 wheels, built by `make lambda-layers` (`python -m infra_cdk.lambda_code`),
the one step that needs PyPI. Synth never downloads: a missing layer directory is synthesized empty with a
warning on the function, so `make synth` works offline and a deploy without `make lambda-layers` is loud.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "lambda"
PYTHON_VERSION = "3.12"
PLATFORM = "manylinux2014_aarch64"  # arm64 Lambdas
SECRETS_WRAPPER = "vocadesk_secrets_env.py"  # at the root of the code: /var/task/<this>
EMPTY_LAYER_MARKER = ".empty-run-make-lambda-layers"
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def deployed_functions() -> list[str]:
    """One Lambda per folder under functions/ that has a handler.py."""
    return sorted(path.parent.name for path in (ROOT / "functions").glob("*/handler.py"))


@cache
def _staging() -> Path:
    path = Path(tempfile.mkdtemp(prefix="vocadesk-lambda-src-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def source_dir(function: str) -> Path:
    """A fresh copy of what `functions.<function>.handler` imports from this repository (the CDK copies it
    into the cloud assembly when the asset is created; its hash is of the content, not the path)."""
    target = _staging() / function
    shutil.rmtree(target, ignore_errors=True)
    (target / "functions").mkdir(parents=True)
    shutil.copytree(ROOT / "vocadesk", target / "vocadesk", ignore=_IGNORED)
    for name in ("__init__.py", "api_routes.py"):
        shutil.copy2(ROOT / "functions" / name, target / "functions" / name)
    shutil.copytree(ROOT / "functions" / function, target / "functions" / function, ignore=_IGNORED)
    shutil.copy2(ROOT / "infra_cdk" / "secrets_env.py", target / SECRETS_WRAPPER)  # keeps its exec bit
    return target


def layer_dir(function: str) -> tuple[Path, bool]:
    """The layer directory of the function's dependency group, and whether it was built."""
    target = BUILD / "layers" / function
    if (target / "python").is_dir() and not (target / EMPTY_LAYER_MARKER).exists():
        return target, True
    (target / "python").mkdir(parents=True, exist_ok=True)
    (target / EMPTY_LAYER_MARKER).touch()
    return target, False


def build_layer(function: str) -> Path:
    """pip-install the function's dependency group for Lambda's platform (network: PyPI)."""
    target = BUILD / "layers" / function
    shutil.rmtree(target, ignore_errors=True)
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--group", function, "--target", str(target / "python"),
        "--platform", PLATFORM, "--python-version", PYTHON_VERSION, "--implementation", "cp",
        "--only-binary=:all:", "--no-compile",  # .pyc would be for this Python, not 3.12
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT)
    return target


if __name__ == "__main__":
    for name in deployed_functions():
        print(f"layer {name}: {build_layer(name).relative_to(ROOT)}")
