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
