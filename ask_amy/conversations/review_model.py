"""The review of one period (``make review``) as data, and the time format every rendering of it shares."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Tuple

from ask_amy.conversations import grouping
from ask_amy.conversations.news_counts import NewsCounts

OUTCOME_LABELS = {
    "on_topic": "answered on topic",
    "clarified": "clarified (asked back)",
    "unclear": "unclear (fell back)",
    "out_of_scope": "out of scope",
    "other": "other (greetings, thanks, details)",
}


@dataclass
class Review:
    """The review of one period."""

    since: float
    until: float
    store: str
    conversations: int = 0
    messages: int = 0
    drafts: int = 0
    outcomes: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    lengths: List[int] = field(default_factory=list)
    groups: List[grouping.Group] = field(default_factory=list)
    news: NewsCounts = field(default_factory=NewsCounts)

    @property
    def unsure(self) -> int:
        """How many messages the bot was unsure about."""
        return sum(g.count for g in self.groups)

    @property
    def median_length(self) -> float:
        """The median number of the person's messages per conversation."""
        return statistics.median(self.lengths) if self.lengths else 0.0

    def share(self, outcome: str) -> float:
        """Return the share of the messages with ``outcome`` (0 to 1)."""
        return self.outcomes[outcome] / self.messages if self.messages else 0.0

    def summary_rows(self) -> List[Tuple[str, str]]:
        """Return the summary as (label, value) rows."""
        rows = [
            ("Period", f"{format_time(self.since)} to {format_time(self.until)}"),
            ("Conversations", f"{self.conversations:,}"),
            ("Messages from people", f"{self.messages:,}"),
            ("Median conversation length", f"{self.median_length:g} messages"),
        ]
        rows += [(f"Share {label}", f"{self.share(key):.1%}") for key, label in OUTCOME_LABELS.items()]
        rows += [
            ("Drafts written", f"{self.drafts:,}"),
            *self.news.rows(),
            ("Unsure messages", f"{self.unsure:,} in {len(self.groups):,} groups"),
        ]
        return rows


def format_time(timestamp: float) -> str:
    """Format a timestamp as local date and time, to the minute."""
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")
