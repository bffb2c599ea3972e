"""ask_amy/nlu/facts/asks.py: requests the bot can't fulfil, and questions about its last answer."""

from __future__ import annotations

from typing import Dict

import pytest

from ask_amy.nlu.facts.asks import asks


def found(text: str) -> Dict[str, str]:
    return {e["entity"]: e["value"] for e in asks(text)}


@pytest.mark.parametrize("text, expected", [
    ("can you remind me on Monday to follow up?", {"request": "reminder"}),
    ("set a reminder for friday please", {"request": "reminder"}),
    ("can you call them for me?", {"request": "call"}),
    ("can I talk to a real person", {"request": "human"}),
    ("what if they don't reply to that either?", {"what_if": "no_reply"}),
    ("and if they say no?", {"what_if": "rejection"}),
    ("how do I negotiate the salary?", {"what_if": "salary"}),
    ("should I just accept the startup then?", {"what_if": "accept"}),
    ("still nothing, now what?", {"what_if": "silence"}),
    ("was that a mistake?", {"what_if": "mistake"}),
    ("should i call again tomorrow", {"what_if": "call_again"}),
    ("should I mention that to the first one?", {"what_if": "mention"}),
    ("what do i do now", {"what_if": "next"}),
    ("any tips", {"what_if": "next"}),
    ("can you find out if i got the job", {"request": "call"}),
    ("ok then can you text me when they reply?", {"request": "notify"}),
])
def test_asks_are_read(text: str, expected: Dict[str, str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "can you help me write the email?",
    "should I call them?",
    "they reminded me to send my references",
    "am I talking to a real person?",  # asking what the bot is, not a request
    "how long should a cv be",
    "should i take a gap year",
    # a question with its story: answered for what it says, not as "what now?"
    "it's been ten days since the interview at the bakery, what should I do now?",
])
def test_ordinary_questions_are_not_asks(text: str) -> None:
    assert found(text) == {}


@pytest.mark.parametrize("text, kind", [
    ("check my email and tell me if they replied", "access"),
    ("Please log into my applicant portal and check my status", "access"),
    ("set an alert for when 2 weeks have passed since my interview", "reminder"),
    ("put a follow-up reminder in my google calendar for the 18th", "reminder"),
    ("can you just send the email to them yourself?", "call"),
    ("schedule my follow-up email to go out monday at 9am", "call"),
    ("Can I speak with Amy herself?", "human"),
    ("human agent", "human"),
    ("Can you connect me with a career coach I can actually talk to?", "human"),
])
def test_more_requests_the_bot_cannot_fulfil(text: str, kind: str) -> None:
    assert ("request", kind) in {(e["entity"], e["value"]) for e in asks(text)}


@pytest.mark.parametrize("text", ["can you send me a template?", "should I check my email more often?",
                                  "what should the email say?"])
def test_ordinary_questions_are_not_requests(text: str) -> None:
    assert "request" not in {e["entity"] for e in asks(text)}


@pytest.mark.parametrize("text, kind", [
    ("when i email should i bring up something from the interview?", "moment"),
    ("is 2 weeks long enough to wait before emailing them?", "timing"),
    ("was that ok?", "mistake"),
    ("How long should my follow-up email be?", "length"),
    ("what subject line should I use?", "subject"),
    ("what if they reply that they're still deciding?", "reply_status"),
    ("but what if they never find out?", "found_out"),
])
def test_questions_about_the_last_answer(text: str, kind: str) -> None:
    assert ("what_if", kind) in {(e["entity"], e["value"]) for e in asks(text)}


@pytest.mark.parametrize("text, kind", [
    ("Average hiring time?", "numbers"),
    ("How many follow-ups am I allowed before I'm officially annoying?", "numbers"),
    ("Should I attach my portfolio again?", "attach"),
    ("what if he says i wasn't fast enough on the line?", "criticism"),
    ("can i put emojis in it", "emoji"),
    ("ok what if they dont reply to the email tho", "no_reply"),
    ("Should I copy the church secretary on it, too?", "recipient"),
    ("Is that worth bringing up?", "moment"),
])
def test_more_questions_about_the_last_answer(text: str, kind: str) -> None:
    assert ("what_if", kind) in {(e["entity"], e["value"]) for e in asks(text)}


@pytest.mark.parametrize("text, kind", [
    ("can you just call the apartment manager for me and ask him if I got the job", "call"),
    ("could you maybe just find the marketing director's email address for me", "call"),
    ("Have my follow-up sent at 8am Monday", "call"),
    ("can u check my application status on the job site", "call"),
    ("Can you ping me Thursday morning so I don't chicken out?", "reminder"),
    ("Can I talk to an actual human being instead of a bot?", "human"),
])
def test_yet_more_requests(text: str, kind: str) -> None:
    assert ("request", kind) in {(e["entity"], e["value"]) for e in asks(text)}


@pytest.mark.parametrize("text, kind", [
    ("send another?", "no_reply"), ("Is a third one too many?", "no_reply"),
    ("Am I being a pest if I send one more?", "no_reply"),
    ("What does Amy say about a second mail?", "no_reply"),
    ("next?", "next"),
])
def test_another_message_and_a_bare_next_are_asks_about_the_last_answer(text: str, kind: str) -> None:
    assert {e["entity"]: e["value"] for e in asks(text)}.get("what_if") == kind


@pytest.mark.parametrize("text", ["Have I harmed my chances?", "Was that too pushy?",
                                  "Should I have done that?"])
def test_asking_whether_it_was_a_mistake_in_other_words(text: str) -> None:
    assert {e["entity"]: e["value"] for e in asks(text)}.get("what_if") == "mistake"


@pytest.mark.parametrize("text, expected", [
    ("should I ask for more vacation?", {"what_if": "salary"}),
    ("can you just send them the email for me?", {"request": "call"}),
    ("Is Amy Davies available to answer me personally?", {"request": "human"}),
])
def test_more_asks_in_other_words(text: str, expected: Dict[str, str]) -> None:
    assert found(text) == expected
