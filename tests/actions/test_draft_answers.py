"""actions/draft_answers.py: the name, and the role, in a whole-sentence answer to "who should it go to?"."""

from __future__ import annotations

from typing import Optional

import pytest

from actions.draft_answers import moment_in, recipient_in, role_in


@pytest.mark.parametrize("answer, name, role", [
    ("it's to marcus webb, the hiring manager at larkspur museum. the job is exhibit technician",
     "Marcus Webb", "exhibit technician"),
    ("it goes to the hr coordinator at northgate credit union, jessica. role is loan processor",
     "Jessica", "loan processor"),
    ("principal is mrs. delgado. interviewed 16 days ago", "Mrs. Delgado", None),
    ("to the clinic director, dr. fenwick. i interviewed for front office coordinator", "Dr. Fenwick",
     "front office coordinator"),
    ("the hiring manager is carl ostrowski, role is member service rep", "Carl Ostrowski",
     "member service rep"),
    ("to the shelter, the volunteer coordinator role, to the shelter director anne-marie", "Anne-Marie",
     "the volunteer coordinator role"),
    ("it's addressed to hr, no specific name", "the hiring team", None),
])
def test_the_name_and_role_in_an_answer(answer: str, name: str, role: Optional[str]) -> None:
    assert recipient_in(answer) == name
    assert role_in(answer) == role


@pytest.mark.parametrize("answer", ["We both grew up in the same small town", "i don't know who it goes to"])
def test_no_name_where_there_is_none(answer: str) -> None:
    assert recipient_in(answer) is None


@pytest.mark.parametrize("answer, moment", [
    ("to Peter Novak, skip the memorable thing", "none"),
    ("Farah Siddiqui, marketing lead. she liked my tote bag from a podcast we both listen to",
     "she liked my tote bag from a podcast we both listen to"),
    ("Mrs. Shaw. Position is Credit Analyst.", None),
])
def test_the_moment_told_in_the_same_answer(answer: str, moment: Optional[str]) -> None:
    assert moment_in(answer) == moment


def test_every_detail_of_one_answer_is_read() -> None:
    answer = ("its to jonathan reyes, hiring manager for the data analyst role at Brightwater Foods. "
              "we both talked about our dogs for like 5 min")
    assert recipient_in(answer) == "Jonathan Reyes"
    assert role_in(answer) == "the data analyst role at Brightwater Foods"
    assert moment_in(answer) == "we both talked about our dogs for like 5 min"


def test_we_both_and_any_verb_is_a_shared_moment() -> None:
    assert moment_in("I'm Beatriz. We both speak Portuguese, that was a nice moment.") == \
        "We both speak Portuguese, that was a nice moment"
