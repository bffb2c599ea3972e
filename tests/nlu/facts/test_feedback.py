"""ask_amy/nlu/facts/feedback.py: a short verdict on the last answer, and what is not one."""

from __future__ import annotations

from typing import Optional

import pytest

from ask_amy.nlu.facts.feedback import feedback


def value(text: str) -> Optional[str]:
    found = feedback(text)
    return None if found is None else found["value"]


@pytest.mark.parametrize("text", ["hmm not what I asked", "that's not what I meant", "that didn't help",
                                  "you're not listening", "useless", "wrong answer", "you didn't answer"])
def test_negative_feedback_is_read(text: str) -> None:
    assert value(text) == "negative"


@pytest.mark.parametrize("text", ["thanks, that helped", "that's really helpful", "perfect",
                                  "this helps a lot"])
def test_positive_feedback_is_read(text: str) -> None:
    assert value(text) == "positive"


@pytest.mark.parametrize("text", [
    "this interview was useless, the manager was rude. should I follow up after a week or not at all?",
    "should I call or email?", "thanks", "is it not too soon to write?",
])
def test_a_question_or_a_story_is_not_feedback(text: str) -> None:
    assert value(text) is None
