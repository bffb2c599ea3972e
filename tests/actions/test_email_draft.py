"""The follow-up email follows the column and never invents an offer."""

import pytest

from actions.email_draft import DraftDetails, load_template, render, with_article

FULL = DraftDetails(name="Priya", role="the designer role at Acme", moment="our chat about her dog")


def test_draft_has_every_element_the_column_asks_for() -> None:
    text = render(FULL)
    assert text.startswith("Subject: Following up on my interview for the designer role at Acme")
    assert "Hi Priya," in text
    assert "our chat about her dog" in text  # the shared moment
    assert "excited about the role" in text  # interest
    assert "update" in text and "greatly appreciated" in text  # asks for an update
    assert "feedback" in text  # open to feedback


def test_draft_never_mentions_an_offer_the_person_does_not_have() -> None:
    text = render(DraftDetails(name="Priya", role="x", deadline="Friday", has_offer=False))
    assert "offer" not in text.lower() and "Friday" not in text


def test_draft_mentions_a_real_offer_and_its_deadline() -> None:
    text = render(DraftDetails(name="Priya", role="x", deadline="Friday", has_offer=True))
    assert "another offer" in text and "respond by Friday" in text


def test_skipped_moment_is_left_out() -> None:
    text = render(DraftDetails(name="Priya", role="x", moment="none"))
    assert "smile" not in text and "none" not in text


def test_variants_differ_and_cycle() -> None:
    template = load_template()
    n = len(template["openings"])
    assert render(FULL, 0) != render(FULL, 1)
    assert render(FULL, 0) == render(FULL, n * len(template["closings"]))


def test_moment_reads_well_as_a_phrase_or_a_clause() -> None:
    phrase = render(DraftDetails(name="P", role="x", moment="our shared love of hiking"))
    clause = render(DraftDetails(name="P", role="x", moment="we both laughed about the coffee machine"))
    assert "thinking about our shared love of hiking;" in phrase
    assert "remembering how we both laughed about the coffee machine;" in clause


@pytest.mark.parametrize("role, expected", [
    ("RN position on the cardiac unit", "the RN position on the cardiac unit"),
    ("data analyst", "the data analyst role"),
    ("line cook at Harbour Grill", "the line cook role at Harbour Grill"),
    ("the analyst job at Acme", "the analyst job at Acme"),
    ("an internship at the museum", "an internship at the museum"),
])
def test_a_role_reads_as_a_sentence(role: str, expected: str) -> None:
    assert with_article(role) == expected


def test_a_moment_typed_as_a_sentence_reads_inside_the_sentence() -> None:
    text = render(DraftDetails(name="Ms Lee", role="the analyst role", moment="We both grew up in Halifax"))
    assert "remembering how we both grew up in Halifax" in text
