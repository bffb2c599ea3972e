"""Actions set only the slots whose value changes."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.slots import slots_that_change


def tracker(**slots: object) -> Tracker:
    return Tracker("u1", dict(slots), {}, [], False, None, {}, "action_listen")


def test_unchanged_values_give_no_event_and_changed_ones_do_in_order() -> None:
    events = slots_that_change(
        tracker(last_advice="reach_out_now", offered_draft=True, offered_topics=[]),
        last_advice="email_not_phone", offered_draft=True, offered_topics=["ask_feedback"],
    )
    assert [(e["name"], e["value"]) for e in events] == [
        ("last_advice", "email_not_phone"), ("offered_topics", ["ask_feedback"]),
    ]


def test_a_slot_never_set_is_set() -> None:
    assert [e["name"] for e in slots_that_change(tracker(), offered_draft=False)] == ["offered_draft"]


def test_a_count_kept_as_a_float_equals_the_same_int() -> None:
    assert slots_that_change(tracker(draft_count=1.0), draft_count=1) == []
