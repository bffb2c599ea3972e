"""Writing and revising the email draft."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.draft_actions import ActionReviseDraft
from actions.draft_writer import write_draft
from tests.trackers import DOMAIN, make_tracker, texts

FILLED = {
    "recipient_name": "Dana", "company_role": "the analyst role at Acme", "shared_moment": "the office dog"
}


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return texts(dispatcher), events


def draft(tracker):
    """What write_draft says and returns (the form's last validation answer calls it)."""
    dispatcher = CollectingDispatcher()
    events = write_draft(dispatcher, tracker)
    return texts(dispatcher), events


async def test_write_draft_sends_intro_draft_and_next_steps() -> None:
    said, events = draft(make_tracker("request_email_draft", slots=FILLED))
    assert said[0].startswith("Here's your draft")
    assert said[1].startswith("Subject: ") and "Hi Dana," in said[1] and "the office dog" in said[1]
    assert said[2] in replies.variants("draft_next_steps")
    assert SlotSet("draft_count", 1) in events and SlotSet("last_advice", "email_draft") in events


async def test_another_draft_uses_another_wording() -> None:
    first, _ = draft(make_tracker(slots=FILLED))
    second, _ = draft(make_tracker(slots={**FILLED, "draft_count": 1.0}))
    assert first[1] != second[1]


async def test_draft_is_one_code_block_on_slack() -> None:
    dispatcher = CollectingDispatcher()
    write_draft(dispatcher, make_tracker(slots=FILLED, channel="slack"))
    block = dispatcher.messages[1]["custom"]["text"]
    assert block.startswith("```\nSubject: ") and block.endswith("\n```")
    assert not dispatcher.messages[1].get("text")


async def test_draft_mentions_offer_only_when_real() -> None:
    said, _ = draft(make_tracker(slots={**FILLED, "offer_deadline": "Friday"}))
    assert "offer" not in said[1]
    said, _ = draft(
        make_tracker(slots={**FILLED, "offer_deadline": "Friday", "has_competing_offer": "yes"}),
    )
    assert "respond by Friday" in said[1]


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
