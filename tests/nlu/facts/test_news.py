"""ask_amy/nlu/facts/news.py: news from the employer, and fears or questions that are not news."""

from __future__ import annotations

from typing import Optional

import pytest

from ask_amy.nlu.facts.news import heard_back


def value(text: str) -> Optional[str]:
    found = heard_back(text)
    return None if found is None else found["value"]


@pytest.mark.parametrize("text, expected", [
    ("The recruiter just let me know they picked another applicant", "rejection"),
    ("they decided to go with an internal hire, ugh", "rejection"),
    ("I got a rejection email this morning", "rejection"),
    ("I didn't get the job", "rejection"),
    ("the position has been filled apparently", "rejection"),
    ("They offered me the role!", "offer"),
    ("I got the job!!", "offer"),
    ("i was offered the position on friday", "offer"),
    ("I accepted a job at another firm last week", "accepted"),
    ("They want to set up one more conversation with the team", "next_step"),
    ("they phoned my old manager for a reference", "next_step"),
    ("she sent me a take-home assignment", "next_step"),
    ("she replied and said they're still interviewing, decision by end of month", "status"),
    ("I heard back today!", "status"),
    ("HR called me with an offer this afternoon", "offer"),
    ("the bakery offered me the position!", "offer"),
    ("the warehouse called and offered me the supervisor job!", "offer"),
    ("they offered it to me this afternoon", "offer"),
    ("update they offered!! i accepted", "accepted"),  # the latest news wins
    ("recruiter just emailed saying they'll decide by end of month", "status"),
    ("got an email back from the recruiter, they're still deciding", "status"),
])
def test_news_is_read(text: str, expected: str) -> None:
    assert value(text) == expected


@pytest.mark.parametrize("text", [
    "what if they say no?",
    "I'm scared they went with someone else",
    "they haven't said no yet",
    "I got an offer from another company yesterday",
    "should I ask for a second interview?",
    "they haven't replied",
    "i told the university and they said no way to move faster",
    "I haven't heard back",
    "Interviewed two weeks ago last Tuesday, they said by the end of next week, that was over a week ago",
    "it's been three weeks since my interview, should I call or email?",
    "the principal called my references, and that was almost three weeks ago. Nothing since.",
    "they said they were still interviewing a month ago and I haven't heard a thing",
])
def test_fears_questions_and_silence_are_not_news(text: str) -> None:
    assert value(text) is None


def test_the_entity_points_at_the_words_that_say_it() -> None:
    text = "quick update: they went with someone else"
    found = heard_back(text)
    assert found is not None and text[found["start"]:found["end"]] == "went with someone"


@pytest.mark.parametrize("text, kind", [
    ("they just called and said they'll make a decision by the 30th", "status"),
    ("They gave me a timeline: decision by end of next week.", "status"),
    ("they said the panel's recommendation goes to committee on the 3rd", "status"),
    ("The employer has indicated that a background check is underway.", "next_step"),
    ("oh wait they just emailed, they want to schedule a call with the director", "next_step"),
    ("Update: I have a final interview with the CEO next week.", "next_step"),
])
def test_news_told_in_other_words(text: str, kind: str) -> None:
    assert (heard_back(text) or {}).get("value") == kind


@pytest.mark.parametrize("text, kind", [
    ("never mind, they just emailed me a no.", "rejection"),
    ("they replied they won't be able to offer me the job", "rejection"),
    ("Good news! The company give me offer.", "offer"),
])
def test_a_no_or_an_offer_in_plain_words(text: str, kind: str) -> None:
    assert (heard_back(text) or {}).get("value") == kind
