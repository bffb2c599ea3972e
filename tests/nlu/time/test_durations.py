"""Tests for ask_amy.nlu.time.durations (pure functions, no spaCy needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from ask_amy.nlu.time import durations as D

THURSDAY = dt.date(2024, 6, 13)  # a Thursday
MONDAY = dt.date(2024, 6, 10)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("three", 3),
        ("ten", 10),
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("a couple of", 2),
        ("couple", 2),
        ("a few", 3),
        ("several", 3),
        ("half a", 0.5),
        ("one and a half", 1.5),
        ("twenty one", 21),
        ("twenty-one", 21),
        ("a dozen", 12),
        ("10", 10),
        ("1.5", 1.5),
        ("2+", 2),
        ("2 to 3", 2),
        ("two or three", 2),
        ("hello", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected) -> None:
    assert D.parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # plain durations
        ("three weeks", 21),
        ("3 weeks", 21),
        ("a week", 7),
        ("ten days", 10),
        ("a couple of weeks", 14),
        ("a few days", 3),
        ("half a month", 15),
        ("a month", 30),
        ("two months", 60),
        ("a fortnight", 14),
        ("a week and a half", 11),
        ("one and a half weeks", 11),
        ("1.5 weeks", 11),
        ("2 weeks and 3 days", 17),
        ("48 hours", 2),
        ("10days", 10),
        ("3 wks", 21),
        ("two-week", 14),
        ("10 days ago", 10),
        ("for 3 weeks", 21),
        # ranges use the lower bound
        ("2-3 weeks", 14),
        ("two or three weeks", 14),
        ("a week or two", 7),
        # qualifiers
        ("almost a month", 29),
        ("nearly two weeks", 13),
        ("not quite 3 weeks", 20),
        ("less than a week", 6),
        ("over two weeks", 15),
        ("more than a week", 8),
        ("just over a week", 8),
        ("a little over a week", 8),
        ("2+ weeks", 15),
        ("about 10 days", 10),
        ("around two weeks", 14),
        ("roughly 3 weeks", 21),
        ("at least a week", 7),
        ("3 weeks or so", 21),
        ("going on 3 weeks", 21),
        # nothing to parse
        ("weeks", None),
        ("since the interview", None),
        ("hello there", None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_duration(text: str, expected) -> None:
    assert D.parse_duration(text, THURSDAY) == expected


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("since Tuesday", THURSDAY, 2),
        ("since tuesday", MONDAY, 6),
        ("since Thursday", THURSDAY, 7),  # same weekday means a week ago
        ("since last Monday", THURSDAY, 3),
        ("since yesterday", THURSDAY, 1),
        ("yesterday", THURSDAY, 1),
        ("the day before yesterday", THURSDAY, 2),
        ("since this morning", THURSDAY, 0),
        ("last week", THURSDAY, 7),
        ("since last week", THURSDAY, 7),
        ("last month", THURSDAY, 30),
        ("the week before last", THURSDAY, 14),
        ("on Monday", THURSDAY, 3),
        ("since June 5", THURSDAY, 8),
        ("since the 5th of June", THURSDAY, 8),
        ("since December 25", THURSDAY, 171),  # last year's date
    ],
)
def test_relative_expressions(text: str, today: dt.date, expected: int) -> None:
    assert D.parse_duration(text, today) == expected


def test_relative_expression_defaults_to_today() -> None:
    assert D.parse_duration("since yesterday") == 1


@pytest.mark.parametrize(
    "business_days, today, expected",
    [
        (5, THURSDAY, 7),
        (3, THURSDAY, 3),  # Wed, Tue, Mon
        (3, MONDAY, 5),  # Fri, Thu, Wed
        (10, THURSDAY, 14),
        (0, THURSDAY, 0),
    ],
)
def test_business_days(business_days: int, today: dt.date, expected: int) -> None:
    assert D.business_days_to_calendar_days(business_days, today) == expected
    assert D.parse_duration(f"{business_days} business days", today) == (
        expected if business_days else 0
    )


def test_business_days_without_date_use_average_ratio() -> None:
    assert D.business_days_to_calendar_days(10) == pytest.approx(14.0)
    assert D.parse_duration("5 working days") == 7


def test_days_since_weekday_is_never_zero() -> None:
    for weekday in range(7):
        value = D.days_since_weekday(weekday, THURSDAY)
        assert 1 <= value <= 7


def test_days_since_date_invalid() -> None:
    assert D.days_since_date(2, 30, THURSDAY) is None


@pytest.mark.parametrize(
    "text, amount, unit, qualifier",
    [
        ("almost a month", 1, "month", "under"),
        ("within three days", 3, "day", None),
        ("in 48 hours", 48, "hour", None),
        ("a week and a half", 1.5, "week", None),
        ("3 business days", 3, "business day", None),
        ("over 2 weeks", 2, "week", "over"),
    ],
)
def test_parse_duration_parts(text: str, amount, unit: str, qualifier) -> None:
    parts = D.parse_duration_parts(text)
    assert parts == D.DurationParts(amount=amount, unit=unit, qualifier=qualifier)


@pytest.mark.parametrize(
    "amount, unit, expected",
    [
        (3, "day", "3 days"),
        (1, "week", "1 week"),
        (1.5, "week", "1.5 weeks"),
        (48, "hour", "48 hours"),
        (2, "business day", "2 business days"),
    ],
)
def test_format_duration(amount, unit: str, expected: str) -> None:
    assert D.format_duration(amount, unit) == expected


def test_round_days_half_up_and_never_negative() -> None:
    assert D.round_days(10.5) == 11
    assert D.round_days(0.4) == 0
    assert D.round_days(-3) == 0


def test_results_are_ints() -> None:
    for text in ("a week and a half", "half a month", "almost a month", "since Tuesday"):
        assert isinstance(D.parse_duration(text, THURSDAY), int)
