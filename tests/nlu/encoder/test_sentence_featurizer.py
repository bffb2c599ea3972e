"""The cascade: which messages the sentence featurizer encodes, and what it adds."""

from __future__ import annotations

from typing import List, Optional, Tuple

import pytest
from rasa.shared.nlu.training_data.message import Message

from ask_amy.nlu.encoder.sentence_featurizer import SentenceVectorFeaturizer, sentence_vector
from ask_amy.paths import ROOT

SMALL_TALK = ["greet", "goodbye", "thank_you"]


@pytest.fixture(scope="module")
def featurizer() -> SentenceVectorFeaturizer:
    config = {"model_dir": str(ROOT / "build" / "minilm"), "small_talk_intents": SMALL_TALK}
    return SentenceVectorFeaturizer(config, "featurizer")


def parsed(text: str, ranking: Optional[List[Tuple[str, float]]] = None) -> Message:
    """A message as the sparse classifier leaves it."""
    message = Message(data={"text": text})
    if ranking:
        message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
        message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    return message


def test_long_messages_are_always_encoded(featurizer: SentenceVectorFeaturizer) -> None:
    story = "My panel interview was two weeks ago and they said I would hear by Friday. " * 2
    assert featurizer.needs_vector(parsed(story, [("thank_you", 0.99), ("goodbye", 0.01)]))


def test_short_messages_the_sparse_classifier_is_sure_of_are_not(featurizer) -> None:
    assert not featurizer.needs_vector(parsed("should I call or email?", [("ask_call_or_email", 0.95)]))


def test_short_unsure_messages_are_encoded(featurizer: SentenceVectorFeaturizer) -> None:
    message = parsed("so do I ring them", [("ask_call_or_email", 0.5), ("ask_wait_or_reach_out", 0.3)])
    assert featurizer.needs_vector(message)


def test_hesitating_between_two_small_talk_intents_skips_the_encoder(featurizer) -> None:
    assert not featurizer.needs_vector(parsed("thanks, bye", [("thank_you", 0.59), ("goodbye", 0.4)]))


def test_small_talk_against_a_topic_is_still_encoded(featurizer: SentenceVectorFeaturizer) -> None:
    message = parsed("thanks but what now", [("thank_you", 0.5), ("ask_wait_or_reach_out", 0.4)])
    assert featurizer.needs_vector(message)


def test_no_small_talk_setting_encodes_every_unsure_message() -> None:
    plain = SentenceVectorFeaturizer({"model_dir": str(ROOT / "build" / "minilm")}, "plain")
    assert plain.needs_vector(parsed("thanks, bye", [("thank_you", 0.59), ("goodbye", 0.4)]))


def test_process_adds_a_unit_vector_only_where_needed(featurizer: SentenceVectorFeaturizer) -> None:
    unsure = parsed("so do I ring them", [("ask_call_or_email", 0.5), ("ask_wait_or_reach_out", 0.3)])
    sure = parsed("hello", [("greet", 0.99)])
    empty = parsed("   ")
    featurizer.process([unsure, sure, empty])
    vector = sentence_vector(unsure)
    assert vector is not None and abs(float(vector @ vector) - 1.0) < 1e-5
    assert sentence_vector(sure) is None and sentence_vector(empty) is None
