"""Tests for ask_amy.nlu.component with real Rasa SpacyNLP + SpacyTokenizer (offline)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from ask_amy.build.spacy_pipeline import build_pipeline
from ask_amy.nlu.component import InterviewFactsExtractor
from ask_amy.paths import ROOT

REPO_ROOT = ROOT
TODAY = "2024-06-13"  # a Thursday


@pytest.fixture(scope="module")
def pipeline_path(tmp_path_factory) -> Path:
    built = REPO_ROOT / "build" / "spacy-en-amy"
    if (built / "config.cfg").exists():
        return built
    return build_pipeline(tmp_path_factory.mktemp("spacy") / "spacy-en-amy")


@pytest.fixture(scope="module")
def graph_args(tmp_path_factory) -> Dict[str, Any]:
    return {
        "model_storage": LocalModelStorage(tmp_path_factory.mktemp("model_storage")),
        "resource": Resource("amy_test"),
        "execution_context": ExecutionContext(GraphSchema({}), "amy_test"),
    }


@pytest.fixture(scope="module")
def spacy_nlp(pipeline_path, graph_args) -> SpacyNLP:
    return SpacyNLP.create(
        {**SpacyNLP.get_default_config(), "model": str(pipeline_path)}, **graph_args
    )


@pytest.fixture(scope="module")
def spacy_model(spacy_nlp) -> SpacyModel:
    return spacy_nlp.provide()


@pytest.fixture(scope="module")
def tokenizer(graph_args) -> SpacyTokenizer:
    return SpacyTokenizer.create(SpacyTokenizer.get_default_config(), **graph_args)


@pytest.fixture(scope="module")
def extractor(graph_args) -> InterviewFactsExtractor:
    config = {**InterviewFactsExtractor.get_default_config(), "reference_date": TODAY}
    return InterviewFactsExtractor.create(config, **graph_args)


def run(
    text: Optional[str],
    spacy_nlp: SpacyNLP,
    spacy_model: SpacyModel,
    tokenizer: SpacyTokenizer,
    extractor: InterviewFactsExtractor,
    extra: Optional[Dict[str, Any]] = None,
) -> Message:
    message = Message(data={TEXT: text, **(extra or {})})
    spacy_nlp.process([message], spacy_model)
    tokenizer.process([message])
    extractor.process([message], spacy_model)
    return message


def entity_pairs(message: Message) -> List[tuple]:
    return [(e["entity"], e["value"]) for e in message.get(ENTITIES, [])]


@pytest.fixture()
def parse(spacy_nlp, spacy_model, tokenizer, extractor):
    def _parse(text: Optional[str], **extra: Any) -> Message:
        return run(text, spacy_nlp, spacy_model, tokenizer, extractor, extra)

    return _parse


# --------------------------------------------------------------------------- facts


def test_entities_are_added_with_extractor_name(parse) -> None:
    text = "It's been three weeks since my interview and I got an offer from Google"
    message = parse(text)
    entities = message.get(ENTITIES)
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("wait_days", 21),
        ("competing_offer", "yes"),
    ]
    for entity in entities:
        assert entity["extractor"] == "InterviewFactsExtractor"
        assert entity["confidence"] == 1.0
    assert text[entities[0]["start"]:entities[0]["end"]] == "three weeks"
    # the doc Rasa put on the message is lower-cased; values still come from the text
    assert message.get(SPACY_DOCS[TEXT]).text == text.lower()
    assert "entities" in message.as_dict(only_output_properties=True)


def test_original_capitalisation_of_names(parse) -> None:
    message = parse("Change the name to Priya Patel")
    assert entity_pairs(message) == [("recipient_name", "Priya Patel")]


def test_existing_entities_are_kept(parse) -> None:
    other = {"entity": "foo", "value": "bar", "start": 0, "end": 1, "extractor": "X"}
    message = parse("I never sent a thank you", entities=[other])
    assert message.get(ENTITIES)[0] == other
    assert entity_pairs(message)[1:] == [("thank_you_sent", "no")]


def test_bluff_question_gives_no_offer(parse) -> None:
    message = parse("should I tell them I have another offer even though I don't")
    assert entity_pairs(message) == []


def test_normal_message_keeps_intent(parse) -> None:
    intent = {"name": "ask_wait_or_reach_out", "confidence": 0.9}
    message = parse("I interviewed 10 days ago", intent=intent, intent_ranking=[intent])
    assert message.get(INTENT) == intent
    assert entity_pairs(message) == [("wait_days", 10)]


def test_reference_date_and_default_today(graph_args, spacy_nlp, spacy_model, tokenizer) -> None:
    text = "I haven't heard back since Tuesday"
    fixed = InterviewFactsExtractor.create(
        {"reference_date": "2024-06-17"}, **graph_args  # a Monday
    )
    message = run(text, spacy_nlp, spacy_model, tokenizer, fixed)
    assert entity_pairs(message) == [("wait_days", 6)]

    default = InterviewFactsExtractor.create(
        InterviewFactsExtractor.get_default_config(), **graph_args
    )
    assert default.today() == dt.date.today()
    expected = (dt.date.today().weekday() - 1) % 7 or 7
    message = run(text, spacy_nlp, spacy_model, tokenizer, default)
    assert entity_pairs(message) == [("wait_days", expected)]


# ------------------------------------------------------------------ input problems


@pytest.mark.parametrize(
    "text, problem",
    [
        ("asdfgh qwerty zzxxcc", "gibberish"),
        ("jjjjjjj", "gibberish"),
        ("¿Cuánto tiempo debo esperar después de la entrevista?", "non_english"),
        ("我应该等多久？", "non_english"),
        ("???", "empty"),
        ("😀😀", "empty"),
        ("   ", "empty"),
        ("", "empty"),
    ],
)
def test_input_problem_forces_fallback(parse, text: str, problem: str) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
        {"name": "deny", "confidence": 0.1},
    ]
    message = parse(text, intent=dict(ranking[0]), intent_ranking=[dict(r) for r in ranking])
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) == [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "greet", "confidence": 0.2},
        {"name": "deny", "confidence": 0.1},
    ]
    problems = [e for e in message.get(ENTITIES) if e["entity"] == "input_problem"]
    assert [(e["value"], e["extractor"]) for e in problems] == [
        (problem, "InterviewFactsExtractor")
    ]
    output = message.as_dict(only_output_properties=True)
    assert output[INTENT]["name"] == "nlu_fallback"


def test_input_problem_without_previous_intent(parse) -> None:
    message = parse("qwertyuiop")
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) == [{"name": "nlu_fallback", "confidence": 1.0}]


def test_flag_input_problems_can_be_disabled(graph_args, spacy_nlp, spacy_model, tokenizer):
    quiet = InterviewFactsExtractor.create({"flag_input_problems": False}, **graph_args)
    message = run("asdfgh qwerty", spacy_nlp, spacy_model, tokenizer, quiet)
    assert message.get(INTENT) is None
    assert not message.get(ENTITIES)


# ------------------------------------------------------------------ robustness


def test_missing_doc_is_parsed_from_text(extractor, spacy_model) -> None:
    message = Message(data={TEXT: "It has been 2 weeks since my interview"})
    extractor.process([message], spacy_model)
    assert entity_pairs(message) == [("wait_days", 14)]


def test_missing_doc_and_model_never_raises(extractor) -> None:
    message = Message(data={TEXT: "It has been 2 weeks since my interview"})
    extractor.process([message])
    assert entity_pairs(message) == []
    message = Message(data={TEXT: "asdfgh qwerty"})
    extractor.process([message], None)
    assert entity_pairs(message) == [("input_problem", "gibberish")]


@pytest.mark.parametrize("data", [{}, {TEXT: None}, {TEXT: 42}, {TEXT: "\n"}])
def test_odd_messages_never_raise(extractor, spacy_model, data) -> None:
    message = Message(data=dict(data))
    extractor.process([message], spacy_model)
    assert entity_pairs(message) == [("input_problem", "empty")]


def test_doc_with_different_length_is_reparsed(extractor, spacy_model) -> None:
    # "İ".lower() is two characters long, so the lower-cased doc cannot be used
    text = "İt's been three weeks since my interview at İstanbul Labs"
    message = Message(data={TEXT: text})
    message.set(SPACY_DOCS[TEXT], spacy_model.model(text.lower()))
    extractor.process([message], spacy_model)
    entities = message.get(ENTITIES)
    assert [(e["entity"], e["value"]) for e in entities] == [("wait_days", 21)]
    assert text[entities[0]["start"]:entities[0]["end"]] == "three weeks"


def test_errors_are_swallowed(extractor, spacy_model, monkeypatch) -> None:
    import ask_amy.nlu.component as component

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(component, "extract_facts", boom)
    message = Message(data={TEXT: "three weeks since my interview"})
    assert extractor.process([message], spacy_model) == [message]


# ------------------------------------------------------------------ registration


def test_registered_as_entity_extractor_using_spacy_model() -> None:
    registered = DefaultV1Recipe._from_registry("InterviewFactsExtractor")
    assert registered.clazz is InterviewFactsExtractor
    assert DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR in registered.types
    assert registered.is_trainable is False
    assert registered.model_from == "SpacyNLP"
    assert InterviewFactsExtractor.required_components() == [SpacyNLP]


# ------------------------------------------------------------------ end to end


def test_end_to_end_train_and_parse(tmp_path, pipeline_path, monkeypatch) -> None:
    """Train a tiny NLU model with the real components and parse through rasa.core.agent."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    (tmp_path / "config.yml").write_text(
        f"""recipe: default.v1
language: en
assistant_id: amy-test
pipeline:
  - name: SpacyNLP
    model: {pipeline_path}
  - name: SpacyTokenizer
  - name: CountVectorsFeaturizer
  - name: ask_amy.nlu.intent_classifier.LinearIntentClassifier
  - name: FallbackClassifier
    threshold: 0.3
  - name: ask_amy.nlu.component.InterviewFactsExtractor
policies: []
"""
    )
    (tmp_path / "nlu.yml").write_text(
        """version: "3.1"
nlu:
- intent: ask_wait_or_reach_out
  examples: |
    - it's been three weeks since my interview
    - I interviewed 10 days ago and haven't heard back
    - should I follow up now
- intent: inform_competing_offer
  examples: |
    - I got an offer from another company
    - another company offered me a job
    - I have a competing offer
- intent: greet
  examples: |
    - hi
    - hello there
"""
    )
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "false")
    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(tmp_path / "cache"))  # not the repo's .rasa/
    model_path = train_nlu(
        config=str(tmp_path / "config.yml"),
        nlu_data=str(tmp_path / "nlu.yml"),
        output=str(tmp_path / "models"),
        fixed_model_name="amy-test",
    )
    assert model_path and Path(model_path).exists()
    agent = Agent.load(model_path)

    async def parse_all() -> List[Dict[str, Any]]:
        return [
            await agent.parse_message(text)
            for text in (
                "It's been almost a month and I got an offer from another company",
                "asdfgh qwerty zzxxcc",
                "",
            )
        ]

    offer, mash, empty = asyncio.run(parse_all())
    assert [(e["entity"], e["value"]) for e in offer["entities"]] == [
        ("wait_days", 29),
        ("competing_offer", "yes"),
    ]
    assert all(e["extractor"] == "InterviewFactsExtractor" for e in offer["entities"])
    assert mash["intent"]["name"] == "nlu_fallback"
    assert [(e["entity"], e["value"]) for e in mash["entities"]] == [
        ("input_problem", "gibberish")
    ]
    assert empty["intent"]["name"] == "nlu_fallback"
    assert [(e["entity"], e["value"]) for e in empty["entities"]] == [
        ("input_problem", "empty")
    ]


def test_build_script_is_idempotent(tmp_path, capsys) -> None:
    import spacy

    from ask_amy.build.spacy_pipeline import main

    target = tmp_path / "spacy-en-amy"
    assert main([str(target)]) == 0
    assert main([str(target)]) == 0
    out = capsys.readouterr().out
    assert out.count(f"Wrote spaCy pipeline to {target}") == 2
    assert "lemmatizer/lookups/lookups.bin" in out
    nlp = spacy.load(target)
    assert nlp.pipe_names == ["lemmatizer"]
    assert [t.lemma_ for t in nlp("they offered me jobs for weeks")] == [
        "they", "offer", "me", "job", "for", "week"
    ]


# ------------------------------------------------------------- low-confidence fallback


def fallback_ranking(*pairs: Any) -> Dict[str, Any]:
    """The FallbackClassifier's output over ``pairs`` of (intent, confidence)."""
    pairs = pairs or (("out_of_scope", 0.4), ("ask_wait_or_reach_out", 0.39), ("ask_call_or_email", 0.2))
    fallback = {"name": "nlu_fallback", "confidence": 0.45}
    return {"intent": fallback,
            "intent_ranking": [fallback] + [{"name": n, "confidence": c} for n, c in pairs]}


def test_interview_fact_restores_the_best_topic_intent(parse) -> None:
    message = parse(
        "that was three weeks ago and nothing since, should I wait or call?", **fallback_ranking()
    )
    assert message.get(INTENT) == {"name": "ask_wait_or_reach_out", "confidence": 0.39}


def test_without_evidence_the_fallback_stays(parse) -> None:
    ranking = fallback_ranking(
        ("out_of_scope", 0.44), ("ask_wait_or_reach_out", 0.3), ("ask_call_or_email", 0.1))
    message = parse("should I wait or call?", **ranking)
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert not [e for e in message.get("entities") or [] if e["entity"] == "topic_choices"]


def test_most_weight_on_the_topics_is_evidence_enough(parse) -> None:
    message = parse("should I wait or call?", **fallback_ranking())
    assert message.get(INTENT) == {"name": "ask_wait_or_reach_out", "confidence": 0.39}


def test_an_on_topic_message_split_between_topics_gets_choices(parse) -> None:
    ranking = fallback_ranking(
        ("ask_what_to_write", 0.3), ("ask_wait_or_reach_out", 0.28), ("out_of_scope", 0.2))
    message = parse("my interview, hmm", **ranking)
    assert message.get(INTENT)["name"] == "nlu_fallback"
    choices = [e["value"] for e in message.get("entities") if e["entity"] == "topic_choices"]
    assert choices == ["ask_what_to_write,ask_wait_or_reach_out"]


def test_a_confident_intent_is_not_changed_by_facts(parse) -> None:
    intent = {"name": "ask_keep_searching", "confidence": 0.8}
    message = parse("it's been three weeks, should I keep applying?", intent=intent,
                    intent_ranking=[intent, {"name": "ask_wait_or_reach_out", "confidence": 0.1}])
    assert message.get(INTENT) == intent
