"""Rasa 3.6 dense featurizer: an all-MiniLM-L6-v2 sentence vector per message.

Config (after a first, sparse-only intent classifier)::

    - name: ask_amy.nlu.encoder.sentence_featurizer.SentenceVectorFeaturizer
      model_dir: build/minilm     # verified by ask_amy.nlu.encoder.model_files before use
      long_message_chars: 80      # always encode messages longer than this
      confident_above: 0.8        # skip short messages the sparse classifier is sure of
      small_talk_intents: [greet, goodbye, thank_you]  # and short ones it hesitates between these
      cache_dir: build/sentence-vectors  # training vectors kept by text; null to turn off

Training encodes every example. At run time a message is encoded when it is long or
when the earlier classifier's confidence is below ``confident_above``: short, clear
messages (most of a conversation: "yes", "thanks", a name in the form) skip the 5-30 ms
the encoder costs, and so do short messages whose two likeliest intents are both in
``small_talk_intents`` ("thanks, bye": thank_you or goodbye, either reply fits). For a short
message the encoder's cost hardly depends on its length (it reads all 90 MB of weights), so
each message skipped saves about 10 ms. The second, combined classifier reads the vector wherever it is.
Encoding every training example costs most of the training time (about 74,000 word pieces),
so training keeps the vectors in ``cache_dir``, keyed by the model file's SHA-256, the
window size and each text's SHA-256: after an edit to the data only new examples are
encoded. Serving never reads or writes the cache.
The model loads when the component is created for training or serving, never on import,
and never from a hub (``HF_HUB_OFFLINE`` is irrelevant: no hub code runs).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from ask_amy.nlu.encoder.model_files import OFFICIAL_SHA256, verify
from ask_amy.nlu.encoder.sentence_encoder import ENCODER_VERSION, SentenceEncoder
from ask_amy.nlu.encoder.vector_cache import VectorCache

logger = logging.getLogger(__name__)

ORIGIN = "SentenceVectorFeaturizer"


def sentence_vector(message: Message) -> Optional[np.ndarray]:
    """Return the message's sentence vector (1-D), or None."""
    for feature in message.features:
        if feature.origin == ORIGIN and feature.attribute == TEXT and feature.type == FEATURE_TYPE_SENTENCE:
            return np.asarray(feature.features).ravel()
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceVectorFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a mean-pooled MiniLM sentence vector to messages as a dense sentence feature."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default settings."""
        return {
            **DenseFeaturizer.get_default_config(),
            "model_dir": "build/minilm",
            "max_tokens": 256,
            "long_message_chars": 80,
            "confident_above": 0.8,
            "small_talk_intents": [],
            "cache_dir": "build/sentence-vectors",
        }

    @staticmethod
    def required_packages() -> List[Text]:
        """Python packages the component needs."""
        return ["tokenizers", "safetensors"]

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        """Verify the model files and load the encoder."""
        super().__init__(name, {**self.get_default_config(), **config})
        directory = verify(Path(self._config["model_dir"]))
        self.encoder = SentenceEncoder.load(directory, self._config["max_tokens"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceVectorFeaturizer":
        """Build the featurizer (nothing to train)."""
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Reject settings that cannot work."""
        if int(config.get("max_tokens", 256)) < 8:
            raise ValueError("max_tokens must be at least 8")

    def needs_vector(self, message: Message) -> bool:
        """Encode long messages, and short ones the sparse classifier is unsure of."""
        text = message.get(TEXT) or ""
        if not text.strip():
            return False
        if len(text) > self._config["long_message_chars"]:
            return True
        confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY)
        if confidence is not None and confidence >= self._config["confident_above"]:
            return False
        return not self.between_small_talk(message)

    def between_small_talk(self, message: Message) -> bool:
        """Say whether the sparse classifier's two likeliest intents are both small talk."""
        small_talk = set(self._config["small_talk_intents"] or ())
        top_two = [i.get("name") for i in (message.get(INTENT_RANKING_KEY) or [])[:2]]
        return len(top_two) == 2 and set(top_two) <= small_talk

    def _add(self, message: Message, vector: np.ndarray) -> None:
        message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, ORIGIN))

    def process(self, messages: List[Message]) -> List[Message]:
        """Add vectors where they are needed; never raise on one bad message."""
        for message in messages:
            if sentence_vector(message) is not None or not self.needs_vector(message):
                continue
            try:
                self._add(message, self.encoder.encode(message.get(TEXT)))
            except Exception:  # a featurizer must not take the bot down
                logger.exception("sentence encoder failed; the sparse classifier's answer stands")
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Encode every training example that has a text."""
        examples = [
            m for m in training_data.training_examples if m.get(TEXT) and sentence_vector(m) is None
        ]
        texts = [m.get(TEXT) for m in examples]
        cache = self._cache()
        vectors = (
            cache.get_or_compute(texts, self.encoder.encode_many)
            if cache
            else self.encoder.encode_many(texts)
        )
        for message, vector in zip(examples, vectors, strict=False):
            self._add(message, vector)
        return training_data

    def _cache(self) -> Optional[VectorCache]:
        """Return the training-vector cache for this model and window size, if one is configured."""
        if not self._config.get("cache_dir"):
            return None
        setting = f"{OFFICIAL_SHA256['model.safetensors']}:{self._config['max_tokens']}:{ENCODER_VERSION}"
        key = hashlib.sha256(setting.encode())
        return VectorCache(Path(self._config["cache_dir"]) / key.hexdigest()[:16], self.encoder.dim)
