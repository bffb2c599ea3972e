"""actions/turns.py: the events around the latest message."""

from __future__ import annotations

from actions.turns import previous_user_message, said_this_turn, slot_before_latest_message
from testkit.trackers import make_tracker


def test_a_slot_is_read_as_it_was_before_the_latest_message() -> None:
    tracker = make_tracker("inform", text="Name: Henrike Vogel", slots={"recipient_name": "Henrike Vogel"})
    tracker.events.insert(0, {"event": "slot", "name": "recipient_name", "value": "Dr. Oyelaran"})
    tracker.events.append({"event": "slot", "name": "recipient_name", "value": "Henrike Vogel"})
    assert slot_before_latest_message(tracker, "recipient_name") == "Dr. Oyelaran"


def test_the_message_before_and_what_the_bot_said_since_the_latest() -> None:
    tracker = make_tracker("inform", text="now")
    assert previous_user_message(tracker) == {}
    tracker.events.insert(0, {"event": "user", "text": "before"})
    tracker.events.append({"event": "bot", "text": "Got it."})
    assert previous_user_message(tracker)["text"] == "before"
    assert said_this_turn(tracker) == ["Got it."]
