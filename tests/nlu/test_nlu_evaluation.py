"""Intent accuracy on the held-out sets, as the running bot parses them (never trained on).

The model parses each held-out message exactly as the running bot does, so a message the
FallbackClassifier turns into ``nlu_fallback`` counts as the bot saw it (``rasa test nlu``
would instead score the intent ranked below the fallback). An on-topic message the bot asks
back about counts as wrong here, even when the right topic is among the buttons.
"""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from ask_amy.nlu import topic_choice
from testkit import nlu_sets

MIN_SHORT_ACCURACY = 0.95
MIN_OOS_RECALL = 0.95
MAX_WRONGLY_REJECTED = 0.03
MIN_REAL_STYLE_ON_TOPIC = 0.85


@pytest.fixture(scope="module")
def short() -> List[Dict[str, Any]]:
    rows = nlu_sets.short_set()
    return nlu_sets.score(rows, nlu_sets.parse_all([r["text"] for r in rows]))


@pytest.fixture(scope="module")
def real_style() -> List[Dict[str, Any]]:
    rows = nlu_sets.real_style_set()
    return nlu_sets.score(rows, nlu_sets.parse_all([r["text"] for r in rows]))


def errors(rows: List[Dict[str, Any]]) -> List[tuple]:
    return [(r["text"][:90], r["intent"], r["predicted"]) for r in rows if not r["right"]]


def test_short_held_out_intent_accuracy(short: List[Dict[str, Any]]) -> None:
    print(nlu_sets.summary("short held-out", short))
    assert len(short) >= 450
    assert nlu_sets.accuracy(short) >= MIN_SHORT_ACCURACY, errors(short)


def test_short_held_out_out_of_scope_recall(short: List[Dict[str, Any]]) -> None:
    oos = [r for r in short if r["intent"] == "out_of_scope"]
    assert len(oos) >= 45
    assert nlu_sets.accuracy(oos) >= MIN_OOS_RECALL, errors(oos)


def test_short_held_out_in_scope_messages_are_rarely_rejected(short: List[Dict[str, Any]]) -> None:
    in_scope = [r for r in short if r["intent"] != "out_of_scope"]
    rejected = [r for r in in_scope if r["predicted"] in nlu_sets.CAUGHT and not r["offered"]]
    assert len(rejected) / len(in_scope) <= MAX_WRONGLY_REJECTED, [r["text"] for r in rejected]


def test_every_intent_is_in_the_short_held_out_split(short: List[Dict[str, Any]]) -> None:
    import yaml

    # Intents only a button or the NLU's facts set (never the classifier); the journeys cover the latter.
    set_by_facts = {"choose_topic", topic_choice.INFORM_NEWS, topic_choice.REQUEST_UNAVAILABLE,
                    topic_choice.GIVE_FEEDBACK}
    intents = set(yaml.safe_load((nlu_sets.ROOT / "domain.yml").read_text())["intents"]) - set_by_facts
    assert intents <= {r["intent"] for r in short}


def test_real_style_on_topic_accuracy(real_style: List[Dict[str, Any]]) -> None:
    print(nlu_sets.summary("real-style held-out", real_style))
    on_topic = [r for r in real_style if r["intent"] != "out_of_scope"]
    assert len(on_topic) >= 300
    assert nlu_sets.accuracy(real_style, on_topic=True) >= MIN_REAL_STYLE_ON_TOPIC, errors(on_topic)
