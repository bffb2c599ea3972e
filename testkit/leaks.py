"""Held-out messages that echo the training data: shared word runs and reworded scenarios.

``shared_runs`` finds a run of ``RUN`` words that a held-out text and a training text both contain.
``close_pairs`` compares the project's own sentence vectors (``ask_amy.nlu.encoder``): a high cosine
between two long texts means one scenario told twice. Vectors are cached as the featurizer caches them,
keyed by the model file, the window size and each text, so a rerun encodes only new texts.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence, Set, Tuple

import numpy as np

from ask_amy.nlu.encoder.model_files import OFFICIAL_SHA256, verify
from ask_amy.nlu.encoder.sentence_encoder import ENCODER_VERSION, SentenceEncoder
from ask_amy.nlu.encoder.vector_cache import VectorCache
from ask_amy.paths import ROOT

RUN = 8  # words in a row that a held-out message must not share with a training example
SHORT_REPLY = 3  # "yes", "hi there", "thanks so much": repeated by design, never a leak
LONG = 20  # words: a text this long tells a situation, not only a question
# The thresholds come from reading the highest-cosine pairs between the held-out sets (tests/nlu_fresh/
# holdout.yml, facts.yml, moving_on_facts.yml, tests/real_style/messages.yml) and data/nlu before the
# echoes were removed. Long pairs (both LONG words or more): of the 41 pairs at 0.75 or more, 30 told
# one scenario twice (an H-1B layoff and its visa clock, 0.81; a maid of honor who cannot afford the
# bachelorette trip, 0.79; a physical therapist's draft to a clinic director, 0.78; haggling over an
# offer from a construction firm, 0.77); the other 11 asked the same question in another situation
# (a late thank-you after a week vs. after a weekend, 0.77). From 0.70 to 0.75 only about half were
# the same scenario, the rest the same question (how to ask for feedback after a rejection, 0.73),
# which a held-out set must be free to ask; below 0.70 the same question dominates. The cosine alone
# cannot separate the two there: the clearest echoes below 0.75 were rewritten by reading them.
# Short pairs: the cosine mostly says which question is asked. From 0.94 up they are one sentence with
# a word or two changed ("what's the capital of australia", 0.998; "which column is that from",
# 0.945); just below come fair rewordings ("does no news mean bad news here" vs. "is no news bad
# news", 0.936; "how much notice should i give when resigning", 0.927).
SAME_SCENARIO = 0.75
SAME_WORDING = 0.94
ENCODER_DIR = ROOT / "build" / "minilm"
MAX_TOKENS = 256  # the featurizer's default window, part of its cache key
DIM = 384  # all-MiniLM-L6-v2's vector size; the cache needs it before the model is loaded
# The featurizer's cache folder name (SentenceVectorFeaturizer._cache): training texts hit its vectors.
SETTING = hashlib.sha256(
    f"{OFFICIAL_SHA256['model.safetensors']}:{MAX_TOKENS}:{ENCODER_VERSION}".encode()
).hexdigest()[:16]
TRAINING_VECTORS = ROOT / "build" / "sentence-vectors" / SETTING
HELD_OUT_VECTORS = ROOT / "build" / "held-out-vectors" / SETTING  # apart: never in the training cache


def words(text: str) -> List[str]:
    """Lower-case words of ``text``, punctuation stripped ("follow-up" -> follow up, "it's" -> its)."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def runs(text: str) -> Set[Tuple[str, ...]]:
    """Every run of ``RUN`` consecutive words in ``text``."""
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def shared_runs(held: Sequence[str], training: Sequence[str]) -> List[Tuple[str, str, str]]:
    """``(held-out, training, shared run)`` for every pair that shares a run of ``RUN`` words."""
    owners: Dict[Tuple[str, ...], List[str]] = {}
    for text in training:
        for run in runs(text):
            owners.setdefault(run, []).append(text)
    pairs: Dict[Tuple[str, str], str] = {}
    for text in held:
        for run in sorted(runs(text)):
            for other in owners.get(run, []):
                pairs.setdefault((text, other), " ".join(run))
    return [(text, other, run) for (text, other), run in pairs.items()]


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    """The sentence encoder, from the verified files (loaded only when a text is not cached)."""
    return SentenceEncoder.load(verify(ENCODER_DIR), MAX_TOKENS)


def sentence_vectors(texts: Sequence[str], folder: Path) -> np.ndarray:
    """One sentence vector per text: from the cache in ``folder`` where known, encoded otherwise."""
    return VectorCache(folder, DIM).get_or_compute(list(texts), lambda todo: encoder().encode_many(todo))


def close_pairs(
    held: Sequence[str], training: Sequence[str], held_vectors: np.ndarray, training_vectors: np.ndarray
) -> List[Tuple[float, str, str]]:
    """``(cosine, held-out, training)`` for every pair at or over its threshold, closest first.

    Long pairs (both ``LONG`` words or more) are held to ``SAME_SCENARIO``, others to ``SAME_WORDING``;
    short replies are never compared.
    """
    held_words = np.array([len(words(t)) for t in held])
    training_words = np.array([len(words(t)) for t in training])
    cosines = held_vectors @ training_vectors.T
    long = (held_words[:, None] >= LONG) & (training_words[None, :] >= LONG)
    compared = (held_words[:, None] > SHORT_REPLY) & (training_words[None, :] > SHORT_REPLY)
    hits = np.argwhere(compared & (cosines >= np.where(long, SAME_SCENARIO, SAME_WORDING)))
    pairs = [(round(float(cosines[i, j]), 3), held[i], training[j]) for i, j in hits]
    return sorted(pairs, reverse=True)
