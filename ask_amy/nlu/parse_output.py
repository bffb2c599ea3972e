"""What a message's parse keeps once the pipeline has decided: the last component of ``config.yml``.

Rasa stores the parse of every message in the tracker store, reads the whole conversation back
for each new message, and sends it to the action server with every custom action. Two parts of
the parse are large and used by nothing after the pipeline:

* ``intent_ranking``: ten intents with their confidences. The topic decisions of
  :mod:`ask_amy.nlu.component` read the whole ranking before this component runs; afterwards only
  the leaders matter (the review's "best real guess" under a fallback is the first entry that is
  not ``nlu_fallback``). ``ranking_length`` entries are kept.
* ``text_tokens``: the start and end of every token, about 10 characters per word of the message
  (1 KB for a 400-character message), added by Rasa to every parse. Dropped unless
  ``token_offsets`` is true.

Use it last in the pipeline::

    - name: ask_amy.nlu.parse_output.ParseOutputTrimmer
      ranking_length: 3
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ParseOutputTrimmer(GraphComponent):
    """Keep the first ``ranking_length`` ranked intents, and drop the token offsets from the output."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """``ranking_length``: intents kept in ``intent_ranking``; ``token_offsets``: keep ``text_tokens``."""
        return {"ranking_length": 3, "token_offsets": False}

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Create the component from its (merged) config."""
        merged = {**self.get_default_config(), **(config or {})}
        self.ranking_length = max(1, int(merged["ranking_length"]))
        self.token_offsets = bool(merged["token_offsets"])

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ParseOutputTrimmer":
        """Create a new component (nothing to train or load)."""
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Trim each message's output in place."""
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY)
            if isinstance(ranking, list) and len(ranking) > self.ranking_length:
                message.set(INTENT_RANKING_KEY, ranking[: self.ranking_length], add_to_output=True)
            if not self.token_offsets:
                message.output_properties.discard(TEXT_TOKENS)
        return messages
