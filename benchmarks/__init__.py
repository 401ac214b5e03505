"""Benchmarks: `make bench` runs them all, prints a table per benchmark and writes JSON to benchmarks/results/."""
