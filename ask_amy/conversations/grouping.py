"""Near-duplicate messages grouped, so an editor reads each question once, with how often it came.

Two messages are near-duplicates when their word sets overlap by at least ``threshold``
(Jaccard). Messages join the first group whose first message is that close; an inverted index
of words keeps this fast on tens of thousands of messages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean
from typing import Dict, Iterable, List, Set

from ask_amy.conversations.outcomes import COMMON_WORDS, Message, similarity, words

THRESHOLD = 0.6
@dataclass
class Group:
    """Near-duplicate unsure messages."""

    example: Message
    members: List[Message] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many messages the group holds."""
        return len(self.members)

    @property
    def guess(self) -> str:
        """The bot's most frequent guess in the group."""
        return Counter(m.guess for m in self.members).most_common(1)[0][0]

    @property
    def confidence(self) -> float:
        """The bot's mean confidence over the group."""
        return mean(m.confidence for m in self.members)

    @property
    def reasons(self) -> List[str]:
        """Why the group's messages are listed, the most frequent first."""
        return [r for r, _ in Counter(r for m in self.members for r in m.reasons).most_common()]


def group(messages: Iterable[Message], threshold: float = THRESHOLD) -> List[Group]:
    """Group near-duplicates; the largest groups first, then the order they were first seen."""
    groups: List[Group] = []
    keys: List[List[str]] = []
    exact: Dict[str, int] = {}
    index: Dict[str, Set[int]] = defaultdict(set)
    for message in messages:
        tokens = words(message.text)
        key = " ".join(tokens)
        found = exact.get(key)
        if found is None:
            content = [t for t in set(tokens) if t not in COMMON_WORDS] or list(set(tokens))
            candidates = set().union(*(index[t] for t in content)) if content else set()
            found = next((g for g in sorted(candidates) if similarity(tokens, keys[g]) >= threshold), None)
            if found is None:
                found = len(groups)
                groups.append(Group(message))
                keys.append(tokens)
                for token in content:
                    index[token].add(found)
            exact[key] = found
        groups[found].members.append(message)
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(groups, key=lambda g: (-g.count, order[id(g)]))
