"""What the bot made of each message, from real Rasa events: outcomes, unsure reasons, masking."""

from __future__ import annotations

import time
from typing import List

from ask_amy.conversations.outcomes import analyse
from testkit.conversation_stores import Turn, as_conversation

NOW = time.time()
OFFERED = ["ask_call_or_email", "ask_feedback", "something_else"]


def unsure(turns: List[Turn]) -> List[tuple]:
    facts = analyse(as_conversation("s", turns, NOW))
    return [(m.text, m.reasons, m.guess) for m in facts.unsure]


def test_an_answered_topic_question_is_not_listed() -> None:
    facts = analyse(as_conversation("s", [Turn("should I call or email them?", confidence=0.93)], NOW))
    assert (
        facts.unsure == [] and facts.outcomes == {"on_topic": 1} and facts.topics == {"ask_call_or_email": 1}
    )


def test_a_fallback_is_listed_with_the_classifiers_best_real_guess() -> None:
    turns = [
        Turn(
            "blorp the hiring widget",
            intent="nlu_fallback",
            confidence=0.45,
            ranking=[("nlu_fallback", 0.45), ("ask_feedback", 0.31), ("greet", 0.1)],
            action="action_handle_unclear",
            reply="Could you put it another way?",
        )
    ]
    assert unsure(turns) == [("blorp the hiring widget", ["fell back"], "ask_feedback")]
    assert analyse(as_conversation("s", turns, NOW)).outcomes == {"unclear": 1}


def test_a_question_asked_back_is_clarified() -> None:
    turns = [
        Turn(
            "they said they would ring or write",
            intent="ask_call_or_email",
            confidence=0.35,
            action="action_handle_unclear",
            reply="Do you mean ...?",
            slots={"offered_topics": OFFERED},
        )
    ]
    assert unsure(turns) == [
        ("they said they would ring or write", ["clarified", "low confidence"], "ask_call_or_email")
    ]


def test_out_of_scope_and_low_confidence() -> None:
    turns = [
        Turn(
            "what is the capital of peru", intent="out_of_scope", confidence=0.8, action="utter_out_of_scope"
        ),
        Turn("is it fine to nudge them", intent="ask_wait_or_reach_out", confidence=0.41),
    ]
    assert unsure(turns) == [
        ("what is the capital of peru", ["out of scope"], "out_of_scope"),
        ("is it fine to nudge them", ["low confidence"], "ask_wait_or_reach_out"),
    ]


def test_a_rephrased_question_and_not_what_i_asked() -> None:
    turns = [
        Turn("how long should I wait before I call them", intent="ask_call_or_email"),
        Turn("how long should I wait before calling", intent="ask_wait_or_reach_out"),
        Turn("can they see my other applications", intent="ask_keep_searching"),
        Turn("that's not what I asked", intent="deny", confidence=0.7, action="utter_no_problem"),
    ]
    assert unsure(turns) == [
        ("how long should I wait before I call them", ["rephrased"], "ask_call_or_email"),
        ("can they see my other applications", ["not what they asked"], "ask_keep_searching"),
    ]


def test_personal_data_and_the_drafts_name_are_masked_and_draft_details_never_listed() -> None:
    turns = [
        Turn(
            "write the follow-up email for me",
            intent="request_email_draft",
            action="email_draft_form",
            loop="email_draft_form",
            reply="Who should the email go to?",
            slots={"requested_slot": "recipient_name"},
        ),
        Turn(
            "Priya Patel",
            intent="inform",
            confidence=0.2,
            action="email_draft_form",
            reply="Which role and company?",
            slots={"recipient_name": "Priya Patel", "requested_slot": "company_role"},
        ),
        Turn(
            "the analyst job at acme, priya@acme.com",
            intent="inform",
            confidence=0.2,
            action="email_draft_form",
            loop=None,
            reply="",
            slots={"company_role": "the analyst job"},
        ),
        Turn(
            "send it to priya at priya@acme.com or +1 415 555 0134 via https://acme.com/jobs/7",
            intent="change_draft_field",
            confidence=0.3,
            action="action_revise_draft",
        ),
    ]
    facts = analyse(as_conversation("s", turns, NOW))
    assert [m.text for m in facts.unsure] == ["send it to <name> at <email> or <phone> via <url>"]
    assert facts.outcomes == {"on_topic": 1, "other": 3} and facts.messages == 4


def test_drafts_are_counted_and_quick_replies_are_not_listed() -> None:
    turns = [
        Turn(
            '/choose_topic{"topic":"ask_feedback"}',
            intent="choose_topic",
            confidence=1.0,
            entities=[{"entity": "topic", "value": "ask_feedback"}],
            action="action_answer_chosen_topic",
        ),
        Turn("skip", intent="deny", confidence=0.4, action="email_draft_form", reply="Hi Dana, ...",
             slots={"draft_count": 1.0}, loop=None),
        Turn("make the name Jo", intent="change_draft_field", action="action_revise_draft"),
        Turn("another one", intent="request_email_draft", action="email_draft_form",
             slots={"draft_count": 2.0}),
    ]
    facts = analyse(as_conversation("s", turns, NOW))
    assert facts.drafts == 2 and facts.topics["ask_feedback"] == 1
    assert [m.text for m in facts.unsure] == ["skip"]


def test_a_different_question_of_the_same_shape_is_not_a_rephrasing() -> None:
    turns = [Turn("should I call them"), Turn("should I email them"), Turn("should I email them")]
    assert unsure(turns) == []  # the same words but one: a new question; an exact repeat: not a rephrasing
