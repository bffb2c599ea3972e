"""Whole conversations with the real Rasa server and action server over REST."""

from __future__ import annotations

import pytest

from testkit.rest_chat import RestChat

pytestmark = pytest.mark.live


def test_greeting_says_what_the_bot_helps_with(chat: RestChat) -> None:
    reply = chat.say("hi")
    assert "interview" in reply and ("draft" in reply or "email" in reply)


def test_three_weeks_of_silence(chat: RestChat) -> None:
    reply = chat.say(
        "I had two interviews, HR and then the hiring manager, both went really well. "
        "But that was three weeks ago and I havent heard anything since. Should I just wait or call them?"
    )
    assert reply.startswith("It's been three weeks. The column doesn't set a number of days")
    assert "by email rather than by phone" in reply and "long enough" not in reply


def test_where_does_that_come_from(chat: RestChat) -> None:
    chat.say("should I phone them or send an email?")
    reply = chat.say("where does that come from?")
    assert "My advice is to reach out by email rather than by phone." in reply
    assert "June 11, 2018" in reply


def test_real_offer_with_deadline_is_tailored_and_reaches_the_draft(chat: RestChat) -> None:
    reply = chat.say("I got an offer from another company and they need an answer by Friday")
    assert "(Friday)" in reply and "flex to your timeline" in reply
    assert "Who should the email go to?" in chat.say("yes please, write the email")
    assert "Which role and company" in chat.say("Priya Patel")
    assert "moment in the interview" in chat.say("the UX designer role at Acme")
    draft = chat.say("we both laughed about the broken coffee machine")
    assert "Hi Priya," in draft and "Priya Patel" not in draft
    assert "the UX designer role at Acme" in draft
    assert "broken coffee machine" in draft
    assert "respond by Friday" in draft


def test_bluffing_gets_truthfulness_and_a_draft_without_an_offer(chat: RestChat) -> None:
    reply = chat.say("should I pretend I have another offer so they hurry up?")
    assert "be truthful" in reply
    assert "suggest" not in reply.lower() or "invent" not in reply.lower()
    chat.say("write the follow up email for me")
    chat.say("Dana")
    chat.say("the analyst job at Initech")
    draft = chat.say("skip")
    assert "Hi Dana," in draft
    assert "offer" not in draft.split("Subject:", 1)[1].lower()


def test_question_in_the_middle_of_the_form_then_resume(chat: RestChat) -> None:
    assert "Who should the email go to?" in chat.say("can you draft the email for me?")
    reply = chat.say("wait, should I call them instead of emailing?")
    assert "email rather than by phone" in reply or "Email, not the phone" in reply
    assert "Who should the email go to?" in reply
    assert "Which role and company" in chat.say("Tom Becker")


def test_correction_after_the_draft(chat: RestChat) -> None:
    chat.say("write it for me")
    chat.say("Sam")
    chat.say("the nurse manager job at St. Mary's")
    assert "Hi Sam," in chat.say("no")
    reply = chat.say("make the name Priya")
    assert "Hi Priya," in reply and "Hi Sam," not in reply


def test_cancel_in_the_middle_of_the_form(chat: RestChat) -> None:
    chat.say("give me a template for the follow-up email")
    chat.say("Alex")
    assert "dropped the draft" in chat.say("cancel")
    assert "been three weeks" in chat.say("it's been three weeks since the interview, should I reach out?")


def test_bot_challenge_is_honest(chat: RestChat) -> None:
    reply = chat.say("am I talking to Amy or a bot?")
    assert "automated assistant, not Amy herself" in reply


def test_out_of_scope_is_redirected(chat: RestChat) -> None:
    reply = chat.say("what's the best recipe for lasagna?")
    assert "interview" in reply


@pytest.mark.parametrize(
    "message, expected",
    [
        ("", "came through empty"),
        ("   ", "came through empty"),
        ("asdkjh qwpoeiru zxmcnvb", "couldn't make sense"),
        (
            "¿Debería llamar o enviar un correo electrónico después de la entrevista?",
            "only answer in English",
        ),
    ],
)
def test_unreadable_messages_get_a_clear_reply(chat: RestChat, message: str, expected: str) -> None:
    assert expected in chat.say(message)
