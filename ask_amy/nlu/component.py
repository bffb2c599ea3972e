"""Rasa 3.6 graph component wrapping :mod:`ask_amy.nlu.facts` and :mod:`ask_amy.nlu.input_quality`.

Use it in ``config.yml`` after the intent classifier and the ``FallbackClassifier``::

    pipeline:
      - name: SpacyNLP
        model: build/spacy-en-amy
      - name: SpacyTokenizer
      - ...featurizers / intent classifier...
      - name: FallbackClassifier
        threshold: 0.5
      - name: ask_amy.nlu.component.InterviewFactsExtractor

For every message it

* reads the spaCy ``Doc`` that ``SpacyNLP`` stored on the message
  (``message.get(SPACY_DOCS[TEXT])``; parsed again from the text only if it is missing or
  its length differs from the text), runs :func:`ask_amy.nlu.facts.extract_facts` and appends
  the entities (with ``"extractor": "InterviewFactsExtractor"``) to ``entities``;
* runs :func:`ask_amy.nlu.input_quality.classify_input`; for ``"empty"``, ``"gibberish"`` or
  ``"non_english"`` it forces the intent to ``nlu_fallback`` (confidence 1.0, also first
  in ``intent_ranking``) and adds an ``input_problem`` entity with that value.

``process`` never raises: any unexpected error is logged and the message is left as is.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any, Dict, List, Optional, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from ask_amy.nlu import topic_choice
from ask_amy.nlu.facts import extract_facts
from ask_amy.nlu.input_quality import classify_input
from ask_amy.nlu.vocabulary import english_vocabulary, foreign_function_words

logger = logging.getLogger(__name__)

INPUT_PROBLEM_ENTITY = "input_problem"
# The topics to offer when the topic is unclear (comma-separated), and a message's second question.
TOPIC_CHOICES_ENTITY = "topic_choices"
ALSO_ASKED_ENTITY = "also_asked"


def whole_text_entity(kind: Text, value: Any, text: Text) -> Dict[Text, Any]:
    """Return an entity that covers the whole message (a finding about it, not a span in it)."""
    return {
        ENTITY_ATTRIBUTE_TYPE: kind,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: 0,
        ENTITY_ATTRIBUTE_END: len(text),
        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
    }


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
    model_from="SpacyNLP",
)
class InterviewFactsExtractor(GraphComponent, EntityExtractorMixin):
    """Rule-based extractor of interview facts plus unreadable-input detection."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """Components that must come earlier in the pipeline."""
        return [SpacyNLP]

    @staticmethod
    def required_packages() -> List[Text]:
        """Python packages this component needs."""
        return ["spacy"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default config.

        ``reference_date``: ISO date (``"2024-06-13"``) used as "today" for relative
        expressions such as "since Tuesday"; ``None`` means the real current date
        (evaluated per message).  Only meant for reproducible tests.
        ``flag_input_problems``: run the empty/gibberish/non-English check.
        """
        return {"reference_date": None, "flag_input_problems": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Create the component from its (merged) config."""
        self._config = {**self.get_default_config(), **(config or {})}
        reference = self._config.get("reference_date")
        self._reference_date: Optional[_dt.date] = None
        if reference:
            self._reference_date = (
                reference
                if isinstance(reference, _dt.date)
                else _dt.date.fromisoformat(str(reference))
            )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InterviewFactsExtractor":
        """Create a new component (see parent class for full docstring)."""
        component = cls(config)
        try:  # load the word lists now (~0.15 s) rather than on the first message
            english_vocabulary()
            foreign_function_words()
        except Exception:  # noqa: BLE001 - a missing data file must not stop the bot
            logger.exception("Could not preload the input-quality vocabulary.")
        return component

    def today(self) -> _dt.date:
        """Return the reference date for relative expressions (``reference_date`` or today)."""
        return self._reference_date or _dt.date.today()

    # ------------------------------------------------------------------ processing

    def process(
        self, messages: List[Message], model: Optional[SpacyModel] = None
    ) -> List[Message]:
        """Add interview-fact entities (and input problems) to each message.

        Args:
            messages: Messages already processed by ``SpacyNLP``/``SpacyTokenizer`` and
                the intent classifiers.
            model: The spaCy model provided by ``SpacyNLP`` (only used to parse a text
                whose doc is missing).

        Returns:
            The same messages, updated in place.

        """
        for message in messages:
            try:
                self._process_message(message, model)
            except Exception:  # noqa: BLE001 - a bad message must never break parsing
                logger.exception(
                    "InterviewFactsExtractor failed on a message; leaving it unchanged."
                )
        return messages

    def _process_message(self, message: Message, model: Optional[SpacyModel]) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str):
            text = ""
        doc = self._doc_for(message, text, model)

        new_entities: List[Dict[Text, Any]] = []
        if doc is not None and text.strip():
            new_entities.extend(extract_facts(doc, self.today(), text=text))

        problem = classify_input(text, doc) if self._config.get("flag_input_problems", True) else None
        routed = self._route_turn(message, new_entities) if problem is None else False
        if problem is None and not routed:
            new_entities.extend(self._choose_topic(message, text, new_entities))
        elif routed and len(text) >= topic_choice.DEFAULT_SETTINGS.long_message_chars:
            new_entities.extend(self._others_beside_news(message, text, new_entities))
        if problem is not None:
            self._force_fallback(message)
            new_entities.append(whole_text_entity(INPUT_PROBLEM_ENTITY, problem, text))

        if not new_entities:
            return
        for entity in new_entities:
            entity[EXTRACTOR] = self.name
        existing = list(message.get(ENTITIES) or [])
        message.set(ENTITIES, existing + new_entities, add_to_output=True)

    @staticmethod
    def _doc_for(message: Message, text: Text, model: Optional[SpacyModel]) -> Any:
        """Return the spaCy doc of the message text, parsing it only when really needed."""
        doc = message.get(SPACY_DOCS[TEXT])
        if doc is not None and len(doc.text) == len(text):
            return doc
        if not text.strip():
            return doc
        nlp = getattr(model, "model", None)
        if nlp is None:
            return doc
        # SpacyNLP lower-cases by default; lower-casing can change the length of some
        # non-ASCII strings, so we parse the original text (the rules are case-robust).
        return nlp(text)

    @staticmethod
    def _choose_topic(message: Message, text: Text, facts: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
        """Answer, or ask back about, an on-topic message the classifier was unsure of.

        See :mod:`ask_amy.nlu.topic_choice`: with evidence that the message is about the wait
        after an interview, a clear leader among the topics becomes the intent; otherwise
        the intent stays ``nlu_fallback`` and a ``topic_choices`` entity lists the topics to
        offer. A clear topic may also get an ``also_asked`` entity for its second question.
        """
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY) or ""
        ranking = [dict(r) for r in (message.get(INTENT_RANKING_KEY) or []) if isinstance(r, dict)]
        types = [e[ENTITY_ATTRIBUTE_TYPE] for e in facts]
        if name == "inform":  # a bare phrase: the form reads it; outside the form the bot asks back
            shown = topic_choice.states_the_domain(text, types)
            choices = topic_choice.choices_for_plain_answer(ranking) if shown else ()
            return [whole_text_entity(TOPIC_CHOICES_ENTITY, ",".join(choices), text)] if choices else []
        confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        evidence = topic_choice.has_evidence(text, types, ranking)
        decision = topic_choice.decide(name, confidence, ranking, evidence)
        if decision.kind == "clarify":
            fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                        PREDICTED_CONFIDENCE_KEY: confidence}
            message.set(INTENT, fallback, add_to_output=True)
            return [whole_text_entity(TOPIC_CHOICES_ENTITY, ",".join(decision.choices), text)]
        if decision.kind == "answer":
            chosen = next(r for r in ranking if r.get(INTENT_NAME_KEY) == decision.intent)
            message.set(INTENT, chosen, add_to_output=True)
            name = str(decision.intent)
        # a letter may ask three things: its main question is answered and two others offered
        most = 2 if len(text) >= topic_choice.DEFAULT_SETTINGS.long_message_chars else 1
        others = topic_choice.other_topics(name, ranking, types, most)
        return [whole_text_entity(ALSO_ASKED_ENTITY, ",".join(others), text)] if others else []

    @staticmethod
    def _others_beside_news(message: Message, text: Text,
                            facts: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
        """Offer a long message's likeliest topics beside the answer to its news."""
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY) or ""
        if name != topic_choice.INFORM_NEWS:
            return []
        ranking = [dict(r) for r in (message.get(INTENT_RANKING_KEY) or []) if isinstance(r, dict)]
        others = topic_choice.other_topics(name, ranking, [e[ENTITY_ATTRIBUTE_TYPE] for e in facts], 2)
        return [whole_text_entity(ALSO_ASKED_ENTITY, ",".join(others), text)] if others else []

    @staticmethod
    def _route_turn(message: Message, facts: List[Dict[Text, Any]]) -> bool:
        """Give news, what was done and requests the intent they call for (see ``route_turn``)."""
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY) or ""
        text = message.get(TEXT) or ""
        found = [(e[ENTITY_ATTRIBUTE_TYPE], e.get("value")) for e in facts]
        routed = topic_choice.route_turn(name, found, topic_choice.Cues.of(text))
        if routed is None:
            return False
        message.set(INTENT, {INTENT_NAME_KEY: routed, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
        return True

    @staticmethod
    def _force_fallback(message: Message) -> None:
        fallback = {
            INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
            PREDICTED_CONFIDENCE_KEY: 1.0,
        }
        ranking = [
            dict(item)
            for item in (message.get(INTENT_RANKING_KEY) or [])
            if isinstance(item, dict)
            and item.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME
        ]
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(fallback)] + ranking, add_to_output=True)
