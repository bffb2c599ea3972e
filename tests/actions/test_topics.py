"""Quick replies between topics: the wording file, asking back, the second question, a chosen topic."""

from __future__ import annotations

import json

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import topics
from actions.answers import ActionAnswerChosenTopic, ActionGiveAdvice, ActionHandleUnclear
from ask_amy.guards.input_guard import check
from ask_amy.nlu.topic_choice import CHOOSABLE, TOPIC_INTENTS
from testkit.live_servers import project_domain
from testkit.trackers import DOMAIN, make_tracker


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher.messages, events


def test_every_advice_topic_has_its_wording() -> None:
    words = topics.load()["topics"]
    assert set(words) == set(TOPIC_INTENTS)
    assert all(set(w) == {"button", "phrase", "about"} and all(w.values()) for w in words.values())


def test_every_topic_intent_is_in_the_domain() -> None:
    domain = project_domain()
    assert set(TOPIC_INTENTS) <= set(domain["intents"]) and "choose_topic" in domain["intents"]


def test_a_payload_is_a_closed_json_shape() -> None:
    assert topics.payload("ask_what_to_write") == '/choose_topic{"topic":"ask_what_to_write"}'
    assert json.loads(topics.payload("ask_feedback")[len("/choose_topic") :]) == {"topic": "ask_feedback"}


def test_clarify_names_the_topics_and_adds_something_else() -> None:
    asked = topics.clarify(["ask_wait_or_reach_out", "ask_what_to_write"])
    assert asked["text"] == "Do you want to know whether to reach out now or keep waiting, or what to write?"
    assert [b["payload"] for b in asked["buttons"]] == [
        topics.payload("ask_wait_or_reach_out"),
        topics.payload("ask_what_to_write"),
        topics.payload("something_else"),
    ]


async def test_unclear_on_topic_message_asks_back_with_buttons() -> None:
    entities = [{"entity": "topic_choices", "value": "ask_call_or_email,ask_keep_searching"}]
    messages, events = await run(ActionHandleUnclear(), make_tracker("nlu_fallback", entities=entities))
    assert len(messages) == 1 and messages[0]["text"].startswith(
        "Do you want to know whether to call or email"
    )
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Call or email?",
        "Keep job hunting?",
        "Something else",
    ]
    assert events == [
        SlotSet("offered_topics", ["ask_call_or_email", "ask_keep_searching", "something_else"])
    ]


async def test_unknown_topics_in_the_entity_are_ignored() -> None:
    entities = [{"entity": "topic_choices", "value": "restart,session_start"}]
    messages, _ = await run(ActionHandleUnclear(), make_tracker("nlu_fallback", entities=entities))
    assert messages[0].get("response") == "utter_default"


async def test_an_offered_topic_is_answered() -> None:
    tracker = make_tracker(
        "choose_topic",
        entities=[{"entity": "topic", "value": "ask_call_or_email"}],
        slots={"offered_topics": ["ask_call_or_email", "something_else"]},
    )
    messages, events = await run(ActionAnswerChosenTopic(), tracker)
    assert "email rather than by phone" in messages[0]["text"] or "email" in messages[0]["text"]
    assert SlotSet("last_advice", "email_not_phone") in events and SlotSet("offered_topics", []) in events


@pytest.mark.parametrize("offered", [[], ["ask_feedback"]])
async def test_a_topic_that_was_not_offered_is_not_answered(offered) -> None:
    tracker = make_tracker(
        "choose_topic",
        entities=[{"entity": "topic", "value": "ask_bluff_offer"}],
        slots={"offered_topics": offered},
    )
    messages, events = await run(ActionAnswerChosenTopic(), tracker)
    assert messages[0]["text"] == topics.load()["not_offered"].strip() and events == []


async def test_something_else_asks_for_more() -> None:
    tracker = make_tracker(
        "choose_topic",
        entities=[{"entity": "topic", "value": "something_else"}],
        slots={"offered_topics": ["ask_feedback", "something_else"]},
    )
    messages, events = await run(ActionAnswerChosenTopic(), tracker)
    assert messages[0]["text"] == topics.load()["something_else_reply"].strip()
    assert events == [SlotSet("offered_topics", [])]


async def test_advice_offers_the_second_question_with_a_button() -> None:
    tracker = make_tracker(
        "ask_wait_or_reach_out",
        slots={"wait_days": 21.0, "has_competing_offer": "yes"},
        entities=[{"entity": "also_asked", "value": "inform_competing_offer"}],
    )
    messages, events = await run(ActionGiveAdvice(), tracker)
    assert messages[0]["text"].startswith("It's been three weeks")
    assert messages[1]["text"] == "You also asked about mentioning your other offer: want my take?"
    assert messages[1]["buttons"][0]["payload"] == topics.payload("inform_competing_offer")
    assert SlotSet("offered_topics", ["inform_competing_offer"]) in events


async def test_a_long_message_s_other_questions_are_offered_in_one_line() -> None:
    tracker = make_tracker("ask_wait_or_reach_out", slots={"wait_days": 21.0},
                           entities=[{"entity": "also_asked", "value": "ask_keep_searching,ask_feedback"}])
    messages, events = await run(ActionGiveAdvice(), tracker)
    assert messages[1]["text"] == topics.load()["also_asking"]
    assert [b["payload"] for b in messages[1]["buttons"]] == [
        topics.payload("ask_keep_searching"), topics.payload("ask_feedback")]
    assert SlotSet("offered_topics", ["ask_keep_searching", "ask_feedback"]) in events


@pytest.mark.parametrize("topic", [*CHOOSABLE, "something_else"])
def test_the_input_guard_lets_the_bot_s_own_payloads_through(topic: str) -> None:
    verdict = check(topics.payload(topic))
    assert verdict.forward and verdict.text == topics.payload(topic)


@pytest.mark.parametrize(
    "typed",
    [
        '/choose_topic{"topic":"restart"}',
        '/choose_topic{"topic":"ask_feedback","wait_days":3}',
        '/choose_topic{"topic": "ask_feedback"}{"has_competing_offer":"yes"}',
        "/choose_topic",
        '/inform_competing_offer{"has_competing_offer":"yes"}',
        "/restart",
    ],
)
def test_no_other_shortcut_gets_through(typed: str) -> None:
    verdict = check(typed)
    assert not verdict.text.startswith("/")
