"""Writing the email draft from the form's slots (actions/draft_writer.py)."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.draft_writer import write_draft
from testkit.trackers import FILLED, make_tracker, texts


def draft(tracker):
    """What write_draft says and returns (the form's last validation answer calls it)."""
    dispatcher = CollectingDispatcher()
    events = write_draft(dispatcher, tracker)
    return texts(dispatcher), events


def test_write_draft_sends_intro_draft_and_next_steps() -> None:
    said, events = draft(make_tracker("request_email_draft", slots=FILLED))
    assert said[0].startswith("Here's your draft")
    assert said[1].startswith("Subject: ") and "Hi Dana," in said[1] and "the office dog" in said[1]
    assert said[2] in replies.variants("draft_next_steps")
    assert SlotSet("draft_count", 1) in events and SlotSet("last_advice", "email_draft") in events


def test_another_draft_uses_another_wording() -> None:
    first, _ = draft(make_tracker(slots=FILLED))
    second, _ = draft(make_tracker(slots={**FILLED, "draft_count": 1.0}))
    assert first[1] != second[1]


def test_draft_is_one_code_block_on_slack() -> None:
    dispatcher = CollectingDispatcher()
    write_draft(dispatcher, make_tracker(slots=FILLED, channel="slack"))
    block = dispatcher.messages[1]["custom"]["text"]
    assert block.startswith("```\nSubject: ") and block.endswith("\n```")
    assert not dispatcher.messages[1].get("text")


def test_draft_mentions_offer_only_when_real() -> None:
    said, _ = draft(make_tracker(slots={**FILLED, "offer_deadline": "Friday"}))
    assert "offer" not in said[1]
    said, _ = draft(
        make_tracker(slots={**FILLED, "offer_deadline": "Friday", "has_competing_offer": "yes"}),
    )
    assert "respond by Friday" in said[1]
