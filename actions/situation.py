"""What the person has told us so far, read from the conversation's slots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, FrozenSet, Iterable, Mapping, Optional

_NUMBER_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six",
    7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve",
}


def is_yes(value: Any) -> bool:
    """Read a slot value that may be a bool or a yes/no word."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"yes", "true", "1", "y"}


def _count(n: int, unit: str) -> str:
    word = _NUMBER_WORDS.get(n, str(n))
    return f"{word} {unit}" + ("" if n == 1 else "s")


def describe_wait(days: int) -> str:
    """Say a number of days the way a person would: 21 -> 'three weeks'."""
    if days <= 0:
        return "less than a day"
    if 28 <= days <= 31:
        return "about a month"
    if days > 31:
        months = round(days / 30)
        return "about a month" if months <= 1 else f"about {_count(months, 'month')}"
    if days % 7 == 0:
        return _count(days // 7, "week")
    return _count(days, "day")


# What the person can say they already did, as entity names (ask_amy/nlu/facts/done.py).
DEEDS = ("followed_up", "called", "told_offer")


@dataclass(frozen=True)
class Situation:
    """The details that tailor an answer: what we know so far, and what the latest message says.

    The first fields come from the conversation's slots and last for the whole conversation;
    ``news``, ``did``, ``other_interview``, ``request`` and ``what_if`` are the latest message's
    own facts, so that news is answered as news once, and later questions in its light.
    """

    wait_days: Optional[int] = None
    has_offer: bool = False
    deadline: Optional[str] = None
    thank_you_sent: Optional[bool] = None
    heard_back: Optional[str] = None
    followed_up: bool = False
    called: bool = False
    told_offer: bool = False
    interviewing_elsewhere: bool = False
    news: Optional[str] = None
    did: FrozenSet[str] = frozenset()
    other_interview: bool = False
    request: Optional[str] = None
    what_if: Optional[str] = None

    @classmethod
    def from_tracker(
        cls, slots: Mapping[str, Any], entities: Iterable[Mapping[str, Any]] = ()
    ) -> "Situation":
        """Build the situation from a tracker's slots and its latest message's entities."""
        said = {}
        for entity in entities:
            said.setdefault(entity.get("entity"), entity.get("value"))
        base = cls.from_slots(slots)
        return cls(
            **{**base.__dict__,
               "news": said.get("heard_back"),
               "did": frozenset(d for d in DEEDS if d in said),
               "other_interview": "other_interview" in said,
               "request": said.get("request"),
               "what_if": said.get("what_if")},
        )

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> "Situation":
        """Build facts from a tracker's slot values."""
        wait = slots.get("wait_days")
        try:
            wait_days = int(float(wait)) if wait is not None else None
        except (TypeError, ValueError):
            wait_days = None
        thank_you = slots.get("thank_you_sent")
        return cls(
            wait_days=wait_days,
            has_offer=is_yes(slots.get("has_competing_offer") or False),
            deadline=(slots.get("offer_deadline") or None),
            thank_you_sent=None if thank_you is None else is_yes(thank_you),
            heard_back=slots.get("heard_back") or None,
            followed_up=is_yes(slots.get("followed_up") or False),
            called=is_yes(slots.get("called") or False),
            told_offer=is_yes(slots.get("told_offer") or False),
            interviewing_elsewhere=is_yes(slots.get("interviewing_elsewhere") or False),
        )

    @property
    def says_something_new(self) -> bool:
        """Tell whether the latest message brings news, a deed or an ask of its own."""
        return bool(self.news or self.did or self.other_interview or self.request or self.what_if
                    or self.heard_back)

    def placeholders(self) -> dict:
        """Values for the ``{wait}``/``{deadline}`` placeholders of answer texts."""
        wait = describe_wait(self.wait_days) if self.wait_days is not None else "a while"
        return {
            "wait": wait,
            "wait_cap": wait[:1].upper() + wait[1:],
            "deadline": self.deadline or "your deadline",
            "by_deadline": by_deadline(self.deadline),
        }


def by_deadline(deadline: Optional[str]) -> str:
    """Say when the other offer must be answered: "by Friday", "in 3 days", "by your deadline"."""
    if not deadline:
        return "by your deadline"
    if deadline.lower().startswith(("in ", "within ", "by ", "before ", "on ", "until ")):
        return deadline
    return "by " + deadline
