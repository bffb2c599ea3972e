"""Long messages: how the bot answers the long held-out sets, and how much the sentence vector weighs.

``python -m bench.letters_report`` (or ``make bench``; ``--only letters`` runs it alone) prints:

* the letters (``tests/real_letters/``) and the real-style set's long messages as served: on topic,
  main topic, right topic in the top two and three, helpful (on topic or offered as a button), by
  length (``testkit/nlu_sets.py``);
* the weight of the sentence vector beside the sparse features for long messages, compared by
  5-fold cross-validation on the training data's long examples and on both held-out sets. The
  sparse features are rebuilt with scikit-learn as config.yml describes them (word 1-2-grams and
  character 2-5-grams, sublinear TF-IDF, a linear SVM), so the comparison is between weights, not
  an exact copy of the served figures. docs/DESIGN.md ("Long messages") says what it decided.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np

from ask_amy.cli.stack import MODEL
from ask_amy.nlu.encoder import sentence_featurizer
from ask_amy.nlu.encoder.model_files import OFFICIAL_SHA256
from ask_amy.nlu.encoder.sentence_encoder import SentenceEncoder
from ask_amy.nlu.encoder.vector_cache import VectorCache
from testkit import nlu_sets

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)


def main(model: Path = MODEL, weights: bool = True) -> int:
    """Print the long-message tables; return 0."""
    sets = {"letters": nlu_sets.letters_set(), "real-style": nlu_sets.real_style_set()}
    if weights:
        print_weights(sets)
    served = {name: nlu_sets.score(rows, nlu_sets.parse_all([r["text"] for r in rows], model))
              for name, rows in sets.items()}
    print("\n## Long messages as served (150+ characters, on-topic ones)\n")
    print(nlu_sets.long_table(served))
    print("\non topic: the main question or another the message asks; helpful: on topic, or the right "
          "topic among the buttons; buttons: topics offered per message")
    return 0


def print_weights(sets: Dict[str, List[Dict[str, object]]]) -> None:
    """Print top-1 and top-3 for each weight of the sentence vector, by cross-validation and held out."""
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.model_selection import StratifiedKFold

    examples = load_data(str(nlu_sets.ROOT / "data" / "nlu")).intent_examples
    texts = [str(e.get("text")) for e in examples]
    labels = np.array([e.get("intent") for e in examples])
    encode = _encoder()
    vectors = encode(texts, True)
    long = np.array([len(t) >= nlu_sets.LONG_CHARS for t in texts])
    print("\n## Weight of the sentence vector for long messages (top 1 / top 3)\n")
    print("| weight | 5-fold CV, long training examples | " + " | ".join(sets) + " |")
    print("|---" * (2 + len(sets)) + "|")
    for weight in WEIGHTS:
        hits = np.zeros(2)
        for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, labels):
            test = test[long[test]]
            fit = _fit([texts[i] for i in train], labels[train], vectors[train], weight)
            hits += _hits(fit([texts[i] for i in test], vectors[test]), [{labels[i]} for i in test])
        cells = [f"{hits[0] / long.sum():.3f} / {hits[1] / long.sum():.3f}"]
        fit = _fit(texts, labels, vectors, weight)
        for rows in sets.values():
            held = [r for r in rows if len(str(r["text"])) >= nlu_sets.LONG_CHARS]
            wanted = [{r["intent"], *r["also"]} for r in held]
            held_texts = [str(r["text"]) for r in held]
            got = _hits(fit(held_texts, encode(held_texts, False)), wanted)
            cells.append(f"{got[0] / len(held):.3f} / {got[1] / len(held):.3f}")
        print(f"| {weight} | " + " | ".join(cells) + " |")


def _encoder() -> Callable[[Sequence[str], bool], np.ndarray]:
    """Return the project's sentence encoder, reading training vectors from the featurizer's cache."""
    encoder = SentenceEncoder.load(nlu_sets.ROOT / "build" / "minilm", 256)
    setting = f"{OFFICIAL_SHA256['model.safetensors']}:256:{sentence_featurizer.ENCODER_VERSION}"
    training = VectorCache(nlu_sets.ROOT / "build" / "sentence-vectors"
                           / hashlib.sha256(setting.encode()).hexdigest()[:16], encoder.dim)
    held = VectorCache(nlu_sets.ROOT / "build" / "held-out-vectors" / "bench", encoder.dim)
    return lambda texts, train: np.asarray((training if train else held).get_or_compute(
        list(texts), encoder.encode_many))


def _fit(texts: List[str], labels: np.ndarray, vectors: np.ndarray, weight: float
         ) -> Callable[[List[str], np.ndarray], Tuple[np.ndarray, np.ndarray]]:
    """Fit the sparse-plus-vector SVM; return a scorer of new texts (classes, scores)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize
    from sklearn.svm import LinearSVC

    words = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)).fit(texts)
    chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5)).fit(texts)

    def rows(some: List[str], dense: np.ndarray) -> "sp.csr_matrix":
        sparse = normalize(sp.hstack([words.transform(some), chars.transform(some)]).tocsr())
        return sp.hstack([sparse, sp.csr_matrix(dense * weight)]).tocsr()

    svm = LinearSVC(C=1.0, class_weight="balanced", random_state=0).fit(rows(texts, vectors), labels)
    return lambda some, dense: (svm.classes_, svm.decision_function(rows(some, dense)))


def _hits(scored: Tuple[np.ndarray, np.ndarray], wanted: List[set]) -> np.ndarray:
    """How many rows have a wanted label first, and among the first three."""
    classes, scores = scored
    order = np.argsort(-scores, axis=1)[:, :3]
    return np.array([sum(classes[o[0]] in w for o, w in zip(order, wanted, strict=True)),
                     sum(bool(set(classes[o]) & w) for o, w in zip(order, wanted, strict=True))])


if __name__ == "__main__":
    raise SystemExit(main())
