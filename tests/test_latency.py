"""The latency report: medians over rounds and the p95 ratio (no servers: figures given)."""

from __future__ import annotations

from scripts.latency import report


def figures(p50: float, p95: float) -> dict:
    return {"p50_ms": p50, "p95_ms": p95, "peak_mb": 700.0, "ready_s": 5.0}


def test_medians_and_the_ratio_of_each_round() -> None:
    text = report({
        "Ask Amy": [figures(20, 30), figures(18, 40), figures(25, 20)],
        "Rasa default": [figures(30, 60), figures(28, 50), figures(26, 40)],
    })
    assert "| REST p95 | 30.0 ms | 50.0 ms | 0.60 |" in text
    assert "| REST p50 | 20.0 ms | 28.0 ms | 0.71 |" in text
    assert "p95 ratio per round: 0.50, 0.50, 0.80" in text
