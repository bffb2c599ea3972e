"""actions/feedback.py: "not what I asked" is repaired with other topics; "that helped" is thanked."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions import replies, topics
from actions.feedback import ActionTakeFeedback
from testkit.trackers import make_tracker
from tests.actions.test_topics import run


def with_message_before(tracker, intent: str, ranking: list):
    tracker.events.insert(0, {"event": "user", "text": "before", "parse_data": {
        "intent": {"name": intent}, "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}})
    return tracker


async def test_not_what_i_asked_says_sorry_and_offers_the_other_likely_topics() -> None:
    tracker = make_tracker("give_feedback", text="not what I asked", slots={"last_advice": "email_not_phone"},
                           entities=[{"entity": "feedback", "value": "negative"}])
    with_message_before(tracker, "ask_call_or_email",
                        [("ask_call_or_email", 0.6), ("ask_wait_or_reach_out", 0.3), ("greet", 0.1)])
    messages, events = await run(ActionTakeFeedback(), tracker)
    assert messages[0]["text"] in replies.variants("feedback_sorry")
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[0] == topics.payload("ask_wait_or_reach_out")
    assert topics.payload("ask_call_or_email") not in payloads
    assert payloads[-1] == topics.payload("something_else")
    assert SlotSet("answer_ratings", ["email_not_phone:negative"]) in events
    assert not any("capabilit" in str(m) for m in messages)


async def test_not_what_i_asked_in_the_form_drops_its_answers() -> None:
    tracker = make_tracker("give_feedback", text="not what I asked", active_loop="email_draft_form",
                           requested_slot="company_role", slots={"recipient_name": "Priya"},
                           entities=[{"entity": "feedback", "value": "negative"}])
    _, events = await run(ActionTakeFeedback(), tracker)
    assert SlotSet("recipient_name", None) in events and SlotSet("requested_slot", None) in events


async def test_that_helped_is_thanked_and_kept_with_its_answer() -> None:
    tracker = make_tracker("give_feedback", text="thanks, that helped",
                           slots={"last_advice": "what_to_write"},
                           entities=[{"entity": "feedback", "value": "positive"}])
    messages, events = await run(ActionTakeFeedback(), tracker)
    assert messages[0]["text"] in replies.variants("feedback_thanks") and not messages[0].get("buttons")
    assert events == [SlotSet("answer_ratings", ["what_to_write:positive"])]
