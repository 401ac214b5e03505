"""The dashboard's build output (`make dashboard`, run by `make test`): what a first visit downloads stays
within the issue's budget, and the build is what the gateway and the CDK stack serve."""

import gzip
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dashboard_static" / "dist"
INITIAL_JS_BUDGET = 150 * 1024  # gzipped bytes, issue 9


@pytest.fixture(scope="module")
def index_html() -> str:
    if not (DIST / "index.html").exists():
        pytest.fail("dashboard_static/dist is missing: `make test` builds it (make dashboard)")
    return (DIST / "index.html").read_text()


def initial_scripts(index_html: str) -> list[Path]:
    """The entry module and everything index.html preloads: what loads before the first screen shows."""
    entry = re.findall(r'<script type="module"[^>]* src="/([^"]+)"', index_html)
    preloads = re.findall(r'<link rel="modulepreload"[^>]* href="/([^"]+)"', index_html)
    return [DIST / path for path in entry + preloads]


def test_the_initial_javascript_fits_the_budget(index_html):
    scripts = initial_scripts(index_html)
    assert scripts and all(path.exists() for path in scripts), scripts
    gzipped = sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in scripts)
    assert gzipped <= INITIAL_JS_BUDGET, f"initial JS is {gzipped / 1024:.1f} KiB gzipped"


def test_screens_load_on_demand_not_up_front(index_html):
    # Each screen is its own chunk, fetched on first visit: the entry does not carry them.
    chunks = {path.name for path in (DIST / "assets").glob("*.js")}
    initial = {path.name for path in initial_scripts(index_html)}
    for screen in ("AgentEditorPage", "CallPage", "UsagePage"):
        assert any(name.startswith(screen) for name in chunks - initial), screen
