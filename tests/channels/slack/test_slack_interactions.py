"""Button clicks on Slack (ask_amy/channels/slack/interactions.py): reading them, and which get an answer."""

from __future__ import annotations

import copy
from typing import Any, Dict

import pytest

from ask_amy.channels.slack.interactions import (
    ANSWER,
    CLOSED,
    NOT_YOURS,
    REPEAT,
    ButtonLedger,
    Click,
    NotAClick,
    Offer,
    parse_click,
)
from testkit.slack_requests import a_click
from testkit.slack_stand_in import TOPIC_PAYLOAD

TOPIC = TOPIC_PAYLOAD

# A click as Slack sends it (fields we do not read left out).
PAYLOAD: Dict[str, Any] = {
    "type": "block_actions",
    "user": {"id": "U1", "username": "sam", "team_id": "T1"},
    "container": {"type": "message", "message_ts": "9.1", "channel_id": "C1", "is_ephemeral": False},
    "channel": {"id": "C1", "name": "job-search"},
    "message": {"type": "message", "ts": "9.1", "thread_ts": "8.0", "text": "Which?", "blocks": []},
    "actions": [{"action_id": "choice-0", "block_id": "choices-0", "type": "button", "value": TOPIC,
                 "text": {"type": "plain_text", "text": "Call or email?"}, "action_ts": "9.2"}],
}


def payload(**changes: Any) -> Dict[str, Any]:
    result = copy.deepcopy(PAYLOAD)
    result.update(changes)
    return result


def test_a_click_is_read() -> None:
    click = parse_click(payload())
    assert click == Click("U1", "C1", "9.1", TOPIC, "Call or email?", "choice-0", PAYLOAD["message"], "8.0")
    assert click.key == ("C1", "9.1")


def test_channel_and_ts_fall_back_to_the_container() -> None:
    message = {k: v for k, v in PAYLOAD["message"].items() if k not in ("ts", "thread_ts")}
    container = {**PAYLOAD["container"], "thread_ts": "7.0"}
    click = parse_click(payload(channel=None, message=message, container=container))
    assert click is not None and (click.channel, click.message_ts, click.thread_ts) == ("C1", "9.1", "7.0")


def test_a_button_without_a_title_shows_its_value() -> None:
    actions = [{"type": "button", "value": "skip"}]
    click = parse_click(payload(actions=actions))
    assert click is not None and (click.title, click.value, click.action_id) == ("skip", "skip", "")


@pytest.mark.parametrize("action", [{"type": "button", "url": "https://example.com"},
                                    {"type": "static_select", "selected_option": {"value": "x"}},
                                    {"type": "button", "value": 5}])
def test_actions_that_are_not_buttons_with_a_value_are_none(action: Dict[str, Any]) -> None:
    assert parse_click(payload(actions=[action])) is None


@pytest.mark.parametrize(
    "changes",
    [{"actions": []}, {"actions": "button"}, {"actions": ["button"]}, {"message": "not an object"},
     {"message": None}, {"user": None}, {"user": {"id": 5}}, {"user": "U1"},
     {"channel": "C1"}, {"channel": None, "container": None}, {"container": ["x"]},
     {"message": {"text": "no ts"}, "container": None}],
)
def test_malformed_clicks_raise(changes: Dict[str, Any]) -> None:
    with pytest.raises(NotAClick):
        parse_click(payload(**changes))


def test_the_latest_buttons_are_answered_once() -> None:
    ledger = ButtonLedger()
    offer = Offer("U1", "U1", "8.0")
    ledger.offered("C1", "9.1", offer)
    assert ledger.claim(a_click()) == (ANSWER, offer)
    assert ledger.claim(a_click()) == (REPEAT, None)


def test_older_buttons_of_the_conversation_are_closed() -> None:
    ledger = ButtonLedger()
    ledger.offered("C1", "9.1", Offer("U1", "U1"))
    ledger.offered("C1", "9.5", Offer("U1", "U1"))
    ledger.offered("D2", "9.6", Offer("U2", "U2"))  # another conversation does not close them
    assert ledger.claim(a_click(ts="9.1")) == (CLOSED, Offer("U1", "U1"))
    assert ledger.claim(a_click(ts="9.1"))[0] == REPEAT
    assert ledger.claim(a_click(ts="9.5"))[0] == ANSWER


def test_unknown_buttons_are_closed_once() -> None:
    ledger = ButtonLedger()
    assert ledger.claim(a_click()) == (CLOSED, None)
    assert ledger.claim(a_click()) == (REPEAT, None)


def test_someone_elses_buttons_stay_open_for_them() -> None:
    ledger = ButtonLedger()
    ledger.offered("C1", "9.1", Offer("U1", "U1"))
    assert ledger.claim(a_click(user="U2"))[0] == NOT_YOURS
    assert ledger.claim(a_click(user="U2"))[0] == NOT_YOURS
    assert ledger.claim(a_click(user="U1"))[0] == ANSWER


def test_buttons_recorded_without_a_person_take_any_clicker() -> None:
    ledger = ButtonLedger()
    ledger.offered("C1", "9.1", Offer("conv"))
    assert ledger.claim(a_click(user="U2")) == (ANSWER, Offer("conv"))


def test_the_ledger_is_bounded() -> None:
    ledger = ButtonLedger(size=3)
    for i in range(10):
        ledger.offered("C1", f"9.{i}", Offer(f"U{i}", f"U{i}"))
    assert len(ledger) == 3
    assert ledger.claim(a_click(user="U0", ts="9.0"))[0] == CLOSED  # forgotten: closed, not answered
    assert ledger.claim(a_click(user="U9", ts="9.9"))[0] == ANSWER
    for i in range(100):
        ledger.claim(a_click(ts=f"1.{i}"))  # clicks on unknown messages are remembered within the bound too
    assert len(ledger) == 3


def test_the_ledger_forgets_old_buttons() -> None:
    ledger = ButtonLedger(ttl=-1)
    ledger.offered("C1", "9.1", Offer("U1", "U1"))
    assert ledger.claim(a_click())[0] == CLOSED
