"""The stack, synthesized once per test run and shared by every test (and every xdist worker) in this folder.

Synth takes seconds (jsii starts Node and loads aws-cdk-lib), so the first worker to take the lock writes the
cloud assembly and the others read it. Tests assert on the template and the staged assets, never on hashed
logical ids.
"""

from __future__ import annotations

import fcntl
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# First: sets the jsii banner variable before anything imports aws_cdk (which starts Node).
from infra_cdk.app import build

if TYPE_CHECKING:
    from aws_cdk.assertions import Template

HERE = Path(__file__).parent
CONTEXT = {
    "stage": "test",
    "certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
    "voiceDomain": "voice.test.example",
    "realtimeModel": "gpt-realtime-test",  # a plain runtime setting, passed through
}
STACK_NAME = "Vocadesk-test"


@dataclass(frozen=True)
class Synthesized:
    template: Template
    raw: dict[str, Any]
    outdir: Path

    def resources(self, type_: str) -> dict[str, dict[str, Any]]:
        return {lid: r for lid, r in self.raw["Resources"].items() if r["Type"] == type_}

    def only(self, type_: str) -> dict[str, Any]:
        (resource,) = self.resources(type_).values()
        return resource["Properties"]

    @property
    def assets(self) -> dict[str, Any]:
        return json.loads((self.outdir / f"{STACK_NAME}.assets.json").read_text())

    def asset_path(self, function: dict[str, Any]) -> Path:
        """The staged directory of a Lambda's code asset (its S3 key is the asset's hash)."""
        asset_hash = function["Properties"]["Code"]["S3Key"].split(".")[0]
        return self.outdir / self.assets["files"][asset_hash]["source"]["path"]


def synthesize(outdir: Path) -> None:
    import aws_cdk as cdk

    app = cdk.App(outdir=str(outdir), context=CONTEXT)
    build(app)
    app.synth()


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Synthesized:
    # xdist's `worker_id`, read here so the folder also runs without xdist (`-p no:xdist`).
    worker_id = getattr(request.config, "workerinput", {}).get("workerid", "master")
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # the run's folder, shared by its workers
    outdir, done = shared / "cdk.out", shared / "cdk.out.done"
    with (shared / "cdk-synth.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            synthesize(outdir)
            done.touch()
    from aws_cdk.assertions import Template

    raw = json.loads((outdir / f"{STACK_NAME}.template.json").read_text())
    return Synthesized(template=Template.from_json(raw), raw=raw, outdir=outdir)


@pytest.fixture(scope="session")
def template(synthesized: Synthesized) -> Template:
    return synthesized.template


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents and {"synthesized", "template"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)  # Node + a synth: still in `make test` and CI
