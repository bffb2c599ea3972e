"""Intent accuracy and out-of-scope recall on the held-out split (never trained on).

The model parses each held-out message exactly as the running bot does, so a message
the FallbackClassifier turns into ``nlu_fallback`` counts as the bot saw it (``rasa test
nlu`` would instead score the intent ranked below the fallback).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Dict, List

import pytest

from tests.live_servers import MODEL, ROOT

MIN_ACCURACY = 0.95
MIN_OOS_RECALL = 0.95
CAUGHT = {"out_of_scope", "nlu_fallback"}


@pytest.fixture(scope="module")
def predictions() -> List[Dict[str, str]]:
    from rasa.core.agent import load_agent
    from rasa.shared.nlu.training_data.loading import load_data

    logging.getLogger("rasa").setLevel(logging.WARNING)
    examples = load_data(str(ROOT / "tests" / "nlu")).intent_examples

    async def parse_all() -> List[Dict[str, str]]:
        agent = await load_agent(str(MODEL))
        results = []
        for example in examples:
            parsed = await agent.parse_message(example.get("text"))
            results.append({"text": example.get("text"), "intent": example.get("intent"),
                            "predicted": parsed["intent"]["name"]})
        return results

    return asyncio.run(parse_all())


def is_right(p: Dict[str, str]) -> bool:
    """Correct intent, or an out-of-scope message caught by either catch-all."""
    return p["predicted"] == p["intent"] or (p["intent"] == "out_of_scope" and p["predicted"] in CAUGHT)


def test_held_out_intent_accuracy(predictions: List[Dict[str, str]]) -> None:
    accuracy = sum(map(is_right, predictions)) / len(predictions)
    errors = [(p["text"], p["intent"], p["predicted"]) for p in predictions if not is_right(p)]
    print(f"held-out intent accuracy {accuracy:.3f} on {len(predictions)} examples")
    assert len(predictions) >= 300
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.3f}; errors: {errors}"


def test_held_out_out_of_scope_recall(predictions: List[Dict[str, str]]) -> None:
    oos = [p for p in predictions if p["intent"] == "out_of_scope"]
    recall = sum(p["predicted"] in CAUGHT for p in oos) / len(oos)
    missed = [(p["text"], p["predicted"]) for p in oos if p["predicted"] not in CAUGHT]
    print(f"held-out out-of-scope recall {recall:.3f} on {len(oos)} examples")
    assert len(oos) >= 40
    assert recall >= MIN_OOS_RECALL, f"recall {recall:.3f}; missed: {missed}"


def test_every_intent_is_in_the_held_out_split(predictions: List[Dict[str, str]]) -> None:
    import yaml

    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    assert intents <= {p["intent"] for p in predictions}
