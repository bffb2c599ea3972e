"""Quick replies between advice topics: asking back, and offering a message's second question.

The wording is data (``knowledge/topics.yml``). A button's payload is
``/choose_topic{"topic": "<intent>"}``: a closed vocabulary that the channels' input guard
lets through (and nothing else that starts with ``/``), and which :class:`ActionAnswerChosenTopic`
honours only for a topic the bot has just offered (the ``offered_topics`` slot).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence

from actions import buttons
from ask_amy import knowledge

SOMETHING_ELSE = "something_else"


def load() -> Dict[str, Any]:
    """Return the topic wording (``knowledge/topics.yml``, read once)."""
    return knowledge.load("topics")


def payload(topic: str) -> str:
    """Return the button payload that chooses ``topic``."""
    return "/choose_topic" + json.dumps({"topic": topic}, separators=(",", ":"))


def button(topic: str) -> Dict[str, str]:
    """One quick-reply button for ``topic`` (or for "something else")."""
    words = load()
    title = words["something_else"] if topic == SOMETHING_ELSE else words["topics"][topic]["button"]
    return {"title": title, "payload": payload(topic)}


def join_or(phrases: Sequence[str]) -> str:
    """Join phrases with commas and a final 'or': 'a', 'a, or b', 'a, b, or c'."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + ", or " + phrases[-1]


def clarify(choices: Sequence[str]) -> Dict[str, Any]:
    """Return the one-line question back, with a button per topic and "something else"."""
    words = load()
    text = words["clarify"].format(choices=join_or([words["topics"][c]["phrase"] for c in choices]))
    return {"text": text, "buttons": [button(c) for c in choices] + [button(SOMETHING_ELSE)]}


def also_asked(topic: str) -> Dict[str, Any]:
    """Return the offer to answer a message's second question."""
    words = load()
    text = words["also_asked"].format(about=words["topics"][topic]["about"])
    return {
        "text": text,
        "buttons": [
            {"title": f"Yes: {words['topics'][topic]['button']}", "payload": payload(topic)},
            *buttons.group("decline"),
        ],
    }


def also_asking(choices: Sequence[str]) -> Dict[str, Any]:
    """Return the one-line offer of a long message's other questions, a button for each."""
    return {"text": load()["also_asking"], "buttons": [button(c) for c in choices]}


def choices_from_entity(value: Any, known: Sequence[str]) -> List[str]:
    """Return the topics named by a ``topic_choices`` entity value, keeping only known ones."""
    return [c for c in str(value or "").split(",") if c in known]


def next_topics(current: str, count: int = 3) -> List[str]:
    """Return the topics offered when nothing new applies: the editor's order, minus ``current``."""
    return [t for t in load()["next_topics"] if t != current][:count]


def nothing_new(choices: Sequence[str], recap: str = "") -> Dict[str, Any]:
    """Return the short reply for a question whose answer was just given, with other topics as buttons.

    ``recap`` (the answer's one-line ``short``, if its entry has one) comes first, so the person
    still gets the gist in a line instead of the same paragraph again.
    """
    words = load()
    buttons_ = [button(c) for c in choices] + [button(SOMETHING_ELSE)]
    text = words["nothing_new_after_recap"] if recap else words["nothing_new"]
    return {"text": " ".join(part for part in (recap, text.strip()) if part), "buttons": buttons_}
