"""ask_amy/nlu/intent_classifier.py: the TF-IDF rows the linear SVM reads (no model needed)."""

from __future__ import annotations

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

from ask_amy.nlu.intent_classifier import softmax, tfidf


def reference(counts: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """The definition, on dense arrays: (1 + log tf) * idf where tf > 0, each row L2-normalised."""
    weighted = np.where(counts > 0, (1.0 + np.log(np.where(counts > 0, counts, 1.0))) * idf, 0.0)
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return weighted / np.where(norms == 0, 1.0, norms)


def test_tfidf_matches_the_definition_row_by_row_with_an_empty_row() -> None:
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 4, size=(5, 40)) * (rng.random((5, 40)) < 0.2)
    counts[2] = 0  # a message with no known word: a zero row, not NaN
    idf = rng.random(40) + 1.0
    rows = tfidf(scipy.sparse.csr_matrix(counts.astype(float)), idf)
    assert np.allclose(rows.toarray(), reference(counts.astype(float), idf), rtol=1e-12, atol=1e-15)
    assert not rows[2].nnz
    assert np.allclose(scipy.sparse.linalg.norm(rows, axis=1)[[0, 1, 3, 4]], 1.0)


def test_tfidf_leaves_the_counts_alone_and_reads_coo_input() -> None:
    counts = scipy.sparse.coo_matrix(([2.0, 1.0], ([0, 0], [1, 3])), shape=(1, 5))
    before = counts.toarray().copy()
    rows = tfidf(counts, np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert np.array_equal(counts.toarray(), before)
    assert np.allclose(rows.toarray(), reference(before, np.array([1.0, 2.0, 3.0, 4.0, 5.0])))


def test_softmax_rows_sum_to_one_and_keep_the_order() -> None:
    scores = np.array([[1.0, 3.0, 2.0], [0.0, 0.0, 0.0]])
    probabilities = softmax(scores, 5.0)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert list(np.argsort(-probabilities[0])) == [1, 2, 0]
