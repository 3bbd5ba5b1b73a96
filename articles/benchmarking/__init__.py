"""Benchmarks: synthetic corpora and timed runs of the real services (not tests)."""
