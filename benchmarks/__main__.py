"""`make bench`: run every benchmark in turn (or the ones named: `python -m benchmarks ingest`)."""

import sys

from benchmarks import cold_start, ingest

BENCHMARKS = {"cold_start": cold_start.main, "ingest": ingest.main}

for name in sys.argv[1:] or BENCHMARKS:
    BENCHMARKS[name]()
