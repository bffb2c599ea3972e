"""A fast linear intent classifier for Rasa 3.6 (TF-IDF weighting + linear SVM).

Rasa's ``LogisticRegressionClassifier`` needs 15-30 s to train here and exposes no
regularisation setting. This component reads the same sparse sentence features the
``CountVectorsFeaturizer`` produces, applies sublinear TF-IDF weighting and L2
normalisation, and fits a one-vs-rest linear SVM (``LinearSVC``) in well under a second.
Confidences are a softmax over the SVM scores, so the ``FallbackClassifier`` threshold
works as usual. The model is saved as plain NumPy arrays and JSON (no pickles), so
loading a model archive cannot execute code.

Config::

    - name: ask_amy.nlu.intent_classifier.LinearIntentClassifier
      C: 1.0            # SVM regularisation (higher fits the training data harder)
      temperature: 4.0  # softmax sharpness for the confidences
      use_dense: false  # true: sparse features plus the SentenceVectorFeaturizer's vector

With ``use_dense: true`` the classifier fits on the TF-IDF row and the sentence vector
side by side (each L2-normalised, the vector scaled by ``dense_weight``), and at run time
re-classifies only the messages that carry a vector, leaving the sparse classifier's
answer on the rest. That is how the pipeline runs the encoder as a cascade.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from ask_amy.nlu.encoder.sentence_featurizer import sentence_vector

logger = logging.getLogger(__name__)


def sentence_features(messages: List[Message], width: Optional[int] = None) -> scipy.sparse.csr_matrix:
    """Stack each message's sparse sentence features into one matrix (zeros if none)."""
    rows = []
    for message in messages:
        features = message.get_sparse_features(TEXT)[1]
        row = scipy.sparse.csr_matrix(features.features) if features is not None else None
        if row is None or (width is not None and row.shape[1] != width):
            row = scipy.sparse.csr_matrix((1, width or 0))
        rows.append(row)
    if len(rows) == 1:  # the server's case: one message, no stacking
        return rows[0]
    return scipy.sparse.vstack(rows).tocsr() if rows else scipy.sparse.csr_matrix((0, width or 0))


def tfidf(counts: scipy.sparse.csr_matrix, idf: np.ndarray) -> scipy.sparse.csr_matrix:
    """Sublinear TF (1 + log tf), times IDF, L2-normalised per row.

    Works on the CSR arrays directly: scipy's ``multiply`` by a dense vector and ``diags`` cost
    about a millisecond per message, more than classifying it.
    """
    weighted = counts.tocsr().astype(np.float64)  # a copy: the caller's matrix is left alone
    weighted.sum_duplicates()
    weighted.data = (1.0 + np.log(np.maximum(weighted.data, 1e-12))) * idf[weighted.indices]
    lengths = np.diff(weighted.indptr)
    squares = np.zeros(weighted.shape[0])
    rows = lengths > 0
    squares[rows] = np.add.reduceat(weighted.data ** 2, weighted.indptr[:-1][rows])
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    weighted.data *= np.repeat(1.0 / norms, lengths)
    return weighted


def with_vectors(
    sparse: scipy.sparse.csr_matrix, messages: List[Message], weight: float
) -> scipy.sparse.csr_matrix:
    """Return the TF-IDF rows with each message's sentence vector (times ``weight``) appended."""
    vectors = [sentence_vector(m) for m in messages]
    dim = next((v.shape[0] for v in vectors if v is not None), 0)
    dense = (
        np.stack([v if v is not None else np.zeros(dim) for v in vectors])
        if dim
        else np.zeros((len(messages), 0))
    )
    return scipy.sparse.hstack([sparse, scipy.sparse.csr_matrix(dense * weight)]).tocsr()


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Row-wise softmax of ``scores * temperature``."""
    z = scores * temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """TF-IDF + linear SVM intent classifier over Rasa's sparse features."""

    @classmethod
    def required_components(cls) -> List[type]:
        """Featurizers must run first."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Return the default settings."""
        return {"C": 1.0, "temperature": 4.0, "ranking_length": 10, "use_dense": False, "dense_weight": 1.0}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: Optional[Dict[str, Any]] = None,
    ) -> None:
        """Keep the config and, once trained, the weights."""
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.weights = weights

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        """Return a new, untrained classifier."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit IDF weights and the SVM on the intent examples."""
        from sklearn.svm import LinearSVC

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if self.config["use_dense"]:
            examples = [e for e in examples if sentence_vector(e) is not None]
        if not examples:
            return self._resource
        counts = sentence_features(examples)
        labels = [e.get(INTENT) for e in examples]
        document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
        idf = np.log((1 + counts.shape[0]) / (1 + document_frequency)) + 1.0
        svm = LinearSVC(C=self.config["C"], class_weight="balanced", random_state=0)
        svm.fit(self._features(tfidf(counts, idf), examples), labels)
        self.weights = {
            "idf": idf,
            "coef": svm.coef_,
            "intercept": svm.intercept_,
            "classes": [str(c) for c in svm.classes_],
        }
        self.persist()
        return self._resource

    def _features(
        self, weighted: scipy.sparse.csr_matrix, messages: List[Message]
    ) -> scipy.sparse.csr_matrix:
        """Return the classifier's input rows: TF-IDF alone, or with the sentence vectors."""
        if not self.config["use_dense"]:
            return weighted
        return with_vectors(weighted, messages, self.config["dense_weight"])

    def predict(self, messages: List[Message]) -> np.ndarray:
        """Confidences for every intent, one row per message."""
        assert self.weights is not None
        counts = sentence_features(messages, width=self.weights["idf"].shape[0])
        rows = self._features(tfidf(counts, self.weights["idf"]), messages)
        scores = rows @ self.weights["coef"].T + self.weights["intercept"]
        return softmax(np.asarray(scores), self.config["temperature"])

    def process(self, messages: List[Message]) -> List[Message]:
        """Set ``intent`` and ``intent_ranking`` on each message."""
        chosen = [m for m in messages if not self.config["use_dense"] or sentence_vector(m) is not None]
        if self.weights is None or not chosen:
            return messages
        classes = self.weights["classes"]
        for message, row in zip(chosen, self.predict(chosen), strict=False):
            order = np.argsort(-row)
            ranking = [{"name": classes[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training data."""
        return training_data

    def persist(self) -> None:
        """Save the weights as .npy arrays (no pickles) and the classes as JSON."""
        assert self.weights is not None
        with self._model_storage.write_to(self._resource) as directory:
            for key in ("idf", "coef", "intercept"):
                np.save(directory / f"{key}.npy", self.weights[key], allow_pickle=False)
            (directory / "classes.json").write_text(json.dumps(self.weights["classes"]))

    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> "LinearIntentClassifier":
        """Load the saved weights, or an untrained classifier if there are none."""
        try:
            with model_storage.read_from(resource) as directory:
                weights = {key: np.load(directory / f"{key}.npy", allow_pickle=False)
                           for key in ("idf", "coef", "intercept")}
                weights["classes"] = json.loads((directory / "classes.json").read_text())
        except (ValueError, FileNotFoundError):
            logger.debug("No trained intent classifier found; predictions will be skipped.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, weights)
