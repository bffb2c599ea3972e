"""The words of waiting times: numbers, units, weekdays, months, qualifiers, and the text's normal form.

Constant tables and one normalising function, read by :mod:`ask_amy.nlu.time.durations` (which parses
with them), :mod:`ask_amy.nlu.time.calendar_days` and the fact patterns (:mod:`ask_amy.nlu.facts`). Adding a
unit spelling, a number word or a qualifier is a change to this file alone.
"""

from __future__ import annotations

import re
from typing import Dict, Sequence, Tuple

NUMBER_WORDS: Dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

#: Vague quantity words and their numeric value.
VAGUE_QUANTITIES: Dict[str, float] = {
    "couple": 2,
    "few": 3,
    "several": 3,
    "handful": 3,
    "dozen": 12,
}

#: Canonical unit -> length in days.
UNIT_DAYS: Dict[str, float] = {
    "hour": 1.0 / 24.0,
    "day": 1.0,
    "business day": 1.0,  # converted separately, see business_days_to_calendar_days
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.0,
    "year": 365.0,
}

#: Surface word -> canonical unit.
UNIT_ALIASES: Dict[str, str] = {
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "h": "hour",
    "day": "day",
    "days": "day",
    "d": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "w": "week",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "month": "month",
    "months": "month",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
    "workday": "business day",
    "workdays": "business day",
    "weekday": "business day",
    "weekdays": "business day",
}

#: Words that may precede "day(s)" to make it a business day.
BUSINESS_PREFIXES = ("business", "working", "work", "week")

#: Every surface word that can be (part of) a unit; used by the spaCy patterns.
UNIT_WORDS: Tuple[str, ...] = tuple(sorted(set(UNIT_ALIASES) - {"h", "d", "w"}))

WEEKDAYS: Dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

MONTHS: Dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

#: Words that can appear inside a quantity phrase ("a couple of", "one and a half").
QUANTITY_WORDS: Tuple[str, ...] = tuple(
    sorted(set(NUMBER_WORDS) | set(VAGUE_QUANTITIES) | {"a", "an", "half", "of", "and"})
)

#: Qualifiers before a quantity and what they do; longest first, so "just over" wins over "over".
QUALIFIERS: Sequence[Tuple[str, str]] = (
    ("a little more than", "over"),
    ("a bit more than", "over"),
    ("a little over", "over"),
    ("a bit over", "over"),
    ("a little less than", "under"),
    ("a bit less than", "under"),
    ("a little under", "under"),
    ("a bit under", "under"),
    ("not quite", "under"),
    ("just shy of", "under"),
    ("shy of", "under"),
    ("just under", "under"),
    ("just over", "over"),
    ("well over", "over"),
    ("more than", "over"),
    ("longer than", "over"),
    ("upwards of", "over"),
    ("in excess of", "over"),
    ("less than", "under"),
    ("close to", "under"),
    ("closer to", "about"),
    ("at least", "about"),
    ("going on", "about"),
    ("coming up on", "under"),
    ("approximately", "about"),
    ("approx", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("about", "about"),
    ("nearly", "under"),
    ("almost", "under"),
    ("under", "under"),
    ("over", "over"),
    ("like", "about"),
    ("some", "about"),
    ("~", "about"),
)

#: Qualifiers after a quantity ("two weeks or so").
TRAILING_QUALIFIERS: Sequence[Tuple[str, str]] = (
    ("or more", "over"),
    ("or longer", "over"),
    ("plus", "over"),
    ("+", "over"),
    ("or so", "about"),
    ("ish", "about"),
)

#: The tokens quantities are read from: digit runs, letter runs, '+' and '~'.
TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[a-z]+|\+|~")


def normalize_text(text: str) -> str:
    """Lower-case ``text``, turn digit ranges into "to" and other hyphens into spaces.

    >>> normalize_text("A two-week wait, 2-3 Weeks")
    'a two week wait 2 to 3 weeks'
    """
    t = text.lower().replace("\u2019", "'")
    t = re.sub(r"(\d)\s*[-\u2013\u2014]\s*(\d)", r"\1 to \2", t)
    t = re.sub(r"[-\u2013\u2014_/]", " ", t)
    t = re.sub(r"[^\w\s+~.']", " ", t)
    t = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", t)
    return re.sub(r"\s+", " ", t).strip()
