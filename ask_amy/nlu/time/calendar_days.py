"""Days since a point in time: "since Tuesday", "last week", "June 5", and business days.

Pure functions of their arguments and an explicit ``today`` date (no clock is read here), used by
:func:`ask_amy.nlu.time.durations.parse_duration` and the fact extractor.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from ask_amy.nlu.time.duration_words import MONTHS, WEEKDAYS, normalize_text


def business_days_to_calendar_days(
    business_days: float, today: Optional[_dt.date] = None
) -> float:
    """Convert a number of business days (counted back from ``today``) to calendar days.

    With a ``today`` date the function walks back day by day skipping Saturdays and
    Sundays; without one it uses the average ratio 7/5.

    >>> business_days_to_calendar_days(5, _dt.date(2024, 6, 14))  # a Friday
    7
    """
    if business_days <= 0:
        return 0
    if today is None or not float(business_days).is_integer():
        return business_days * 7.0 / 5.0
    remaining = int(business_days)
    day = today
    calendar = 0
    while remaining > 0:
        day -= _dt.timedelta(days=1)
        calendar += 1
        if day.weekday() < 5:
            remaining -= 1
    return calendar


def days_since_weekday(weekday: int, today: _dt.date) -> int:
    """Days since the most recent ``weekday`` (0=Monday) strictly before ``today``.

    "since Tuesday" said on a Tuesday means a week ago (7), said on a Wednesday 1.
    """
    delta = (today.weekday() - weekday) % 7
    return delta or 7


def days_since_date(month: int, day: int, today: _dt.date) -> Optional[int]:
    """Days since ``month``/``day`` of the current year (or last year if in the future)."""
    try:
        when = _dt.date(today.year, month, day)
    except ValueError:
        return None
    if when > today:
        try:
            when = _dt.date(today.year - 1, month, day)
        except ValueError:
            return None
    return (today - when).days


_ORDINAL_RE = r"(\d{1,2})(?:st|nd|rd|th)?"


def parse_relative_day(text: str, today: _dt.date) -> Optional[int]:
    """Resolve a point-in-time expression to the number of days since it.

    Handles "since Tuesday", "since last Monday", "on Monday", "yesterday",
    "the day before yesterday", "today"/"this morning", "last week", "last month",
    "the week before last", "last weekend", "since June 5" / "since the 5th of June".

    Returns ``None`` if ``text`` is not such an expression.
    """
    t = normalize_text(text)
    t = re.sub(r"^(?:ever |even )?since ", "", t)
    t = re.sub(r"^(?:on|back on|this past|past) ", "", t)
    t = re.sub(r"'s$", "", t).strip()

    if t in {"yesterday", "yesterday morning", "yesterday afternoon", "last night",
             "yesterday evening"}:
        return 1
    if t in {"the day before yesterday", "day before yesterday"}:
        return 2
    if t in {"today", "this morning", "this afternoon", "earlier today", "this evening"}:
        return 0
    if t in {"last week", "the last week", "a week ago"}:
        return 7
    if t in {"the week before last", "week before last"}:
        return 14
    if t in {"last month", "a month ago"}:
        return 30
    if t in {"last year"}:
        return 365
    if t in {"last weekend", "the weekend", "over the weekend"}:
        return days_since_weekday(5, today)

    m = re.fullmatch(r"(?:last |this past |past )?([a-z]+)(?: (morning|afternoon|evening|night))?", t)
    if m and m.group(1) in WEEKDAYS:
        return days_since_weekday(WEEKDAYS[m.group(1)], today)
    m = re.fullmatch(r"(?:the )?([a-z]+) before last", t)
    if m and m.group(1) in WEEKDAYS:
        return days_since_weekday(WEEKDAYS[m.group(1)], today) + 7

    m = re.fullmatch(r"([a-z]+) (?:the )?" + _ORDINAL_RE, t)
    if m and m.group(1) in MONTHS:
        return days_since_date(MONTHS[m.group(1)], int(m.group(2)), today)
    m = re.fullmatch(r"(?:the )?" + _ORDINAL_RE + r" (?:of )?([a-z]+)", t)
    if m and m.group(2) in MONTHS:
        return days_since_date(MONTHS[m.group(2)], int(m.group(1)), today)
    return None
