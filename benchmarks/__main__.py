"""`make bench`: run every benchmark in turn (or the ones named: `python -m benchmarks ingest api_reads`)."""

import sys

from benchmarks import api_reads, cold_start, embed_token, ingest, voice_load, web_calls

BENCHMARKS = {
    "cold_start": cold_start.main,
    "ingest": ingest.main,
    "api_reads": api_reads.main,
    "embed_token": embed_token.main,
    "web_calls": web_calls.main,
    "voice_load": voice_load.main,
}

for name in sys.argv[1:] or BENCHMARKS:
    BENCHMARKS[name]()
