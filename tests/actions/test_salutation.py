"""The email greets its recipient by first name, or by title and surname when given one."""

import pytest

from actions.email_draft import DraftDetails, render
from actions.salutation import addressee


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Dana Lee", "Dana"),
        ("dana lee", "Dana"),
        ("Priya", "Priya"),
        ("Mary-Jane Watson", "Mary-Jane"),
        ("McKenzie Brown", "McKenzie"),
        ("  José   Álvarez ", "José"),
        ("Dr. Lee", "Dr. Lee"),
        ("Dr Dana Lee", "Dr. Lee"),
        ("dr lee", "Dr. Lee"),
        ("doctor Dana Lee", "Dr. Lee"),
        ("Ms. Okafor", "Ms. Okafor"),
        ("ms chioma okafor", "Ms. Okafor"),
        ("Mr van Dijk", "Mr. van Dijk"),
        ("Ms. Ana de la Cruz", "Ms. de la Cruz"),
        ("Professor Ng", "Professor Ng"),
        ("Dr. Martin Luther King Jr.", "Dr. King"),
        ("Dana Lee, PhD", "Dana"),
        ("J. Smith", "J. Smith"),
        ("the hiring team", "hiring team"),
        ("Hiring Manager", "Hiring Manager"),
        ("Dr.", "Dr."),
    ],
)
def test_addressee(name: str, expected: str) -> None:
    assert addressee(name) == expected


def test_the_draft_greets_by_first_name() -> None:
    text = render(DraftDetails(name="Dana Lee", role="the analyst role at Acme"))
    assert "\n\nHi Dana,\n\n" in text and "Dana Lee" not in text


def test_the_draft_greets_by_title_and_surname() -> None:
    assert "Hi Dr. Lee," in render(DraftDetails(name="Dr. Dana Lee", role="x"))
    assert "Hi Ms. Okafor," in render(DraftDetails(name="Ms. Okafor", role="x"))
