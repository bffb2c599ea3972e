"""Revising the email draft ("make the name Priya")."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.draft_actions import ActionReviseDraft
from testkit.trackers import DOMAIN, FILLED, make_tracker, texts


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return texts(dispatcher), events


async def test_revise_rerenders_with_the_new_name() -> None:
    tracker = make_tracker(
        "change_draft_field", slots={**FILLED, "recipient_name": "Priya", "draft_count": 1.0},
        entities=[{"entity": "recipient_name", "value": "Priya"}],
    )
    said, _ = await run(ActionReviseDraft(), tracker)
    assert said[0].startswith("Done, I've changed the name")
    assert "Hi Priya," in said[1]


async def test_revise_inside_the_form_only_acknowledges() -> None:
    tracker = make_tracker(
        "change_draft_field", slots={"recipient_name": "Priya"},
        entities=[{"entity": "recipient_name", "value": "Priya"}], active_loop="email_draft_form",
    )
    said, _ = await run(ActionReviseDraft(), tracker)
    assert said == ["Got it, I've updated the name."]


async def test_revise_without_a_field_asks_which() -> None:
    said, _ = await run(ActionReviseDraft(), make_tracker("change_draft_field", slots=FILLED))
    assert len(said) == 1 and said[0] in replies.variants("ask_which_field")


async def test_revise_before_any_draft() -> None:
    tracker = make_tracker("change_draft_field", slots={"recipient_name": "Priya"},
                           entities=[{"entity": "recipient_name", "value": "Priya"}])
    said, _ = await run(ActionReviseDraft(), tracker)
    assert said[0].startswith("Noted the name")


async def test_unnamed_change_inside_the_form_answers_the_question() -> None:
    tracker = make_tracker("change_draft_field", text="it's the analyst role at Acme.",
                           active_loop="email_draft_form", requested_slot="company_role")
    said, events = await run(ActionReviseDraft(), tracker)
    assert said == [] and events == [SlotSet("company_role", "the analyst role at Acme")]


async def test_unnamed_change_inside_the_form_is_still_validated() -> None:
    tracker = make_tracker("change_draft_field", text="   ", active_loop="email_draft_form",
                           requested_slot="recipient_name")
    said, events = await run(ActionReviseDraft(), tracker)
    assert events == [SlotSet("recipient_name", None)]
    assert said[0] in replies.variants("invalid_recipient_name")


async def test_a_bare_name_under_an_unsigned_draft_signs_it() -> None:
    tracker = make_tracker("change_draft_field", text="Name: Henrike Vogel",
                           entities=[{"entity": "recipient_name", "value": "Henrike Vogel"}],
                           slots={"recipient_name": "Henrike Vogel", "company_role": "the lab role",
                                  "shared_moment": "none", "draft_count": 1})
    tracker.events.insert(0, {"event": "slot", "name": "recipient_name", "value": "Dr. Oyelaran"})
    dispatcher = CollectingDispatcher()
    events = await ActionReviseDraft().run(dispatcher, tracker, {})
    assert SlotSet("recipient_name", "Dr. Oyelaran") in events
    assert SlotSet("sender_name", "Henrike Vogel") in events
    assert any("Hi Dr. Oyelaran," in t and t.rstrip().endswith("Henrike Vogel") for t in texts(dispatcher))
