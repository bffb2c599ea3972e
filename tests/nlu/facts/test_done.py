"""ask_amy/nlu/facts/done.py: what the person already did, and plans that are not deeds."""

from __future__ import annotations

from typing import Set, Tuple

import pytest

from ask_amy.nlu.facts.done import already_done


def deeds(text: str) -> Set[Tuple[str, str]]:
    return {(e["entity"], e["value"]) for e in already_done(text)}


@pytest.mark.parametrize("text, expected", [
    ("I emailed the hiring manager eight days ago and nothing came back", {("followed_up", "true")}),
    ("I already followed up twice and heard nothing", {("followed_up", "true")}),
    ("no reply to my follow-up email either", {("followed_up", "true")}),
    ("I rang her yesterday, was that a bad idea?", {("called", "true")}),
    ("i already called them on monday", {("called", "true")}),
    ("I told them about my other offer and they said they can't move any faster", {("told_offer", "true")}),
    ("I let them know about the deadline", {("told_offer", "true")}),
    ("yeah I did already, two weeks ago", {("followed_up", "true")}),
    ("I did follow up on friday", {("followed_up", "true")}),
    ("I sent it yesterday", {("followed_up", "true")}),
    ("they said they won't be able to decide until the 20th", {("told_offer", "true")}),
    ("the recruiter said the timeline can't change", {("told_offer", "true")}),
])
def test_deeds_are_read(text: str, expected: Set[Tuple[str, str]]) -> None:
    assert deeds(text) == expected


@pytest.mark.parametrize("text", [
    "should I call them?",
    "they called me for a phone screen",
    "I sent a thank you note after the interview",
    "I haven't emailed them yet",
    "I might email her tomorrow",
    "I haven't told them about the offer",
    "How do I follow up after my interview?",
])
def test_plans_thanks_and_their_calls_are_not_deeds(text: str) -> None:
    assert deeds(text) == set()


@pytest.mark.parametrize("text", [
    "I wrote email to company 2 week ago to ask news. No reply.",
    "Having sent a follow-up email eight days ago without response, what now?",
    "I did the light upbeat follow-up email, mentioned the joke about the elevator. Crickets.",
    "I have already written the follow-up mail one week ago. Nobody answered.",
    "I sent a thank-you, then ten days later a short, warm follow-up. Still nothing.",
])
def test_a_follow_up_told_in_other_words_is_a_deed(text: str) -> None:
    assert ("followed_up", "true") in deeds(text)


@pytest.mark.parametrize("text, called", [
    ("My dad told me to call them, so I did. Got the hiring manager's voicemail.", True),
    ("Got impatient and called the office line. It went to a general voicemail.", True),
    ("they called me and it went to voicemail", False),
])
def test_a_call_that_reached_voicemail_is_the_person_s_call(text: str, called: bool) -> None:
    assert (("called", "true") in deeds(text)) is called


@pytest.mark.parametrize("text", [
    "Interviewed at Lindqvist Consulting, sent a thank-you, then a follow-up 2 weeks later. Nothing.",
    "Thank you note sent, follow-up sent. Both unanswered.",
])
def test_a_follow_up_beside_the_thank_you_note_is_a_deed(text: str) -> None:
    assert ("followed_up", "true") in deeds(text)
