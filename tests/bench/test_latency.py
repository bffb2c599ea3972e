"""The latency report: medians over rounds and the p95 ratio (no servers: figures given)."""

from __future__ import annotations

from bench.latency import report


def figures(p50: float, p95: float) -> dict:
    return {"p50_ms": p50, "p95_ms": p95, "memory_mb": 700.0, "ready_s": 5.0}


def test_medians_and_the_ratio_of_each_round() -> None:
    text = report({
        "Ask Amy": [figures(20, 30), figures(18, 40), figures(25, 20)],
        "Rasa default": [figures(30, 60), figures(28, 50), figures(26, 40)],
    })
    assert "| REST p95 | 30.0 ms | 50.0 ms | 0.60 |" in text
    assert "| REST p50 | 20.0 ms | 28.0 ms | 0.71 |" in text
    assert "p95 ratio per round: 0.50, 0.50, 0.80" in text


def test_the_given_models_are_measured_in_alternating_rounds_and_none_is_trained(
    monkeypatch, tmp_path
) -> None:
    from pathlib import Path

    from bench import latency

    class Actions:
        url = "http://127.0.0.1:1"
        stopped = False

        def stop(self) -> None:
            Actions.stopped = True

    served = []

    def serve(model: Path, endpoints: Path, workdir: Path, messages: int) -> dict:
        served.append((model.name, messages))
        return figures(10.0, 20.0)

    def no_training(workdir: Path) -> Path:
        raise AssertionError("make bench passes the models it trained: nothing to train here")

    monkeypatch.setattr(latency, "serve_and_measure", serve)
    monkeypatch.setattr(latency, "default_model", no_training)
    monkeypatch.setattr(latency, "start_action_server", lambda workdir: Actions())
    monkeypatch.setattr(latency, "write_endpoints", lambda workdir, url: tmp_path / "endpoints.yml")
    models = {"Ask Amy": tmp_path / "ours.tar.gz", "Rasa default": tmp_path / "theirs.tar.gz"}
    results = latency.measure(2, 7, models)
    assert served == [("ours.tar.gz", 7), ("theirs.tar.gz", 7)] * 2
    assert [len(rounds) for rounds in results.values()] == [2, 2] and Actions.stopped
