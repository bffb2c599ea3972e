"""The advice knowledge base: loading ``knowledge/advice.yml`` and choosing entries."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from actions.situation import Situation
from ask_amy import knowledge

_CONDITIONS = {
    "wait_days_at_least": lambda f, v: f.wait_days is not None and f.wait_days >= v,
    "wait_days_below": lambda f, v: f.wait_days is not None and f.wait_days < v,
    "wait_days_known": lambda f, v: (f.wait_days is not None) == v,
    "has_offer": lambda f, v: f.has_offer == v,
    "has_deadline": lambda f, v: (f.deadline is not None) == v,
    "thank_you_sent": lambda f, v: bool(f.thank_you_sent) == v,
    # what the person heard and did, so far in the conversation
    "heard_back": lambda f, v: f.heard_back in _as_set(v),
    "followed_up": lambda f, v: f.followed_up == v,
    "called": lambda f, v: f.called == v,
    "told_offer": lambda f, v: f.told_offer == v,
    "interviewing_elsewhere": lambda f, v: f.interviewing_elsewhere == v,
    # what the latest message says
    "news": lambda f, v: f.news in _as_set(v),
    "did": lambda f, v: bool(f.did & _as_set(v)),
    "other_interview": lambda f, v: f.other_interview == v,
    "request": lambda f, v: f.request in _as_set(v),
    "what_if": lambda f, v: f.what_if in _as_set(v),
}
ANY_INTENT = "*"  # an entry for whatever the message was classified as (news answers any question)


def _as_set(value: Any) -> frozenset:
    return frozenset(value) if isinstance(value, (list, tuple, set, frozenset)) else frozenset([value])


@dataclass(frozen=True)
class Source:
    """The column every entry quotes."""

    title: str
    date: str
    author: str


@dataclass(frozen=True)
class Entry:
    """One piece of the column's guidance."""

    id: str
    intents: Tuple[str, ...]
    answer: str
    passages: Tuple[str, ...]
    when: Dict[str, Any] = field(default_factory=dict)
    offers_draft: bool = False
    short: str = ""  # a one-line recap, said instead of the whole answer when it fits again

    def applies(self, facts: Situation) -> bool:
        """Return True if every condition of ``when`` holds for ``facts``."""
        return all(_CONDITIONS[name](facts, value) for name, value in self.when.items())

    def render(self, facts: Situation) -> str:
        """Return the answer text with the person's details filled in."""
        return self.answer.format(**facts.placeholders()).strip()


@dataclass(frozen=True)
class KnowledgeBase:
    """All entries, in the order the editor wrote them."""

    source: Source
    entries: Tuple[Entry, ...]

    def choose(self, intent: str, facts: Situation) -> Optional[Entry]:
        """Return the first entry for ``intent`` whose conditions hold, if any."""
        return next(
            (e for e in self.entries
             if (intent in e.intents or ANY_INTENT in e.intents) and e.applies(facts)),
            None,
        )

    def get(self, entry_id: str) -> Optional[Entry]:
        """Return the entry called ``entry_id``, if there is one."""
        return next((e for e in self.entries if e.id == entry_id), None)

    @property
    def intents(self) -> List[str]:
        """Every intent some entry answers."""
        return sorted({i for e in self.entries for i in e.intents} - {ANY_INTENT})


def parse(document: Dict[str, Any]) -> KnowledgeBase:
    """Build a knowledge base from its YAML document, rejecting malformed entries."""
    entries = []
    for raw in document["entries"]:
        unknown = set(raw.get("when") or {}) - set(_CONDITIONS)
        if unknown:
            raise ValueError(f"entry {raw.get('id')!r}: unknown conditions {sorted(unknown)}")
        entries.append(
            Entry(
                id=raw["id"],
                intents=tuple(raw["intents"]),
                answer=raw["answer"],
                passages=tuple(raw["passages"]),
                when=dict(raw.get("when") or {}),
                offers_draft=bool(raw.get("offers_draft", False)),
                short=str(raw.get("short") or "").strip(),
            )
        )
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ValueError("entry ids must be unique")
    return KnowledgeBase(source=Source(**document["source"]), entries=tuple(entries))


@functools.lru_cache(maxsize=None)
def load() -> KnowledgeBase:
    """Return the knowledge base of ``knowledge/advice.yml`` (parsed once)."""
    return parse(knowledge.load("advice"))


def cite(entry: Entry, source: Source) -> str:
    """Return the source passages of ``entry``, ready to show in chat."""
    quotes = "\n".join(f"\u201c{p}\u201d" for p in entry.passages)
    return (
        f"From the Ask Amy column \u201c{source.title.split(' - ')[-1]}\u201d ({source.date}), "
        f"by {source.author}:\n{quotes}"
    )
