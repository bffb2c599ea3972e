"""REST round trips of this bot and of Rasa's default pipeline, measured in one run, alternating.

Each round starts one model's Rasa server and times the bench's sequential conversation
(``bench.bench.serve_and_measure``: 200 messages in 13-message conversations, custom actions
included), then the other's; the rounds alternate so that drift on the machine falls on both.
Prints every round, the medians, and the ratio of the medians (the real-messages issue's target:
our p95 at most 0.8 times the default's). Uses models/ask-amy.tar.gz and
models/rasa-default.tar.gz (trained first if missing or older, as the capacity section does).

Run: ``python -m bench.bench --only latency [--rounds 5]``.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

from ask_amy.cli.stack import start_action_server, write_endpoints
from ask_amy.paths import ROOT
from bench.models import default_model, serve_and_measure


def measure(rounds: int, messages: int,
            models: Optional[Dict[str, Path]] = None) -> Dict[str, List[Dict[str, float]]]:
    """Alternate the two models ``rounds`` times; return each model's figures per round.

    ``models``: "Ask Amy" and "Rasa default" to their model files (``make bench`` passes the ones it
    trained); by default models/ask-amy.tar.gz and models/rasa-default.tar.gz.
    """
    with tempfile.TemporaryDirectory(prefix="ask-amy-latency-") as tmp:
        workdir = Path(tmp)
        if models is None:
            models = {"Ask Amy": ROOT / "models" / "ask-amy.tar.gz", "Rasa default": default_model(workdir)}
        actions = start_action_server(workdir)
        try:
            endpoints = write_endpoints(workdir, actions.url)
            results: Dict[str, List[Dict[str, float]]] = {name: [] for name in models}
            for round_number in range(1, rounds + 1):
                for name, model in models.items():
                    figures = serve_and_measure(model, endpoints, workdir, messages)
                    results[name].append(figures)
                    print(f"  round {round_number}, {name}: p50 {figures['p50_ms']:.1f} ms, "
                          f"p95 {figures['p95_ms']:.1f} ms, memory {figures['memory_mb']:.0f} MB", flush=True)
            return results
        finally:
            actions.stop()


def report(results: Dict[str, List[Dict[str, float]]]) -> str:
    """Return the medians over the rounds, side by side, and the p95 ratio of each round."""
    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    lines = ["| measure (median of the rounds) | Ask Amy | Rasa default (DIET + TED) | ours / default |",
             "|---|---|---|---|"]
    measures = (("REST p50", "p50_ms", "ms"), ("REST p95", "p95_ms", "ms"),
                ("server memory (USS)", "memory_mb", "MB"), ("time until it answers", "ready_s", "s"))
    for label, key, unit in measures:
        ours, theirs = median("Ask Amy", key), median("Rasa default", key)
        lines.append(f"| {label} | {ours:.1f} {unit} | {theirs:.1f} {unit} | {ours / theirs:.2f} |")
    ratios = sorted(a["p95_ms"] / b["p95_ms"] for a, b in zip(results["Ask Amy"], results["Rasa default"],
                                                                strict=True))
    lines.append(f"\np95 ratio per round: {', '.join(f'{r:.2f}' for r in ratios)} (target: at most 0.8)")
    return "\n".join(lines)


def main(rounds: int = 5, messages: int = 200, models: Optional[Dict[str, Path]] = None) -> int:
    """Measure and print the report."""
    print(f"\n## REST round trips, Ask Amy and Rasa's default alternating ({rounds} rounds of "
          f"{messages} messages each; about {rounds} min)\n", flush=True)
    print(report(measure(rounds, messages, models)), flush=True)
    return 0
