"""bench/faults.py: how a fault's bad replies, recovery time and lost history are counted."""

from __future__ import annotations

from bench.faults import Fault, lost_history, score


def test_recovery_is_from_the_fault_to_the_first_message_after_the_last_bad_one() -> None:
    log = [
        (1.0, "a", "hi", "answer"),
        (10.5, "a", "x", "error"), (11.0, "b", "y", "apology"), (12.0, "c", "z", "answer"),
        (13.0, "b", "y", "busy"), (14.5, "b", "y", "answer"), (15.0, "c", "w", "answer"),
        (30.5, "c", "v", "answer"),
    ]
    faults = [Fault("first", began=10.0), Fault("second", began=30.0)]
    score(faults, log, end=40.0)
    assert (faults[0].bad, faults[0].recovery_s) == (3, 4.5)
    assert (faults[1].bad, faults[1].recovery_s) == (0, 0.0)


def test_a_fault_still_bad_at_the_end_recovers_only_then() -> None:
    faults = [Fault("last", began=10.0)]
    score(faults, [(11.0, "a", "x", "error")], end=25.0)
    assert faults[0].recovery_s == 15.0


def test_lost_history_is_an_answered_message_missing_from_the_store() -> None:
    log = [
        (1.0, "a", "hi", "answer"), (2.0, "a", "where?", "apology"), (3.0, "a", "where?", "answer"),
        (1.0, "b", "hi", "answer"), (2.0, "b", "thanks", "answer"),
        (1.0, "c", "hi", "error"),
    ]
    stored = {"a": ["hi", "where?"], "b": ["hi"], "c": ["hi"]}
    assert lost_history(log, stored) == (1, 1)  # b lost "thanks"; c holds a message with no answer
    assert lost_history(log, {"a": ["hi", "where?"], "b": ["hi", "thanks"]}) == (0, 0)
    assert lost_history(log, {"a": ["where?", "hi"], "b": ["hi", "thanks"]}) == (1, 0)  # out of order
