"""The quick replies the actions attach to their messages, read from ``knowledge/buttons.yml``.

Each button's payload is the plain words a person would type ("draft the email", "skip"): the
channel hands it to the NLU like typed text, so clicking a button is the same as typing its
words and gives no way around the input guard. (The topic choices of :mod:`actions.topics` are
the one other kind of button.)
"""

from __future__ import annotations

from typing import Dict, List

from ask_amy import knowledge


def load() -> Dict[str, List[Dict[str, str]]]:
    """Return every group of buttons (title, payload, intent) of ``knowledge/buttons.yml``, read once."""
    return knowledge.load("buttons")


def group(name: str) -> List[Dict[str, str]]:
    """Return the buttons of group ``name``, as Rasa's ``buttons`` (title and payload)."""
    return [{"title": b["title"], "payload": b["payload"]} for b in load()[name]]
