"""Parse English waiting-time expressions into whole days.

Everything here is a pure function of its arguments (plus module-level constant
tables): no spaCy, no Rasa, no I/O.  Relative expressions ("since Tuesday",
"last week", "yesterday") are resolved against an explicit ``today`` date.

Conventions (kept deliberately simple and predictable):

* Units: day = 1, week = 7, fortnight = 14, month = 30, year = 365 days;
  hours are divided by 24.  Business/working days are converted to calendar days by
  counting back over weekdays from ``today`` (or ``* 7 / 5`` when no date is known).
* Number words: "a"/"an"/"one" = 1, "a couple (of)" = 2, "a few"/"several"/"a handful
  of" = 3, "half a" = 0.5, "a dozen" = 12, "one and a half" = 1.5, compounds such as
  "twenty one"; digits ("10", "1.5", "2+") and digits glued to units ("10days").
* Ranges ("2-3 weeks", "two or three weeks", "a week or two") use the lower bound,
  i.e. what the person is sure of.
* Qualifiers: "almost/nearly/under/less than/not quite/just under" subtract one day,
  "over/more than/just over/2+/or more" add one day (so "almost two weeks" = 13 is
  below a two-week threshold and "over two weeks" = 15 is above it);
  "about/around/roughly/approximately/at least/like/or so" leave the value unchanged.
* Results are rounded half up to whole days and never negative.

The word tables live in :mod:`ask_amy.nlu.time.duration_words` and the point-in-time expressions in
:mod:`ask_amy.nlu.time.calendar_days`; this module re-exports both, so ``durations.WEEKDAYS`` and
``durations.parse_relative_day`` still work.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ask_amy.nlu.time.calendar_days import (
    business_days_to_calendar_days,
    days_since_date,
    days_since_weekday,
    parse_relative_day,
)
from ask_amy.nlu.time.duration_words import (
    BUSINESS_PREFIXES,
    MONTHS,
    NUMBER_WORDS,
    QUALIFIERS,
    QUANTITY_WORDS,
    TOKEN_RE,
    TRAILING_QUALIFIERS,
    UNIT_ALIASES,
    UNIT_DAYS,
    UNIT_WORDS,
    VAGUE_QUANTITIES,
    WEEKDAYS,
    normalize_text,
)

__all__ = [
    "DurationParts",
    "NUMBER_WORDS",
    "UNIT_DAYS",
    "WEEKDAYS",
    "MONTHS",
    "QUANTITY_WORDS",
    "UNIT_WORDS",
    "normalize_text",
    "parse_number",
    "canonical_unit",
    "find_qualifier",
    "parse_duration_parts",
    "parse_duration",
    "parse_relative_day",
    "days_since_weekday",
    "days_since_date",
    "business_days_to_calendar_days",
    "round_days",
    "format_duration",
]

# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class DurationParts:
    """A parsed "quantity + unit" expression.

    Attributes:
        amount: Numeric quantity of ``unit`` (e.g. ``1.5`` for "a week and a half").
        unit: Canonical unit: "hour", "day", "business day", "week", "fortnight",
            "month" or "year".
        qualifier: "under", "over", "about" or ``None``.

    """

    amount: float
    unit: str
    qualifier: Optional[str] = None


def _tokens(text: str) -> List[str]:
    """Split normalised text into digit runs, letter runs, '+' and '~' tokens."""
    return TOKEN_RE.findall(normalize_text(text))


def round_days(value: float) -> int:
    """Round a non-negative number of days half up to an int (never below 0)."""
    if value <= 0:
        return 0
    return int(math.floor(value + 0.5))


def canonical_unit(word: str, previous: Optional[str] = None) -> Optional[str]:
    """Return the canonical unit for ``word`` (e.g. "weeks" -> "week").

    Args:
        word: A single lower-case word.
        previous: The preceding word, so that "business days" / "working days" map to
            "business day".

    Returns:
        The canonical unit name or ``None`` if ``word`` is not a time unit.

    """
    unit = UNIT_ALIASES.get(word.lower())
    if unit == "day" and previous is not None and previous.lower() in BUSINESS_PREFIXES:
        return "business day"
    return unit


def parse_number(text: str) -> Optional[float]:
    """Parse a quantity phrase ("three", "a couple of", "half a", "10", "2+") to a number.

    Ranges ("2 to 3", "two or three") give the lower bound.  Returns ``None`` when the
    phrase contains no quantity at all.

    >>> parse_number("a couple of")
    2
    >>> parse_number("one and a half")
    1.5
    """
    return _parse_quantity_tokens(_tokens(text))


def _parse_quantity_tokens(tokens: Sequence[str]) -> Optional[float]:
    toks = [t for t in tokens if t not in {"+", "~"}]
    # "a one week deadline", "a 5 day wait": the article is not a number here
    if any(t in NUMBER_WORDS or re.fullmatch(r"\d+(?:\.\d+)?", t) for t in toks) and \
            "half" not in toks:
        toks = [t for t in toks if t not in {"a", "an"}]
    # Range: keep only the first alternative ("2 to 3", "two or three").
    for sep in ("or", "to"):
        if sep in toks:
            idx = toks.index(sep)
            if idx > 0:
                toks = toks[:idx]
    if not toks:
        return None

    # "half a", "half an" -> 0.5 ; "a half" -> 0.5 ; "X and a half" -> X + 0.5
    if "half" in toks:
        idx = toks.index("half")
        before = [t for t in toks[:idx] if t not in {"a", "an", "and"}]
        if before:
            base = _parse_quantity_tokens(before)
            return (base or 0.0) + 0.5
        return 0.5

    current: Optional[float] = None
    seen_any = False
    for tok in toks:
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            value = float(tok)
            current = value if current is None else current + value
            seen_any = True
        elif tok in NUMBER_WORDS:
            current = (current or 0.0) + NUMBER_WORDS[tok]
            seen_any = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
            seen_any = True
        elif tok == "dozen":
            current = (current or 1.0) * 12
            seen_any = True
        elif tok in VAGUE_QUANTITIES:
            current = VAGUE_QUANTITIES[tok]
            seen_any = True
        elif tok in {"a", "an"}:
            if current is None:
                current = 1.0
                seen_any = True
        elif tok in {"of", "and"}:
            continue
        else:
            # Unknown word inside the quantity: ignore (e.g. "the", "past").
            continue
    if not seen_any or current is None:
        return None
    return _clean(current)


def find_qualifier(text: str) -> Tuple[Optional[str], str]:
    """Strip a leading/trailing qualifier from a duration phrase.

    Returns:
        ``(qualifier, rest)`` where qualifier is "under", "over", "about" or ``None``
        and ``rest`` is the normalised phrase without it.

    >>> find_qualifier("almost a month")
    ('under', 'a month')

    """
    t = normalize_text(text)
    qualifier: Optional[str] = None
    changed = True
    while changed:
        changed = False
        for phrase, kind in QUALIFIERS:
            if t == phrase:
                continue
            if t.startswith(phrase + " ") or (phrase == "~" and t.startswith("~")):
                t = t[len(phrase):].strip()
                if qualifier is None or qualifier == "about":
                    qualifier = kind
                changed = True
                break
        for prefix in ("for ", "in ", "within ", "of ", "after ", "since ", "the past ",
                       "the last ", "past ", "last ", "now ", "already ", "only ", "just ",
                       "been "):
            if t.startswith(prefix):
                t = t[len(prefix):].strip()
                changed = True
    for phrase, kind in TRAILING_QUALIFIERS:
        if t.endswith(" " + phrase) or (phrase in {"+", "ish"} and t.endswith(phrase)):
            t = t[: -len(phrase)].strip()
            if qualifier is None or qualifier == "about":
                qualifier = kind
    if re.search(r"\d\s*\+", t):
        qualifier = "over"
    return qualifier, t


def parse_duration_parts(text: str) -> Optional[DurationParts]:
    """Parse "quantity unit" text into :class:`DurationParts` (no date arithmetic).

    "a week and a half" -> 1.5 week; "2 weeks and 3 days" -> 17 day;
    "a couple of weeks" -> 2 week; "almost a month" -> 1 month, qualifier "under".
    Returns ``None`` if no unit is present.
    """
    qualifier, rest = find_qualifier(text)
    toks = TOKEN_RE.findall(rest)
    if re.search(r"\d\s*\+", normalize_text(text)):
        qualifier = "over"

    groups: List[Tuple[float, str]] = []
    pending: List[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        prev = toks[i - 1] if i > 0 else None
        unit = canonical_unit(tok, prev)
        if tok in BUSINESS_PREFIXES and i + 1 < len(toks) and toks[i + 1] in {"day", "days"}:
            i += 1
            continue
        if unit is not None and not (tok in {"h", "d", "w"} and not pending):
            amount = _parse_quantity_tokens(pending)
            if amount is None:
                amount = 1  # bare unit: "a week" handled above, "weeks" alone -> 1
                if not pending and tok.endswith("s"):
                    amount = None  # "weeks" with no number is too vague
            pending = []
            # "a week and a half", "two weeks and a half"
            if toks[i + 1: i + 4] == ["and", "a", "half"]:
                if amount is not None:
                    amount = amount + 0.5
                i += 3
            if amount is not None:
                groups.append((float(amount), unit))
            # "a week or two" / "a day or so": ignore the upper bound
            if toks[i + 1: i + 2] == ["or"]:
                i += 2
                continue
        else:
            pending.append(tok)
        i += 1

    if not groups:
        return None
    if len(groups) == 1:
        amount, unit = groups[0]
        return DurationParts(amount=_clean(amount), unit=unit, qualifier=qualifier)
    # Several groups ("2 weeks and 3 days"): express in days.
    days = 0.0
    for amount, unit in groups:
        days += amount * UNIT_DAYS[unit]
    return DurationParts(amount=_clean(days), unit="day", qualifier=qualifier)


def _clean(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def parse_duration(text: str, today: Optional[_dt.date] = None) -> Optional[int]:
    """Parse a waiting-time expression into whole days.

    Accepts durations ("three weeks", "a couple of weeks", "10 days ago",
    "almost a month", "over two weeks", "5 business days", "a fortnight") and
    point-in-time expressions resolved against ``today`` ("since Tuesday",
    "since last Monday", "since yesterday", "last week").  ``today`` defaults to
    ``datetime.date.today()`` and only matters for those relative expressions and for
    business days.

    Returns:
        The number of whole days (``int``) or ``None`` if nothing was recognised.

    >>> parse_duration("almost a month")
    29
    >>> parse_duration("since Tuesday", _dt.date(2024, 6, 13))  # a Thursday
    2

    """
    if not text or not text.strip():
        return None
    normal = normalize_text(text)
    normal = re.sub(r"\s+ago$", "", normal)
    relative = parse_relative_day(normal, today or _dt.date.today())
    if relative is not None:
        return relative

    parts = parse_duration_parts(normal)
    if parts is None:
        return None
    if parts.unit == "business day":
        days = business_days_to_calendar_days(parts.amount, today)
    else:
        days = parts.amount * UNIT_DAYS[parts.unit]
    result = round_days(days)
    if parts.qualifier == "under":
        result = max(result - 1, 0)
    elif parts.qualifier == "over":
        result += 1
    return result


def format_duration(amount: float, unit: str) -> str:
    """Human text for an amount of a unit: (3, "day") -> "3 days", (1, "week") -> "1 week"."""
    number = _clean(amount)
    text = f"{number:g}" if isinstance(number, float) else str(number)
    plural = "" if number == 1 else "s"
    return f"{text} {unit}{plural}"
