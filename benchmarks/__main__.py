"""`make bench`: run every benchmark in turn."""

from benchmarks import cold_start

cold_start.main()
