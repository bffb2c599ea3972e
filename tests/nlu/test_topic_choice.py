"""Answer, ask back or leave alone: the pure decisions of ask_amy.nlu.topic_choice."""

from __future__ import annotations

import pytest

from ask_amy.nlu import topic_choice
from ask_amy.nlu.topic_choice import (
    Cues,
    Decision,
    decide,
    domain_words,
    has_evidence,
    other_topics,
    route_turn,
    second_topic,
)


def ranking(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


@pytest.mark.parametrize(
    "text",
    [
        "my interview was on monday",
        "the recruiter went quiet",
        "haven't heard back",
        "should I follow-up?",
        "the hiring manager said",
    ],
)
def test_domain_words(text: str) -> None:
    assert domain_words(text)


@pytest.mark.parametrize("text", ["what's the weather in Lisbon", "fix my python loop", "a recipe for soup"])
def test_no_domain_words(text: str) -> None:
    assert not domain_words(text)


def test_evidence_from_facts_words_or_the_classifier_s_weight() -> None:
    assert has_evidence("three weeks now", ["wait_days"], [])
    assert has_evidence("my interview", [], [])
    assert has_evidence("ugh", [], ranking(("ask_feedback", 0.3), ("express_anxiety", 0.25)))
    assert not has_evidence("ugh", [], ranking(("out_of_scope", 0.6), ("ask_feedback", 0.1)))


def test_a_clear_leader_is_answered() -> None:
    rank = ranking(("nlu_fallback", 0.45), ("ask_call_or_email", 0.40), ("ask_what_to_write", 0.2))
    assert decide("nlu_fallback", 0.45, rank, evidence=True) == Decision("answer", "ask_call_or_email")


def test_a_close_race_asks_back_with_the_likeliest_topics() -> None:
    rank = ranking(
        ("nlu_fallback", 0.45),
        ("ask_wait_or_reach_out", 0.3),
        ("ask_what_to_write", 0.28),
        ("request_email_draft", 0.2),
        ("ask_feedback", 0.1),
        ("ask_keep_searching", 0.08),
    )
    decision = decide("nlu_fallback", 0.45, rank, evidence=True)
    assert decision == Decision(
        "clarify", choices=("ask_wait_or_reach_out", "ask_what_to_write", "ask_feedback")
    )


def test_without_evidence_nothing_changes() -> None:
    rank = ranking(("nlu_fallback", 0.45), ("ask_wait_or_reach_out", 0.3), ("ask_what_to_write", 0.28))
    assert decide("nlu_fallback", 0.45, rank, evidence=False) == Decision("keep")


def test_a_sure_out_of_scope_guess_stands_even_with_job_words() -> None:
    rank = ranking(("out_of_scope", 0.8), ("ask_feedback", 0.1))
    assert decide("out_of_scope", 0.8, rank, evidence=True) == Decision("keep")


def test_an_unsure_out_of_scope_guess_on_topic_is_reconsidered() -> None:
    rank = ranking(("out_of_scope", 0.4), ("ask_keep_searching", 0.3), ("ask_feedback", 0.25))
    assert decide("out_of_scope", 0.4, rank, evidence=True).kind == "clarify"


def test_a_confident_topic_is_kept() -> None:
    assert decide("ask_feedback", 0.9, ranking(("ask_feedback", 0.9)), evidence=True) == Decision("keep")


def test_a_real_offer_is_a_second_question_unless_the_answer_covers_it() -> None:
    rank = ranking(("ask_wait_or_reach_out", 0.8))
    assert second_topic("ask_wait_or_reach_out", rank, ["competing_offer"]) == "inform_competing_offer"
    for covered in ("inform_competing_offer", "request_email_draft"):
        assert (
            second_topic(covered, ranking((covered, 0.8), ("ask_feedback", 0.05)), ["competing_offer"])
            is None
        )


def test_a_close_runner_up_is_a_second_question() -> None:
    rank = ranking(("ask_call_or_email", 0.5), ("ask_keep_searching", 0.3), ("ask_feedback", 0.1))
    assert second_topic("ask_call_or_email", rank, []) == "ask_keep_searching"
    assert (
        second_topic("ask_call_or_email", ranking(("ask_call_or_email", 0.8), ("ask_feedback", 0.1)), [])
        is None
    )
    assert second_topic("greet", rank, []) is None


def test_a_long_message_is_offered_each_other_topic_with_real_weight() -> None:
    rank = ranking(("ask_call_or_email", 0.6), ("ask_keep_searching", 0.15), ("ask_feedback", 0.12),
                   ("ask_thank_you_note", 0.05))
    assert other_topics("ask_call_or_email", rank, [], most=2) == ("ask_keep_searching", "ask_feedback")
    assert other_topics("ask_call_or_email", rank, [], most=1) == ()  # short: only a close runner-up
    light = ranking(("ask_call_or_email", 0.9), ("ask_feedback", 0.06))
    assert other_topics("ask_call_or_email", light, [], most=2) == ()
    news = ranking(("ask_feedback", 0.4), ("ask_keep_searching", 0.3), ("greet", 0.2))
    assert other_topics("inform_news", news, [], most=2) == ("ask_feedback", "ask_keep_searching")


@pytest.mark.parametrize("intent, facts, routed", [
    ("request_email_draft", [("request", "reminder")], "request_unavailable"),
    ("nlu_fallback", [("heard_back", "rejection")], "inform_news"),
    ("out_of_scope", [("called", "true")], "inform_news"),
    ("ask_call_or_email", [("called", "true")], None),  # the question is answered with the deed in mind
    ("inform_competing_offer", [("heard_back", "offer")], "inform_news"),  # their own offer, not another
    ("ask_bluff_offer", [("other_interview", "true")], "inform_news"),
    ("inform_competing_offer", [("competing_offer", "yes")], None),
    ("inform", [("sender_name", "Dana")], "change_draft_field"),
    ("request_email_draft", [("sender_name", "Dana")], None),
    ("request_email_draft", [("followed_up", "true")], None),  # route_turn alone assumes it asks for one
    ("greet", [], None),
    ("out_of_scope", [("what_if", "salary")], None),  # a salary question is left to the classifier
])
def test_route_turn(intent: str, facts: list, routed: object) -> None:
    assert topic_choice.route_turn(intent, facts) == routed


@pytest.mark.parametrize("text, asks, routed", [
    ("I think I'll follow up by email next week.", False, "ask_what_to_write"),
    ("I'm going to email them tomorrow", False, "ask_what_to_write"),
    ("I'll need you to write the email", True, None),  # asks for the draft
    ("can you do the email", False, None),  # no plan: left to the classifier
])
def test_a_plan_to_write_gets_the_advice_on_what_to_write(text: str, asks: bool, routed: object) -> None:
    plan = bool(topic_choice.STATES_A_PLAN.search(text))
    assert bool(topic_choice.ASKS_FOR_A_DRAFT.search(text)) == asks
    assert topic_choice.route_turn("request_email_draft", [],
                                   Cues(asks_for_a_draft=asks, states_a_plan=plan)) == routed


@pytest.mark.parametrize("text, intent, routed", [
    ("I interviewed at a restaurant for a host position.", "request_email_draft", "ask_wait_or_reach_out"),
    ("waiting on the bartender gig at The Copper Kettle, interviewed friday", "nlu_fallback",
     "ask_wait_or_reach_out"),
    ("I interviewed there, can you write the email?", "request_email_draft", None),  # a question
    ("I interviewed for it. write the email", "request_email_draft", None),  # asks for the draft
    ("I interviewed at a bank.", "greet", None),  # an intent that fits stays
])
def test_the_wait_told_with_no_question_gets_the_advice_on_waiting(text: str, intent: str,
                                                                   routed: object) -> None:
    wait = bool(topic_choice.STATES_THE_WAIT.search(text))
    asks = bool(topic_choice.ASKS_FOR_A_DRAFT.search(text))
    assert topic_choice.route_turn(intent, [], Cues(asks_for_a_draft=asks, states_the_wait=wait)) == routed


def test_news_with_a_cancel_word_is_news() -> None:
    assert topic_choice.route_turn("cancel", [("heard_back", "rejection")]) == "inform_news"
    assert topic_choice.route_turn("cancel", []) is None


@pytest.mark.parametrize("text", ["Would it be rude to write and ask how things are coming along?",
                                  "is it ok to email the recruiter directly?"])
def test_whether_to_write_is_not_a_request_for_the_draft(text: str) -> None:
    asks = bool(topic_choice.ASKS_WHETHER_TO_WRITE.search(text))
    routed = topic_choice.route_turn("request_email_draft", [], Cues(asks_whether_to_write=asks))
    assert routed == "ask_wait_or_reach_out"


def test_a_draft_detail_read_as_a_request_for_the_draft_is_an_answer_to_the_form() -> None:
    facts = [("recipient_name", "Carl Ostrowski"), ("company_role", "member service rep")]
    assert topic_choice.route_turn("request_email_draft", facts, Cues(asks_for_a_draft=False)) == "inform"
    # "write it to Carl ..."
    assert topic_choice.route_turn("request_email_draft", facts, Cues(asks_for_a_draft=True)) is None


def test_an_order_for_the_draft_opens_it() -> None:
    text = "Draft a follow-up to Margaret Osei, re: VP Operations at Tessaline Foods."
    assert topic_choice.ORDERS_THE_DRAFT.search(text)
    facts = [("recipient_name", "Margaret Osei")]
    routed = topic_choice.route_turn("ask_what_to_write", facts, Cues(orders_the_draft=True))
    assert routed == "request_email_draft"



@pytest.mark.parametrize("text, told", [
    ("I emailed the recruiter and still nothing back", True),
    ("I emailed the recruiter, should I call now?", False),
    ("called them yesterday. what now", False),
    ("x" * 160, False),  # a long message keeps the classifier's topic
])
def test_a_short_message_with_no_question_only_tells(text: str, told: bool) -> None:
    assert Cues.of(text).only_tells is told


def test_a_deed_told_with_no_question_is_news_whatever_its_topic() -> None:
    told = Cues(asks_for_a_draft=False, only_tells=True)
    assert route_turn("ask_why_no_response", [("followed_up", "true")], told) == "inform_news"
    asked = Cues(asks_for_a_draft=False, only_tells=False)
    assert route_turn("ask_why_no_response", [("followed_up", "true")], asked) is None


def test_a_long_message_that_speaks_of_the_thank_you_note_is_offered_it() -> None:
    rank = ranking(("ask_keep_searching", 0.9), ("ask_feedback", 0.05))
    assert other_topics("ask_keep_searching", rank, ["thank_you_sent"], most=2) == ("ask_thank_you_note",)
    assert other_topics("ask_keep_searching", rank, ["thank_you_sent"], most=1) == ()
    about_it = ranking(("ask_thank_you_note", 0.9), ("ask_feedback", 0.05))
    assert other_topics("ask_thank_you_note", about_it, ["thank_you_sent"], most=2) == ()
