"""The bot's replies on Slack (ask_amy/channels/slack/replies.py), offline: posts recorded instead of made."""

from __future__ import annotations

from typing import Any, Dict, List

from ask_amy.channels.slack.interactions import ANSWER, CLOSED, ButtonLedger, Offer
from ask_amy.channels.slack.replies import DEFAULT_API_URL, SlackReplies, api_url
from testkit.slack_requests import a_click
from testkit.slack_stand_in import TOPIC_PAYLOAD
from testkit.slack_webhook import channel

TOPIC = TOPIC_PAYLOAD


class FakeWebClient:
    """Records Web API calls instead of making them; posts get a ``ts`` as Slack gives them."""

    def __init__(self, with_ts: bool = True) -> None:
        self.posts: List[Dict[str, Any]] = []
        self.calls: List[Any] = []
        self.with_ts = with_ts

    async def chat_postMessage(self, **kwargs: Any) -> Dict[str, Any]:  # noqa: N802 (slack_sdk's name)
        self.posts.append(kwargs)
        if not self.with_ts:
            return {"ok": True}
        return {"ok": True, "channel": kwargs["channel"], "ts": f"9.{len(self.posts)}"}

    async def chat_update(self, **kwargs: Any) -> Dict[str, Any]:
        self.calls.append(("chat.update", kwargs))
        return {"ok": True}

    async def chat_postEphemeral(self, **kwargs: Any) -> Dict[str, Any]:  # noqa: N802
        self.calls.append(("chat.postEphemeral", kwargs))
        return {"ok": True}


def replies(thread_id: Any = None, user: Any = "U1", with_ts: bool = True) -> SlackReplies:
    out = channel().get_output_channel("D0DM", thread_id, user)
    assert isinstance(out, SlackReplies)
    out.client = FakeWebClient(with_ts)  # type: ignore[assignment]
    return out


def test_api_url_ends_with_a_slash() -> None:
    assert api_url(None) == DEFAULT_API_URL == "https://slack.com/api/"
    assert api_url(" http://127.0.0.1:9/api ") == "http://127.0.0.1:9/api/"


async def test_text_is_posted_as_mrkdwn_paragraphs_without_as_user() -> None:
    out = replies()
    markdown = "**Email**, not the phone & <no> tags.\n\nSee [the column](https://x.org)."
    await out.send_text_message("U1", markdown)
    assert out.client.posts == [
        {"channel": "D0DM", "text": "*Email*, not the phone &amp; &lt;no&gt; tags."},
        {"channel": "D0DM", "text": "See <https://x.org|the column>."},
    ]


async def test_custom_json_is_one_post() -> None:
    out = replies(thread_id="1.0")
    draft = "```\nSubject: Following up\n\nHi Priya,\n\nBest & thanks\n```"
    message = {"text": draft}
    await out.send_custom_json("U1", message)
    assert out.client.posts == [{"channel": "D0DM", "text": draft.replace("&", "&amp;"), "thread_ts": "1.0"}]
    assert message == {"text": draft}  # the caller's dict is left alone


async def test_other_rasa_message_kinds_drop_as_user_too() -> None:
    out = replies()
    await out.send_image_url("U1", "https://x.org/a.png")
    await out.send_text_with_buttons("U1", "Pick", [{"title": "Yes", "payload": "yes"}])
    await out.send_attachment("U1", {"text": "a"})
    assert len(out.client.posts) == 3
    assert all("as_user" not in post for post in out.client.posts)


async def test_buttons_go_out_as_block_kit_with_the_text_as_fallback() -> None:
    out = replies(thread_id="1.0")
    buttons = [{"title": "Call or email?", "payload": TOPIC}, {"title": "Skip", "payload": "skip"}]
    await out.send_text_with_buttons("U1", "Do you want to know **whether to call or email**?", buttons)
    [post] = out.client.posts
    assert post["channel"] == "D0DM" and post["thread_ts"] == "1.0" and "as_user" not in post
    assert post["text"] == "Do you want to know *whether to call or email*?"
    section, actions = post["blocks"]
    assert section == {"type": "section", "text": {"type": "mrkdwn", "text": post["text"]}}
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        ("Call or email?", TOPIC), ("Skip", "skip")]


async def test_six_buttons_are_all_sent() -> None:
    # Rasa's SlackBot drops every button (and says so in a warning) when there are more than 5.
    out = replies()
    six = [{"title": f"T{i}", "payload": f"p{i}"} for i in range(6)]
    await out.send_text_with_buttons("U1", "Pick one", six)
    [post] = out.client.posts
    assert [b["value"] for b in post["blocks"][1]["elements"]] == [f"p{i}" for i in range(6)]


async def test_buttons_without_a_usable_button_are_plain_text() -> None:
    out = replies()
    await out.send_text_with_buttons("U1", "Just **text**", [{"title": "", "payload": ""}])
    assert out.client.posts == [{"channel": "D0DM", "text": "Just *text*"}]
    assert len(out.ledger) == 0


async def test_a_message_with_buttons_is_recorded_for_its_conversation() -> None:
    out = replies(thread_id="1.0", user="U1")
    await out.send_text_with_buttons("U1_conv", "Pick", [{"title": "Yes", "payload": "yes"}])
    assert out.ledger.claim(a_click(channel="D0DM", ts="9.1")) == (ANSWER, Offer("U1_conv", "U1", "1.0"))


async def test_without_a_ts_from_slack_nothing_is_recorded() -> None:
    out = replies(with_ts=False)
    await out.send_text_with_buttons("U1", "Pick", [{"title": "Yes", "payload": "yes"}])
    assert len(out.client.posts) == 1 and len(out.ledger) == 0


async def test_newer_buttons_close_the_older_ones() -> None:
    ledger = ButtonLedger()
    out = replies()
    out.ledger = ledger
    for _ in range(2):
        await out.send_text_with_buttons("U1", "Pick", [{"title": "Yes", "payload": "yes"}])
    assert ledger.claim(a_click(channel="D0DM", ts="9.1"))[0] == CLOSED
    assert ledger.claim(a_click(channel="D0DM", ts="9.2"))[0] == ANSWER


async def test_update_and_ephemeral_calls() -> None:
    out = replies(thread_id="1.0")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]
    await out.update_message("D0DM", "9.1", "x", blocks)
    await out.tell_only("D0DM", "U2", "Not **yours**")
    assert out.client.calls == [
        ("chat.update", {"channel": "D0DM", "ts": "9.1", "text": "x", "blocks": blocks}),
        ("chat.postEphemeral", {"channel": "D0DM", "user": "U2", "text": "Not *yours*", "thread_ts": "1.0"}),
    ]
