"""The held-out journeys (tests/journeys/) against the live bot.

The set's target is 90% (``journeys.TARGET``); the bot is not there yet, so the test holds it to
the level measured when the set landed (``journeys.FLOOR``) and prints the table by category.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ask_amy.cli.stack import MODEL
from testkit import journeys

JOURNEYS = journeys.load()


def test_the_set_is_well_formed() -> None:
    ids = [j.id for j in JOURNEYS]
    assert len(ids) == len(set(ids)) and len(ids) >= 150
    assert all(j.turns and j.turns[-1].expect for j in JOURNEYS), "every journey checks its last reply"


def test_a_reply_that_repeats_or_misses_its_words_is_caught() -> None:
    expect = {"any": ["feedback"], "none": ["ask for an update"], "slots": {"heard_back": "rejection"}}
    assert journeys.check_reply("Ask for feedback.", None, expect, {"heard_back": "rejection"}) == []
    problems = journeys.check_reply("Ask for an update.", "Ask for an update.", expect, {})
    assert len(problems) == 4


def test_a_yes_no_fact_matches_however_it_is_spelled() -> None:
    assert journeys.check_reply("ok", None, {"slots": {"called": "yes"}}, {"called": True}) == []
    assert journeys.check_reply("ok", None, {"slots": {"called": True}}, {"called": "true"}) == []
    assert journeys.check_reply("ok", None, {"slots": {"called": "yes"}}, {"called": None}) != []
    assert journeys.check_reply("ok", None, {"slots": {"heard_back": "offer"}}, {"heard_back": "true"}) != []


def test_a_slot_named_in_the_writers_words_is_read_from_the_domains_slot() -> None:
    offer = {"slots": {"competing_offer": "yes"}}
    assert journeys.check_reply("ok", None, offer, {"has_competing_offer": True}) == []
    assert journeys.check_reply("ok", None, offer, {"has_competing_offer": False}) != []
    assert journeys.check_reply("ok", None, offer, {"competing_offer": True}) != []


@pytest.mark.live
def test_the_journeys_fit_what_was_said_no_less_often_than_when_they_landed(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    results = journeys.run_all(tmp_path)
    passed = sum(r.passed for r in results)
    print("\n" + journeys.report(results))
    assert passed / len(results) >= journeys.FLOOR, journeys.report(results)
