"""Intent accuracy and out-of-scope recall on the held-out split (never trained on)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.live_servers import MODEL
from tests.rasa_cli import rasa

MIN_ACCURACY = 0.95
MIN_OOS_RECALL = 0.95
CAUGHT = {"out_of_scope", "nlu_fallback"}


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("nlu-eval")
    result = rasa("test", "nlu", "--model", str(MODEL), "--nlu", "tests/nlu", "--out", str(out),
                  "--no-plot", "--successes")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    predictions = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = Path(out) / name
        if path.exists():
            predictions += json.loads(path.read_text())
    return {"predictions": predictions, "report": json.loads((Path(out) / "intent_report.json").read_text())}


def test_held_out_intent_accuracy(evaluation: dict) -> None:
    predictions = evaluation["predictions"]
    correct = sum(
        p["intent"] == p["intent_prediction"]["name"]
        or (p["intent"] == "out_of_scope" and p["intent_prediction"]["name"] in CAUGHT)
        for p in predictions
    )
    accuracy = correct / len(predictions)
    errors = [(p["text"], p["intent"], p["intent_prediction"]["name"]) for p in predictions
              if p["intent"] != p["intent_prediction"]["name"]]
    print(f"held-out intent accuracy {accuracy:.3f} on {len(predictions)} examples")
    assert len(predictions) >= 300
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.3f}; errors: {errors[:40]}"


def test_held_out_out_of_scope_recall(evaluation: dict) -> None:
    oos = [p for p in evaluation["predictions"] if p["intent"] == "out_of_scope"]
    caught = sum(p["intent_prediction"]["name"] in CAUGHT for p in oos)
    recall = caught / len(oos)
    print(f"held-out out-of-scope recall {recall:.3f} on {len(oos)} examples")
    missed = [(p["text"], p["intent_prediction"]["name"]) for p in oos if p["intent_prediction"]["name"] not in CAUGHT]
    assert len(oos) >= 40
    assert recall >= MIN_OOS_RECALL, f"recall {recall:.3f}; missed: {missed}"
