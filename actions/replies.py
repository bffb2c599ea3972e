"""Short replies the actions send, read from ``knowledge/replies.yml``."""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Dict, List

import yaml

from actions.advice import KNOWLEDGE_DIR

REPLIES_FILE = KNOWLEDGE_DIR / "replies.yml"


@functools.lru_cache(maxsize=None)
def load(path: Path = REPLIES_FILE) -> Dict[str, List[str]]:
    """Load (once) every reply, each as a list of variations."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return {key: [value] if isinstance(value, str) else list(value) for key, value in raw.items()}


def variants(key: str) -> List[str]:
    """Every wording of the reply ``key``."""
    return [text.strip() for text in load()[key]]


def say(key: str) -> str:
    """One wording of the reply ``key``, picked at random."""
    return random.choice(variants(key))
