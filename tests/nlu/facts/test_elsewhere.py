"""ask_amy/nlu/facts/elsewhere.py: an interview at another company is not an offer."""

from __future__ import annotations

import pytest

from ask_amy.nlu.facts.elsewhere import other_interview


@pytest.mark.parametrize("text", [
    "I have a second interview somewhere else next week, should I tell them that to speed things up?",
    "i'm interviewing with other companies too",
    "another company wants to interview me on thursday",
    "I have a final round at a different firm on friday",
    "i have a phone screen with another company tomorrow",
])
def test_an_interview_elsewhere_is_read(text: str) -> None:
    assert other_interview(text) is not None


@pytest.mark.parametrize("text", [
    "I had a second interview with them last week",
    "should I interview somewhere else?",
    "how did my interview go, do you think?",
    "do I still need to reply to the other place I interviewed at?",
])
def test_their_own_interviews_and_questions_are_not(text: str) -> None:
    assert other_interview(text) is None


@pytest.mark.parametrize("text", [
    "got an interview at a dialysis center tmrw. do i tell st brigid's abt it?",
    "but the movie theater wants to interview me thursday!!",
    "I booked an interview with their competitor.",
    "Company B onsite scheduled next week. Leverage that with A?",
    "got a tryout at a steakhouse next week. tell the bistro chef?",
])
def test_an_upcoming_interview_somewhere_named(text: str) -> None:
    assert other_interview(text) is not None


@pytest.mark.parametrize("text", ["I have a second interview with them on Friday",
                                  "I have an interview on Tuesday"])
def test_the_same_employer_s_next_interview_is_not_elsewhere(text: str) -> None:
    assert other_interview(text) is None


def test_an_interview_made_up_to_pressure_them_is_not_one_held() -> None:
    assert other_interview("should I pretend I have an interview at another company next week?") is None


@pytest.mark.parametrize("text", [
    "Is it bluffing to tell them I'm interviewing somewhere else? I'm not lying, I have an interview.",
    "so amy says dont fake an offer. what about a real interview tho? can i mention that",
    "I'm in final rounds at two companies, no offers yet.",
    "i interviewed at another company this morning. do i need to tell the other company?",
    "Respected Amy, I have attended one interview in other company yesterday.",
])
def test_a_real_interview_asked_about_in_other_words(text: str) -> None:
    assert other_interview(text) is not None


def test_an_interview_only_hoped_for_is_not_held() -> None:
    assert other_interview("what if I get an interview at another company?") is None


@pytest.mark.parametrize("text", [
    "Can I tell X about the interview with Y?",
    "Should I tell them about the hospital interviews?",
    "Should I use the interviews as leverage?",
    "Does that apply to interviews too?",
    "also i have interviews at 2 other insurers. shld i say that when i follow up?",
    "Bonjour, I have interview in another company. Can I say this? I don't want to be impolite or lie.",
])
def test_a_question_about_telling_of_interviews_elsewhere_holds_one(text: str) -> None:
    assert other_interview(text) is not None


def test_asking_about_one_s_own_interview_is_not_one_elsewhere() -> None:
    assert other_interview("should I ask them about my interview feedback") is None
