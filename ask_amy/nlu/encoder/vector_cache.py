"""A small on-disk cache of sentence vectors, keyed by each text's SHA-256 (training only).

One folder per model and setting holds ``keys.json`` (the text hashes, in row order) and
``vectors.npy`` (float32, one row per key). Both are written to temporary files and then
renamed, so an interrupted training never leaves a half-written cache; an unreadable cache is
ignored and rebuilt. No pickles: loading the cache cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import numpy as np

logger = logging.getLogger(__name__)


def text_key(text: str) -> str:
    """Return the cache key of a text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class VectorCache:
    """Vectors of texts seen before, and the code to add the rest."""

    def __init__(self, folder: Path, dim: int) -> None:
        """Use ``folder`` for vectors of width ``dim``."""
        self.folder = Path(folder)
        self.dim = dim

    def load(self) -> Dict[str, np.ndarray]:
        """Key -> vector for everything stored (empty if nothing, or nothing readable)."""
        try:
            keys = json.loads((self.folder / "keys.json").read_text())
            vectors = np.load(self.folder / "vectors.npy", allow_pickle=False)
        except (OSError, ValueError):
            return {}
        if vectors.shape != (len(keys), self.dim):
            logger.warning("sentence-vector cache in %s does not fit; rebuilding it", self.folder)
            return {}
        return dict(zip(keys, vectors, strict=False))

    def save(self, stored: Dict[str, np.ndarray]) -> None:
        """Write every vector atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = list(stored)
        vectors = np.stack([stored[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, self.dim))
        with open(self.folder / "vectors.npy.tmp", "wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        (self.folder / "keys.json.tmp").write_text(json.dumps(keys))
        os.replace(self.folder / "vectors.npy.tmp", self.folder / "vectors.npy")
        os.replace(self.folder / "keys.json.tmp", self.folder / "keys.json")

    def get_or_compute(self, texts: Sequence[str], compute: Callable[[List[str]], np.ndarray]) -> np.ndarray:
        """Vectors for ``texts``: from the cache where known, from ``compute`` for the rest."""
        stored = self.load()
        keys = [text_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=False) if k not in stored}.items())
        if missing:
            for (key, _), vector in zip(missing, compute([t for _, t in missing]), strict=False):
                stored[key] = np.asarray(vector, dtype=np.float32)
            try:
                self.save(stored)
            except OSError:
                logger.warning("could not write the sentence-vector cache to %s", self.folder)
        return np.stack([stored[k] for k in keys]) if keys else np.zeros((0, self.dim), dtype=np.float32)
