"""Conversations that move on, against the live bot: news, what was done, and "what if" questions.

Each test is a conversation of three or four turns with news in the middle, written for this
file; every reply must fit what the person has said so far, and none may repeat the one before.
"""

from __future__ import annotations

from typing import List

import pytest

from testkit.rest_chat import RestChat

pytestmark = pytest.mark.live


def talk(chat: RestChat, *messages: str) -> List[str]:
    """Send ``messages`` in turn; return the replies, checking that none repeats the previous one."""
    replies: List[str] = []
    for message in messages:
        reply = chat.say(message)
        assert reply.strip(), f"no answer to {message!r}"
        assert not replies or reply != replies[-1], f"the same reply twice, the second to {message!r}"
        replies.append(reply)
    return replies


def test_a_rejection_is_acknowledged_and_the_update_advice_stops(chat: RestChat) -> None:
    first, news, later = talk(
        chat,
        "it's been 16 days since the interview for the library assistant job, should I email them?",
        "oh wait, the recruiter just wrote that they decided to go with another candidate",
        "should I still send that email?",
    )
    assert "email" in first
    assert news.startswith("I'm sorry") and "feedback" in news and "ask for an update" not in news
    assert "no update left to ask for" in later and "feedback" in later


def test_an_offer_from_the_employer_is_congratulated_never_taken_for_a_competing_one(chat: RestChat) -> None:
    _, news, later = talk(
        chat,
        "still waiting on the bakery supervisor role, 10 days now",
        "they offered me the job!!",
        "what do I do now?",
    )
    assert "Congratulations" in news and "other company" not in news and "deadline" not in news
    assert "outside" in later


def test_a_real_offer_told_and_refused_is_not_called_a_bluff(chat: RestChat) -> None:
    first, told, again = talk(
        chat,
        "a logistics firm offered me a coordinator job and I have to answer by Thursday",
        "I told the first company and they said they can't speed things up",
        "should I tell them again?",
    )
    assert "Thursday" in first
    for reply in (told, again):
        assert "Please don't" not in reply and "bluff" not in reply
    assert "flex" in told and "decision" in told and "Thursday" in told
    assert "already told them" in again


def test_a_follow_up_already_sent_is_not_answered_with_send_one(chat: RestChat) -> None:
    done, what_if = talk(
        chat,
        "I emailed the hiring manager nine days ago and nothing came back",
        "what if they don't reply to that either?",
    )
    assert "already followed up" in done and "doesn't say when to send a second message" in done
    assert "doesn't say" in what_if and "irons in the fire" in what_if


def test_a_call_already_made_is_no_harm_and_email_comes_next(chat: RestChat) -> None:
    advice, called = talk(chat, "should I ring them or email?",
                          "too late, I rang her yesterday, was that bad?")
    assert "Email, not the phone" in advice
    assert "no harm" in called.lower() and "email" in called


def test_news_of_a_next_step_ends_the_silence_advice(chat: RestChat) -> None:
    _, news = talk(chat, "haven't heard anything in a week", "they just asked for two references!")
    assert "next step" in news and "ask for an update" not in news


def test_an_interview_elsewhere_is_neither_a_real_offer_nor_a_bluff(chat: RestChat) -> None:
    reply = chat.say("I've got a final round with another company on Monday, "
                     "should I mention it to speed this one up?")
    assert "doesn't say whether to mention" in reply and "Please don't" not in reply


def test_a_reminder_request_gets_an_honest_answer_not_the_email_form(chat: RestChat) -> None:
    reply = chat.say("can you remind me next Tuesday to check in with them?")
    assert "can't set reminders" in reply and "Who should the email go to" not in reply


def test_the_same_question_twice_gets_a_short_reply_with_choices_not_the_same_text(chat: RestChat) -> None:
    first = chat.send("should I phone them or send an email?")
    second = chat.send("so is calling better than emailing?")
    assert first[0]["text"] != second[0]["text"]
    assert "That's all the column says on it" in second[0]["text"] and second[0].get("buttons")


def test_the_sender_s_name_signs_the_draft_and_leaves_the_greeting_alone(chat: RestChat) -> None:
    talk(chat, "write the follow-up email for me", "Maria Alvarez", "the RN position on the cardiac unit")
    draft = chat.say("skip")
    assert "for the RN position on the cardiac unit" in draft and "recalls a moment" not in draft
    revised = chat.say("put my name, Sam, at the end")
    assert "Hi Maria," in revised and revised.rstrip().splitlines()[-1] != "[Your name]"
    assert "\nSam" in revised
