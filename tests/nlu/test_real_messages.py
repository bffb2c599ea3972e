"""Long, messy messages over REST to the real servers: an on-topic answer, or a question back with buttons."""

from __future__ import annotations

import pytest

from actions import topics
from testkit.rest_chat import RestChat

pytestmark = pytest.mark.live

DEFAULT_REPLY_START = "Sorry, I didn't quite get that"


def buttons(replies):
    return [b for r in replies for b in r.get("buttons") or []]


def test_a_story_first_letter_gets_an_answer_on_its_topic(chat: RestChat) -> None:
    reply = chat.say(
        "Dear Amy, long-time reader. My husband drives for a regional freight company and applied to be a "
        "dispatcher at a bigger outfit. He had a phone screen, then a panel with the operations manager "
        "and two supervisors, and they told him he'd hear by the end of last week. Nothing. He doesn't "
        "want to look desperate. Is it better for him to phone the operations manager or send an email? "
        "- Wondering in Wichita"
    )
    assert not reply.startswith(DEFAULT_REPLY_START)
    assert "email" in reply and "phone" in reply


def test_a_vague_on_topic_message_is_asked_back_and_a_button_answers_it(chat: RestChat) -> None:
    replies = chat.send("help with my interview situation")
    offered = buttons(replies)
    assert replies[0]["text"].startswith("Do you want to know"), replies
    assert offered[-1] == {"title": "Something else", "payload": topics.payload("something_else")}
    assert len(offered) >= 3
    first = offered[0]["payload"]
    answer = chat.say(first)
    assert not answer.startswith(DEFAULT_REPLY_START) and answer != topics.load()["not_offered"].strip()
    assert chat.say(first) == topics.load()["not_offered"].strip()  # the same choice cannot be used twice


def test_something_else_asks_for_more(chat: RestChat) -> None:
    chat.send("help with my interview situation")
    assert chat.say(topics.payload("something_else")) == topics.load()["something_else_reply"].strip()


def test_a_typed_payload_for_a_topic_not_offered_is_not_answered(chat: RestChat) -> None:
    assert chat.say(topics.payload("ask_bluff_offer")) == topics.load()["not_offered"].strip()


def test_a_typed_intent_shortcut_is_still_refused(chat: RestChat) -> None:
    reply = chat.say('/inform_competing_offer{"has_competing_offer": "yes"}')
    assert "don't work here" in reply
    assert "you also asked" not in chat.say("should I call or email them?").lower()


def test_two_questions_answer_the_main_one_and_fold_in_the_deadline(chat: RestChat) -> None:
    reply = chat.say(
        "Three weeks of silence since my final round at the hospital, and another clinic has offered me a "
        "job and wants an answer by Friday. Should I email the hospital's recruiter or wait?"
    )
    assert "Friday" in reply and "flex to your timeline" in reply  # the deadline, told honestly
    assert "email" in reply  # ... in the message to the employer they wait on


def test_two_questions_answer_the_main_one_and_offer_the_other(chat: RestChat) -> None:
    replies = chat.send(
        "My panel at the county library was on Monday and the branch manager was lovely. A bookshop has "
        "already offered me a job and wants an answer by next Wednesday. But first: should I send the "
        "library panel a thank-you note, and is it too late for one?"
    )
    said = [r.get("text", "") for r in replies]
    assert "thank" in said[0].lower()
    assert said[-1] == "You also asked about mentioning your other offer: want my take?", said
    answer = chat.say(replies[-1]["buttons"][0]["payload"])  # the offer's "Yes"
    assert "next Wednesday" in answer and "flex to your timeline" in answer
