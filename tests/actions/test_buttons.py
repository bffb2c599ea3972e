"""The bot's quick replies (knowledge/buttons.yml, actions/buttons.py): where they appear, what
their payloads mean to the trained NLU, and, against the live servers over REST, that clicking
(sending a button's payload) does what the button says, while typing still sets no slot and
triggers no intent by itself.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import buttons, topics
from actions.answers import ActionGiveAdvice
from ask_amy.cli.stack import MODEL
from ask_amy.guards.input_guard import COMMAND_REPLY, check
from ask_amy.paths import ROOT
from testkit.live_servers import project_domain
from testkit.rest_chat import RestChat
from testkit.trackers import DOMAIN, make_tracker

RESPONSES = project_domain()["responses"]
# What the NLU must read in the payloads of domain.yml's buttons (the email form's questions).
DOMAIN_BUTTON_INTENTS = {"cancel": "cancel", "skip": "deny"}
DOMAIN_BUTTONS = [
    (name, {**b, "intent": DOMAIN_BUTTON_INTENTS.get(b["payload"], "")})
    for name, variants in RESPONSES.items() for variant in variants for b in variant.get("buttons") or []
]
EVERY_BUTTON = [(name, b) for name, group in buttons.load().items() for b in group] + DOMAIN_BUTTONS
DRAFT_OFFER = ["Draft the email", "Where does that come from?"]


async def run(action: Any, tracker: Any) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher.messages


def titles(message: Dict[str, Any]) -> List[str]:
    return [b["title"] for b in message.get("buttons") or []]


# -- the data and the actions ---------------------------------------------------------------------


@pytest.mark.parametrize("group, button", EVERY_BUTTON, ids=[f"{g}:{b['title']}" for g, b in EVERY_BUTTON])
def test_a_payload_is_plain_words_the_input_guard_passes_as_is(group: str, button: Dict[str, str]) -> None:
    assert set(button) == {"title", "payload", "intent"} and all(button.values())
    assert not button["payload"].lstrip().startswith("/")
    verdict = check(button["payload"])
    assert verdict.forward and verdict.text == button["payload"] and not verdict.changes


async def test_advice_that_offers_a_draft_has_the_draft_and_source_buttons() -> None:
    messages = await run(ActionGiveAdvice(), make_tracker("ask_call_or_email"))
    assert messages[0]["text"].endswith("Want me to help you write it?")  # reads well without buttons
    assert titles(messages[0]) == DRAFT_OFFER
    assert [b["payload"] for b in messages[0]["buttons"]] == ["draft the email", "where does that come from?"]


async def test_advice_without_a_draft_offer_has_the_source_button_only() -> None:
    messages = await run(ActionGiveAdvice(), make_tracker("ask_keep_searching"))
    assert titles(messages[0]) == ["Where does that come from?"]


async def test_advice_inside_the_form_offers_no_second_draft() -> None:
    tracker = make_tracker("ask_call_or_email", active_loop="email_draft_form", requested_slot="company_role")
    messages = await run(ActionGiveAdvice(), tracker)
    assert titles(messages[0]) == ["Where does that come from?"]


def test_the_form_s_questions_offer_cancel_and_the_optional_one_skip() -> None:
    for slot in ("recipient_name", "company_role", "offer_deadline"):
        assert [titles(v) for v in RESPONSES[f"utter_ask_{slot}"]] == [["Cancel"]]
    moment = RESPONSES["utter_ask_shared_moment"]
    assert [titles(v) for v in moment] == [["Skip", "Cancel"]]
    assert 'say "skip"' in moment[0]["text"]  # a channel without buttons still says what to type
    assert {b["intent"] for _, b in DOMAIN_BUTTONS} <= set(DOMAIN_BUTTON_INTENTS.values())


def test_the_offer_of_a_second_answer_has_yes_and_no() -> None:
    offer = topics.also_asked("ask_feedback")
    assert titles(offer) == ["Yes: Ask for feedback", "No thanks"]
    assert [b["payload"] for b in offer["buttons"]] == [topics.payload("ask_feedback"), "no"]


# -- what the trained NLU reads in each payload ---------------------------------------------------


@pytest.fixture(scope="module")
def parse() -> Iterator[Any]:
    """Parse a text with the trained model, as the Rasa server does."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    loop = asyncio.new_event_loop()
    yield lambda text: loop.run_until_complete(agent.parse_message(text))
    loop.close()


@pytest.mark.parametrize("group, button", EVERY_BUTTON, ids=[f"{g}:{b['title']}" for g, b in EVERY_BUTTON])
def test_each_payload_classifies_to_its_intent(parse: Any, group: str, button: Dict[str, str]) -> None:
    result = parse(button["payload"])
    assert result["intent"]["name"] == button["intent"], result["intent"]
    assert not [e for e in result["entities"] if e["entity"] != "input_problem"], result["entities"]


# -- clicking over REST ---------------------------------------------------------------------------


def reply_with(chat: RestChat, text: str) -> Tuple[str, Dict[str, str]]:
    """Send ``text``; return the bot's text and its buttons, title -> payload."""
    replies = chat.send(text)
    shown = {b["title"]: b["payload"] for r in replies for b in r.get("buttons") or []}
    return "\n".join(r.get("text", "") for r in replies), shown


@pytest.mark.live
def test_clicking_through_the_draft_offer_and_the_form(chat: RestChat) -> None:
    text, shown = reply_with(chat, "should I phone them or send an email?")
    assert "Email, not the phone" in text and list(shown) == DRAFT_OFFER
    text, shown = reply_with(chat, shown["Draft the email"])
    assert "Who should the email go to?" in text and list(shown) == ["Cancel"]
    text, shown = reply_with(chat, "Dr. Dana Lee")
    assert "Which role and company" in text
    text, shown = reply_with(chat, "the analyst job at Acme")
    assert "moment in the interview" in text and list(shown) == ["Skip", "Cancel"]
    draft, shown = reply_with(chat, shown["Skip"])
    assert "Hi Dr. Lee," in draft and "the analyst job at Acme" in draft
    assert "smile" not in draft and "skip" not in draft.split("Subject:", 1)[1].lower()


@pytest.mark.live
def test_clicking_the_source_button_quotes_the_column(chat: RestChat) -> None:
    _, shown = reply_with(chat, "it's been three weeks since my interview, should I reach out?")
    text, _ = reply_with(chat, shown["Where does that come from?"])
    assert text.startswith("From the Ask Amy column")
    assert "My advice is to reach out by email rather than by phone." in text


@pytest.mark.live
def test_clicking_cancel_drops_the_draft(chat: RestChat) -> None:
    reply_with(chat, "write the follow-up email for me")
    _, shown = reply_with(chat, "Sam Ortiz")
    assert "dropped the draft" in reply_with(chat, shown["Cancel"])[0]
    text, _ = reply_with(chat, "Priya Patel")  # the form is over: a name is no answer to anything now
    assert "Which role and company" not in text


@pytest.mark.live
def test_clicking_no_thanks_declines_the_second_answer(chat: RestChat) -> None:
    text, shown = reply_with(chat, "it's been three weeks since my interview, should I reach out? "
                                   "also I have another offer")
    assert "You also asked about mentioning your other offer" in text
    assert list(shown) == [*DRAFT_OFFER, "Yes: My other offer", "No thanks"]
    text, _ = reply_with(chat, shown["No thanks"])
    assert text.startswith(("No problem", "Okay!")) and "offer" not in text


@pytest.mark.live
def test_typing_sets_no_slot_and_triggers_no_intent(chat: RestChat) -> None:
    # After a draft offer: neither "/affirm" nor "/request_email_draft" starts the form.
    reply_with(chat, "should I phone them or send an email?")
    for typed in ("/affirm", "/request_email_draft", '/deny{"shared_moment":"we hugged"}', "/skip"):
        assert reply_with(chat, typed) == (COMMAND_REPLY, {})
    text, _ = reply_with(chat, "no thanks")
    assert text.startswith(("No problem", "Okay!"))  # the offer was still open: nothing else happened
    # In the form, a typed shortcut fills no slot; the button's plain words do.
    reply_with(chat, "write the follow-up email for me")
    reply_with(chat, "Dana")
    reply_with(chat, "the analyst job at Initech")
    assert reply_with(chat, '/inform{"shared_moment":"we hugged"}') == (COMMAND_REPLY, {})
    not_offered, _ = reply_with(chat, '/choose_topic{"topic":"ask_feedback"}')
    assert not_offered.startswith(topics.load()["not_offered"].strip())
    assert "moment in the interview" in not_offered  # and the form asks its question again
    draft, _ = reply_with(chat, "skip")
    assert "Hi Dana," in draft and "hugged" not in draft and "smile" not in draft
