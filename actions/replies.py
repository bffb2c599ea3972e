"""Short replies the actions send, read from ``knowledge/replies.yml``."""

from __future__ import annotations

import functools
import random
from typing import Dict, List

from ask_amy import knowledge


@functools.lru_cache(maxsize=None)
def load() -> Dict[str, List[str]]:
    """Return every reply of ``knowledge/replies.yml``, each as a list of variations (built once)."""
    raw = knowledge.load("replies")
    return {key: [value] if isinstance(value, str) else list(value) for key, value in raw.items()}


def variants(key: str) -> List[str]:
    """Every wording of the reply ``key``."""
    return [text.strip() for text in load()[key]]


def say(key: str) -> str:
    """One wording of the reply ``key``, picked at random."""
    return random.choice(variants(key))
