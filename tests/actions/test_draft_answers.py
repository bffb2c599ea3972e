"""actions/draft_answers.py: the name, and the role, in a whole-sentence answer to "who should it go to?"."""

from __future__ import annotations

from typing import Optional

import pytest

from actions.draft_answers import recipient_in, role_in


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
