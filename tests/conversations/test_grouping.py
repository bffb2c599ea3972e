"""Near-duplicate unsure messages are grouped, with a count, the bot's guess and its confidence."""

from __future__ import annotations

from ask_amy.conversations.grouping import group
from ask_amy.conversations.outcomes import Message


def message(
    text: str, guess: str = "ask_feedback", confidence: float = 0.4, reason: str = "fell back"
) -> Message:
    return Message("s", 0.0, text, guess, confidence, guess, "unclear", [reason])


def test_near_duplicates_form_one_group_and_the_largest_comes_first() -> None:
    groups = group(
        [
            message("what is the capital of peru", "out_of_scope", 0.8, "out of scope"),
            message("do recruiters read cover letters twice"),
            message("Do recruiters read my cover letters twice?", confidence=0.2),
            message("do recruiters read cover letters twice", "ask_what_to_write", 0.3, "low confidence"),
        ]
    )
    assert [(g.count, g.example.text) for g in groups] == [
        (3, "do recruiters read cover letters twice"),
        (1, "what is the capital of peru"),
    ]
    first = groups[0]
    assert first.guess == "ask_feedback"
    assert abs(first.confidence - 0.3) < 1e-9
    assert first.reasons == ["fell back", "low confidence"]


def test_messages_that_share_only_common_words_stay_apart() -> None:
    groups = group([message("should I call them"), message("should I email them"), message("should I wait")])
    assert [g.count for g in groups] == [1, 1, 1]


def test_placeholders_count_as_words() -> None:
    groups = group([message("mail me at <email> please"), message("mail me at <email>, please")])
    assert [g.count for g in groups] == [2]
