"""The README's example conversation (testkit/transcript.py) is what the current bot says."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from ask_amy.cli import shell
from testkit import transcript
from testkit.transcript import Click

ASKED = [{"text": "Want me to help you write it?", "buttons": [
    {"title": "Draft the email", "payload": "draft the email"},
    {"title": "Where does that come from?", "payload": "where does that come from?"},
]}]


def scripted(*turns: List[Dict[str, Any]]) -> Any:
    """A ``send`` that answers with ``turns`` in order and keeps what it was sent."""
    answers = iter(turns)
    sent: List[str] = []

    def send(text: str) -> List[Dict[str, Any]]:
        sent.append(text)
        return next(answers)

    send.sent = sent  # type: ignore[attr-defined]
    return send


def test_a_click_is_typed_as_the_button_s_number_and_sends_its_payload() -> None:
    send = scripted(ASKED, [{"text": "From the Ask Amy column"}])
    text = transcript.record(send, ["should I call?", Click("Where does that come from?")])
    assert send.sent == ["should I call?", "where does that come from?"]
    assert text.splitlines() == [
        shell.PROMPT + "should I call?",
        shell.LABEL + "Want me to help you write it?",
        "  1. Draft the email",
        "  2. Where does that come from?",
        "",
        shell.PROMPT + "2",
        shell.LABEL + "From the Ask Amy column",
    ]


def test_a_click_on_a_button_the_bot_did_not_show_stops_the_run() -> None:
    with pytest.raises(transcript.NotShown, match="Skip"):
        transcript.record(scripted(ASKED), ["should I call?", Click("Skip")])


def test_long_lines_are_wrapped_and_choices_kept() -> None:
    text = transcript.wrap("word " * 40 + "\n  1. Draft the email", width=50)
    assert all(len(line) <= 50 for line in text.splitlines())
    assert text.splitlines()[-1] == "  1. Draft the email"


def test_the_readme_has_one_block_and_replacing_it_changes_only_the_block() -> None:
    readme = transcript.README.read_text(encoding="utf-8")
    assert readme.count(transcript.START) == 1 and readme.count(transcript.END) == 1
    replaced = transcript.replace_block(readme, "Your input ->  hi")
    assert transcript.readme_block(replaced) == transcript.block("Your input ->  hi")
    before, after = readme.split(transcript.readme_block(readme))
    assert replaced.startswith(before) and replaced.endswith(after)


@pytest.mark.live
def test_the_readme_shows_what_the_current_bot_says(live_bot: Dict[str, Any]) -> None:
    live = transcript.record(transcript.over_rest(live_bot["rasa"].url))
    in_readme = transcript.readme_block(transcript.README.read_text(encoding="utf-8"))
    assert in_readme == transcript.block(live), (
        "The README's conversation is not what the bot says now: run `python -m testkit.transcript`.\n" + live
    )
    assert "(Friday)" in live  # the offer's deadline, read from the letter
    assert "From the Ask Amy column" in live  # the source behind the answer
