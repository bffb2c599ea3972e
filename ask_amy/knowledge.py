"""The YAML files of ``knowledge/`` (the bot's wording and advice): one reader, one cache.

:func:`load` reads ``knowledge/<name>.yml`` once per process (the actions call it on every
message); :func:`read` reads any YAML file afresh. :func:`apology_text` is the one reply the
serving side needs (the action gateway and the outage guard), with a built-in fallback.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from ask_amy.paths import ROOT

KNOWLEDGE_DIR = ROOT / "knowledge"
REPLIES_FILE = KNOWLEDGE_DIR / "replies.yml"
REPLY_KEY = "try_again_later"
DEFAULT_APOLOGY = (
    "Sorry, I couldn't finish that just now: part of me is not responding. "
    "Please send your message again in a minute."
)


def read(path: Path) -> Any:
    """Return the content of the YAML file at ``path`` (read every time)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Return the content of ``knowledge/<name>.yml``, read once (callers must not change it)."""
    return read(KNOWLEDGE_DIR / f"{name}.yml")


def apology_text(path: Path = REPLIES_FILE) -> str:
    """Return the apology: ``try_again_later`` in knowledge/replies.yml if an editor put it there."""
    try:
        value = (read(path) or {}).get(REPLY_KEY)
    except (OSError, ValueError):  # a broken file must not break the fallback
        value = None
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if value else DEFAULT_APOLOGY
