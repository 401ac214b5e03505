"""Cold-start import time of each Lambda handler module, each in a fresh interpreter (what a cold start pays).

Reports the median and worst of several runs, from `python -X importtime` (the module's cumulative
import time), so heavy SDK imports that creep into a handler show up here first.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys

from benchmarks.report import save, table

HANDLERS = ("functions.management.handler", "functions.event_ingest.handler")
RUNS = 7


def import_ms(module: str) -> float:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, check=True
    )
    # Lines: "import time: self [us] | cumulative | imported package"; the last one is `module` itself.
    for line in reversed(result.stderr.splitlines()):
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s*(\S+)$", line)
        if match and match.group(2) == module:
            return int(match.group(1)) / 1000
    raise RuntimeError(f"no import time reported for {module}")


def run() -> list[dict[str, object]]:
    rows = []
    for module in HANDLERS:
        import_ms(module)  # warm the bytecode cache; a deployed package ships compiled files
        samples = [import_ms(module) for _ in range(RUNS)]
        rows.append({"handler": module, "median_ms": statistics.median(samples), "max_ms": max(samples), "runs": RUNS})
    return rows


def main() -> None:
    rows = run()
    print(table("Lambda handler import time (cold start share)", rows))
    print(f"results: {save('cold_start', rows)}")


if __name__ == "__main__":
    main()
