"""What a customer's page pays for the SDK, and the constructs a strict Content-Security-Policy refuses.

The behaviour itself is tested in a real browser (`tests/browser/`)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from local_platform.provision import DEMO_EMBED_ID

SDK = Path(__file__).resolve().parents[2] / "sdk"
LOADED = ("vocadesk.js", "vocadesk-worklet.js")  # everything a page loads for a call
BUDGET_BYTES = 15 * 1024


def gzipped(name: str) -> int:
    return len(gzip.compress((SDK / name).read_bytes(), compresslevel=9))


def test_what_a_page_loads_fits_in_15_kb_gzipped():
    sizes = {name: gzipped(name) for name in LOADED}

    assert sum(sizes.values()) <= BUDGET_BYTES, sizes


@pytest.mark.parametrize("name", LOADED)
@pytest.mark.parametrize(
    "construct",
    [
        r"\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write",  # HTML parsing (Trusted Types)
        r"\beval\(|new Function\(|setTimeout\(\s*['\"`]",  # script-src 'unsafe-eval'
        r"setAttribute\(\s*['\"]style|\.style\.|\.cssText",  # inline styles (style-src)
        r"\bblob:|createObjectURL",  # worklets from blobs (script-src blob:)
        r"\bimport\(|\brequire\(",  # no module loader, no dependencies
    ],
)
def test_no_construct_a_strict_csp_refuses(name, construct):
    source = (SDK / name).read_text()

    assert not re.search(construct, source), f"{name} uses {construct}"


def test_the_demo_page_defaults_to_the_seeded_demo_embed():
    assert f"'{DEMO_EMBED_ID}'" in (SDK / "demo.html").read_text()
