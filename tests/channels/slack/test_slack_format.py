"""Markdown to Slack mrkdwn (ask_amy/channels/slack/format.py)."""

from __future__ import annotations

import pytest

from ask_amy.channels.slack.format import escape, split_messages, to_mrkdwn


@pytest.mark.parametrize(
    "markdown, mrkdwn",
    [
        ("**Email**, not the phone.", "*Email*, not the phone."),
        ("Keep it __light__ and **upbeat**.", "Keep it *light* and *upbeat*."),
        ("a ** b ** c", "a ** b ** c"),  # not bold in Markdown either
        ("snake__case__name", "snake__case__name"),
        ("See [the column](https://example.com/ask-amy).", "See <https://example.com/ask-amy|the column>."),
        ("[**bold** link](https://x.org)", "<https://x.org|*bold* link>"),
        ("**see [x](https://x.org)**", "*see <https://x.org|x>*"),
        ("Q&A <b>tags</b> & 3 > 2", "Q&amp;A &lt;b&gt;tags&lt;/b&gt; &amp; 3 &gt; 2"),
        ("[A & B <c>](https://x.org/?a=1&b=2)", "<https://x.org/?a=1&amp;b=2|A &amp; B &lt;c&gt;>"),
        ("[x](https://x.org/a|b)", "<https://x.org/a%7Cb|x>"),
        ("Read <https://example.com/a?b=1&c=2> now", "Read <https://example.com/a?b=1&amp;c=2> now"),
        ("<mailto:amy@example.com>", "<mailto:amy@example.com>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<!channel> and <@U123>", "&lt;!channel&gt; and &lt;@U123&gt;"),  # no mass or user pings
        ("Already *single* stars", "Already *single* stars"),
        ("", ""),
    ],
)
def test_to_mrkdwn(markdown: str, mrkdwn: str) -> None:
    assert to_mrkdwn(markdown) == mrkdwn


def test_code_is_escaped_but_never_reformatted() -> None:
    markdown = "Use `**x** & <y>` and:\n```python\nif a < b and **c**:\n    [k](v)\n```\n**done**"
    assert to_mrkdwn(markdown) == (
        "Use `**x** &amp; &lt;y&gt;` and:\n```\nif a &lt; b and **c**:\n    [k](v)\n```\n*done*"
    )


def test_bold_spans_around_inline_code() -> None:
    assert to_mrkdwn("**run `make serve` now**") == "*run `make serve` now*"


def test_the_email_draft_block_keeps_its_lines() -> None:
    draft = "```\nSubject: Following up on the analyst role at Acme\n\nHi Priya,\n\nThanks & best\n```"
    assert to_mrkdwn(draft) == draft.replace("&", "&amp;")


def test_escape_only_touches_the_three_control_characters() -> None:
    assert escape("a & b < c > d * _ ~ `") == "a &amp; b &lt; c &gt; d * _ ~ `"
    assert escape("&amp;") == "&amp;amp;"  # text, not pre-escaped markup


def test_nul_characters_cannot_smuggle_placeholders() -> None:
    assert to_mrkdwn("a\x000\x00b `c`") == "a0b `c`"


@pytest.mark.parametrize(
    "text, parts",
    [
        ("one\n\ntwo", ["one", "two"]),
        ("one\n \n\n\ntwo\nstill two", ["one", "two\nstill two"]),
        ("  \n\n", []),
        ("intro\n\n```\nSubject: x\n\nHi,\n\nBye\n```\n\nafter",
         ["intro", "```\nSubject: x\n\nHi,\n\nBye\n```", "after"]),
        ("inline ```x``` fences\n\nnext", ["inline ```x``` fences", "next"]),
    ],
)
def test_split_messages_at_blank_lines_outside_code(text: str, parts: list) -> None:
    assert split_messages(text) == parts
