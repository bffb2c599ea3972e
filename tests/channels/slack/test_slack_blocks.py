"""Block Kit for quick replies on Slack (ask_amy/channels/slack/blocks.py)."""

from __future__ import annotations

import json

import pytest

from ask_amy.channels.slack.blocks import (
    MAX_ACTIONS_ELEMENTS,
    MAX_BUTTON_TITLE_CHARS,
    MAX_SECTION_CHARS,
    button_elements,
    button_message,
    chosen_note,
    closed_message,
    has_buttons,
    sections,
    shorten,
)

TOPIC = '/choose_topic{"topic":"request_email_draft"}'
BUTTONS = [{"title": "Draft the email", "payload": TOPIC}, {"title": "Skip", "payload": "skip"}]


def test_a_reply_is_a_section_then_an_actions_block_of_buttons() -> None:
    text, blocks = button_message("Want me to *draft* it?", BUTTONS)
    assert text == "Want me to *draft* it?"
    assert blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Want me to *draft* it?"}},
        {"type": "actions", "block_id": "choices-0", "elements": [
            {"type": "button", "action_id": "choice-0",
             "text": {"type": "plain_text", "text": "Draft the email", "emoji": True}, "value": TOPIC},
            {"type": "button", "action_id": "choice-1",
             "text": {"type": "plain_text", "text": "Skip", "emoji": True}, "value": "skip"},
        ]},
    ]


def test_titles_are_plain_text_of_at_most_75_characters() -> None:
    title = "Tell me <b>everything</b> & more about " + "waiting " * 20
    [element] = button_elements([{"title": title, "payload": "x"}])
    shown = element["text"]["text"]
    assert len(shown) == MAX_BUTTON_TITLE_CHARS and shown.endswith("\u2026")
    assert shown.startswith("Tell me <b>everything</b> & more")  # plain_text: shown as written, not markup


def test_action_ids_are_unique_even_for_equal_buttons() -> None:
    elements = button_elements([{"title": "Yes", "payload": "yes"}] * 3)
    assert [e["action_id"] for e in elements] == ["choice-0", "choice-1", "choice-2"]


@pytest.mark.parametrize(
    "button, expected",
    [
        ({"title": "Yes", "payload": None}, ("Yes", "Yes")),  # a title alone: the words a person would type
        ({"title": "", "payload": "draft the email"}, ("draft the email", "draft the email")),
        ({"title": "  Later  ", "payload": " later "}, ("Later", "later")),
        ({"title": "", "payload": ""}, None),
        ({"title": "Huge", "payload": "x" * 2001}, None),  # Slack would cut the value: the button is left out
    ],
)
def test_buttons_from_whatever_rasa_sends(button: dict, expected: object) -> None:
    elements = button_elements([button])
    got = (elements[0]["text"]["text"], elements[0]["value"]) if elements else None
    assert got == expected


def test_more_than_25_buttons_take_several_actions_blocks() -> None:
    buttons = [{"title": f"Option {i}", "payload": f"option {i}"} for i in range(30)]
    _, blocks = button_message("Pick one", buttons)
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [MAX_ACTIONS_ELEMENTS, 5]
    assert len({a["block_id"] for a in actions}) == 2
    ids = [e["action_id"] for a in actions for e in a["elements"]]
    assert len(set(ids)) == 30


def test_long_text_is_split_into_sections_of_at_most_3000_characters() -> None:
    paragraphs = ["word " * 500, "more " * 500, "x" * 3500]
    chunks = sections("\n\n".join(p.strip() for p in paragraphs))
    assert all(len(c["text"]["text"]) <= MAX_SECTION_CHARS for c in chunks)
    assert "".join(c["text"]["text"] for c in chunks).replace("\n", "").replace(" ", "") == "".join(
        p.replace(" ", "") for p in paragraphs)


def test_short_paragraphs_share_a_section() -> None:
    one = {"type": "section", "text": {"type": "mrkdwn", "text": "One.\n\nTwo."}}
    assert sections("One.\n\nTwo.") == [one]
    assert sections("  ") == []


def test_without_text_the_fallback_reads_the_choices() -> None:
    buttons = [{"title": "Yes & no", "payload": "yes"}, {"title": "Later", "payload": "l"}]
    text, blocks = button_message(" ", buttons)
    assert text == "Yes &amp; no / Later"  # the message's text is mrkdwn: escaped
    assert [b["type"] for b in blocks] == ["actions"]  # no empty section (Slack refuses one)


def test_closed_message_keeps_the_text_drops_the_buttons_and_says_the_choice() -> None:
    text, blocks = button_message("Want me to *draft* it?", BUTTONS)
    message = {"type": "message", "text": text, "ts": "1.2", "blocks": blocks}
    new_text, new_blocks = closed_message(message, chosen_note("Draft the email"))
    assert new_text == "Want me to *draft* it?\nYou chose: Draft the email"
    assert new_blocks == [blocks[0], {"type": "context", "elements": [
        {"type": "plain_text", "text": "You chose: Draft the email", "emoji": True}]}]


def test_closed_message_without_blocks_is_rebuilt_from_the_text() -> None:
    new_text, new_blocks = closed_message({"text": "Pick one", "blocks": "not a list"}, "Closed & gone")
    assert new_text == "Pick one\nClosed &amp; gone"
    assert [b["type"] for b in new_blocks] == ["section", "context"]
    assert closed_message({}, "Closed")[0] == "Closed"
    assert "actions" not in json.dumps(closed_message({"text": "x"}, "n")[1])


def test_shorten() -> None:
    assert shorten("  a \n b ", 10) == "a b"
    assert shorten("abcdefghij", 5) == "abcd\u2026"


def test_has_buttons() -> None:
    _, blocks = button_message("Pick", BUTTONS)
    assert has_buttons({"blocks": blocks})
    assert not has_buttons({"blocks": closed_message({"blocks": blocks}, "You chose: Skip")[1]})
    assert not has_buttons({}) and not has_buttons({"blocks": "x"}) and not has_buttons({"blocks": ["x"]})
