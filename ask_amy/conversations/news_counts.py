"""What people said they heard from the employer, and had already done, read from the stored slots.

The bot keeps the news in the slot ``heard_back`` (``rejection``, ``offer``, ``accepted``,
``next_step``, ``status``) and what the person did in ``followed_up`` and ``called`` ("true", "yes" or a
bool). Only slots set in answer to a message count: when a new session starts, Rasa sets every
slot again (``carry_over_slots_to_new_session``), and that repeats old news, not new news.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ask_amy.conversations.store import Event

HEARD_BACK_SLOT = "heard_back"
FOLLOWED_UP_SLOT = "followed_up"
CALLED_SLOT = "called"
KINDS: Dict[str, str] = {
    "rejection": "rejection",
    "offer": "offer",
    "accepted": "offer",
    "next_step": "next_step",
    "status": "next_step",
}
KIND_LABELS = {"rejection": "rejection", "offer": "offer or accepted", "next_step": "next step or status"}


def is_yes(value: Any) -> bool:
    """Read a slot value that may be a bool or a yes/no word."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"yes", "true", "1", "y"}


@dataclass
class News:
    """What one conversation's person reported: the latest news's kind, and what they had done."""

    kind: Optional[str] = None
    followed_up: bool = False
    called: bool = False


def reported(events: Sequence[Event]) -> News:
    """Read one conversation's news and deeds from its slot events (carried-over slots skipped)."""
    news = News()
    answering = True  # False from a session's start until the person's first message in it
    for event in events:
        if event.type_name == "session_started":
            answering = False
        elif event.type_name == "user":
            answering = True
        elif event.type_name == "slot" and answering:
            name, value = event.data.get("name"), event.data.get("value")
            if name == HEARD_BACK_SLOT and value:
                news.kind = KINDS.get(str(value).strip().lower(), "other")
            elif name == FOLLOWED_UP_SLOT:
                news.followed_up = news.followed_up or is_yes(value)
            elif name == CALLED_SLOT:
                news.called = news.called or is_yes(value)
    return news


@dataclass
class NewsCounts:
    """Conversations of a period counted by the news their person reported and what they had done.

    Each conversation counts once, under the *latest* news it reported: "next step, then a
    rejection" is a rejection. So the kinds add up to the conversations that heard back, and each
    says how the wait ended as far as the bot was told.
    """

    heard_back: int = 0
    kinds: Counter = field(default_factory=Counter)
    followed_up: int = 0
    called: int = 0

    def add(self, news: News) -> None:
        """Count one conversation."""
        if news.kind:
            self.heard_back += 1
            self.kinds[news.kind] += 1
        self.followed_up += news.followed_up
        self.called += news.called

    def rows(self) -> List[Tuple[str, str]]:
        """Return the counts as (label, value) summary rows; an unknown kind of news only if any."""
        rows = [("Heard back from the employer", f"{self.heard_back:,}")]
        rows += [(f"Latest news: {label}", f"{self.kinds[kind]:,}") for kind, label in KIND_LABELS.items()]
        if self.kinds["other"]:
            rows.append(("Latest news: other", f"{self.kinds['other']:,}"))
        rows += [
            ("Had already followed up", f"{self.followed_up:,}"),
            ("Had already called", f"{self.called:,}"),
        ]
        return rows
