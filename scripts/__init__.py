"""Command-line helpers for Ask Amy: benchmarks, load tests, service and data checks."""
