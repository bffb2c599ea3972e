"""Reading the person's situation from slots, and saying waits in words."""

import pytest

from actions.situation import Situation, describe_wait, is_yes


@pytest.mark.parametrize(
    "days, words",
    [(1, "one day"), (3, "three days"), (7, "one week"), (10, "ten days"), (14, "two weeks"),
     (21, "three weeks"), (30, "about a month"), (60, "about two months"), (0, "less than a day")],
)
def test_describe_wait(days: int, words: str) -> None:
    assert describe_wait(days) == words


def test_from_slots_reads_every_fact() -> None:
    s = Situation.from_slots(
        {"wait_days": 21.0, "has_competing_offer": "yes", "offer_deadline": "Friday", "thank_you_sent": "no"}
    )
    assert s == Situation(wait_days=21, has_offer=True, deadline="Friday", thank_you_sent=False)


def test_from_slots_tolerates_missing_and_bad_values() -> None:
    assert Situation.from_slots({}) == Situation()
    assert Situation.from_slots({"wait_days": "soon"}).wait_days is None


@pytest.mark.parametrize("value, expected", [(True, True), ("yes", True), ("true", True), ("no", False), (False, False)])
def test_is_yes(value: object, expected: bool) -> None:
    assert is_yes(value) is expected


def test_placeholders_capitalise_the_wait() -> None:
    assert Situation(wait_days=21).placeholders()["wait_cap"] == "Three weeks"
