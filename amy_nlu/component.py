"""Rasa 3.6 graph component wrapping :mod:`amy_nlu.facts` and :mod:`amy_nlu.input_quality`.

Use it in ``config.yml`` after the intent classifier and the ``FallbackClassifier``::

    pipeline:
      - name: SpacyNLP
        model: build/spacy-en-amy
      - name: SpacyTokenizer
      - ...featurizers / intent classifier...
      - name: FallbackClassifier
        threshold: 0.5
      - name: amy_nlu.component.InterviewFactsExtractor

For every message it

* reads the spaCy ``Doc`` that ``SpacyNLP`` stored on the message
  (``message.get(SPACY_DOCS[TEXT])``; parsed again from the text only if it is missing or
  its length differs from the text), runs :func:`amy_nlu.facts.extract_facts` and appends
  the entities (with ``"extractor": "InterviewFactsExtractor"``) to ``entities``;
* runs :func:`amy_nlu.input_quality.classify_input`; for ``"empty"``, ``"gibberish"`` or
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

from amy_nlu.facts import extract_facts
from amy_nlu.input_quality import classify_input, english_vocabulary, foreign_function_words

logger = logging.getLogger(__name__)

INPUT_PROBLEM_ENTITY = "input_problem"
# Entities that show a message is about the wait after an interview.
DOMAIN_FACTS = frozenset({"wait_days", "competing_offer", "offer_deadline", "thank_you_sent"})
# Intents the bot answers with the column's advice.
TOPIC_INTENTS = frozenset({
    "ask_wait_or_reach_out", "ask_call_or_email", "ask_what_to_write", "request_email_draft",
    "ask_why_no_response", "inform_competing_offer", "ask_bluff_offer", "ask_share_personal_pressure",
    "ask_keep_searching", "ask_feedback", "ask_thank_you_note", "express_anxiety",
})


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
        """Default config.

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
        """The reference date for relative expressions (``reference_date`` or today)."""
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
        if problem is None and any(e[ENTITY_ATTRIBUTE_TYPE] in DOMAIN_FACTS for e in new_entities):
            self._undo_low_confidence_fallback(message)
        if problem is not None:
            self._force_fallback(message)
            new_entities.append(
                {
                    ENTITY_ATTRIBUTE_TYPE: INPUT_PROBLEM_ENTITY,
                    ENTITY_ATTRIBUTE_VALUE: problem,
                    ENTITY_ATTRIBUTE_START: 0,
                    ENTITY_ATTRIBUTE_END: len(text),
                    ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
                }
            )

        if not new_entities:
            return
        for entity in new_entities:
            entity[EXTRACTOR] = self.name
        existing = list(message.get(ENTITIES) or [])
        message.set(ENTITIES, existing + new_entities, add_to_output=True)

    @staticmethod
    def _doc_for(message: Message, text: Text, model: Optional[SpacyModel]) -> Any:
        """The spaCy doc of the message text, parsing it only when really needed."""
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
    def _undo_low_confidence_fallback(message: Message) -> None:
        """Restore the best advice intent when the classifier was unsure of an in-domain message.

        A fact about the interview (a wait, a real offer, a deadline, a thank-you note) is
        rule-based evidence that the message is about the wait after an interview, so a
        long, many-topic message that split the classifier's vote should not be answered
        with "I didn't understand": the highest-ranked topic intent answers it instead.
        """
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME:
            return
        ranking = [
            dict(item) for item in (message.get(INTENT_RANKING_KEY) or [])
            if isinstance(item, dict) and item.get(INTENT_NAME_KEY) in TOPIC_INTENTS
        ]
        if ranking:
            message.set(INTENT, ranking[0], add_to_output=True)

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
