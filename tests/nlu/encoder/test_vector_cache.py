"""The training-vector cache: known texts come from disk, new ones are computed once."""

from __future__ import annotations

from pathlib import Path
from typing import List

import numpy as np

from ask_amy.nlu.encoder.vector_cache import VectorCache


class CountingEncoder:
    def __init__(self) -> None:
        self.seen: List[str] = []

    def __call__(self, texts: List[str]) -> np.ndarray:
        self.seen += texts
        return np.stack([np.full(4, len(t), dtype=np.float32) for t in texts])


def test_only_new_texts_are_computed(tmp_path: Path) -> None:
    encode = CountingEncoder()
    first = VectorCache(tmp_path, 4).get_or_compute(["a", "bb", "a"], encode)
    assert sorted(encode.seen) == ["a", "bb"] and first[:, 0].tolist() == [1, 2, 1]
    again = VectorCache(tmp_path, 4).get_or_compute(["bb", "ccc"], encode)
    assert sorted(encode.seen) == ["a", "bb", "ccc"] and again[:, 0].tolist() == [2, 3]


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    encode = CountingEncoder()
    VectorCache(tmp_path, 4).get_or_compute(["a"], encode)
    (tmp_path / "vectors.npy").write_bytes(b"not numpy")
    assert VectorCache(tmp_path, 4).get_or_compute(["a"], encode)[0, 0] == 1
    assert encode.seen == ["a", "a"]


def test_a_cache_of_another_width_is_not_used(tmp_path: Path) -> None:
    VectorCache(tmp_path, 4).get_or_compute(["a"], CountingEncoder())
    assert VectorCache(tmp_path, 8).load() == {}
