"""The Slack channel class (ask_amy/channels/slack/channel.py), offline: what it answers, how it
posts, and its webhook served in process (Rasa itself replaced by a list of the messages it would get)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from rasa.core.channels.slack import SlackInput
from rasa.shared.exceptions import InvalidConfigException

from ask_amy.channels.slack.blocks import EXPIRED_NOTE
from ask_amy.channels.slack.channel import SlackChannel
from ask_amy.channels.slack.format import to_mrkdwn
from ask_amy.channels.slack.interactions import ButtonLedger
from ask_amy.channels.slack.memory import RecentKeys
from ask_amy.channels.slack.replies import DEFAULT_API_URL, SlackReplies
from ask_amy.guards.input_guard import COMMAND_REPLY
from testkit.slack_requests import click, mention_event, message_event
from testkit.slack_stand_in import BOT_ID, BOT_USER, CHANNEL, TOPIC_PAYLOAD, SlackWebAPI
from testkit.slack_webhook import CREDENTIALS, Webhook, channel, serving


def test_credentials_default_to_slack_and_take_an_api_url() -> None:
    assert channel().slack_api_url == DEFAULT_API_URL == "https://slack.com/api/"
    assert channel().get_output_channel().client.base_url == "https://slack.com/api/"
    local = channel(slack_api_url="http://127.0.0.1:9/api")
    out = local.get_output_channel("C1")
    assert out.client.base_url == "http://127.0.0.1:9/api/"
    assert out.client.token == "xoxb-1" and out.slack_channel == "C1"
    assert local.get_output_channel().slack_channel == CHANNEL
    assert SlackChannel.name() == "slack" and out.name() == "slack"  # the action server relies on "slack"


@pytest.mark.parametrize("missing", ["slack_signing_secret", "slack_token"])
def test_token_and_signing_secret_are_mandatory(missing: str) -> None:
    with pytest.raises(InvalidConfigException):
        channel(**{missing: ""})
    with pytest.raises(InvalidConfigException):
        SlackChannel.from_credentials({k: v for k, v in CREDENTIALS.items() if k != missing})


def test_retry_headers_default_to_slacks() -> None:
    direct = SlackChannel("xoxb-1", CHANNEL, slack_signing_secret="s")
    headers = (direct.retry_reason_header, direct.retry_num_header)
    assert headers == ("x-slack-retry-reason", "x-slack-retry-num")
    assert direct.errors_ignore_retry == ("http_timeout",)


ANSWERED = {
    "message in the configured channel": message_event("hi", "U1", CHANNEL),
    "direct message": message_event("hi", "U1", "D1", channel_type="im"),
    "app_mention in another channel": mention_event("hi", "U1", "C0THER"),
    "app_mention in the configured channel": mention_event("hi", "U1", CHANNEL),
    "file shared with a comment": message_event("hi", "U1", CHANNEL, subtype="file_share"),
    "thread reply also sent to the channel": message_event("hi", "U1", CHANNEL, subtype="thread_broadcast"),
}


@pytest.mark.parametrize("case", ANSWERED)
def test_answered(case: str) -> None:
    assert channel().skip_reason(ANSWERED[case]) is None


ANSWERED["empty text (answered: the bot says it came through empty)"] = message_event("   ", "U1", "D1", "im")

NOT_ANSWERED = {
    "message in another channel": message_event("hi", "U1", "C0THER"),
    "private channel the bot is in": message_event("hi", "U1", "G0THER", channel_type="group"),
    "group DM": message_event("hi", "U1", "G0MPIM", channel_type="mpim"),
    "another bot": message_event("hi", "U1", "D1", "im", bot_id="B9"),
    "bot_message subtype": message_event("hi", None, CHANNEL, subtype="bot_message", bot_id="B9"),
    "the bot's own post": message_event("hi", BOT_USER, CHANNEL, bot_id=BOT_ID),
    "the bot's own user without bot_id": message_event("hi", BOT_USER, "D1", "im"),
    "bot mention": mention_event("hi", "U1", CHANNEL, bot_id="B9"),
    "channel join": message_event("<@U1> has joined the channel", "U1", CHANNEL, subtype="channel_join"),
    "the bot's own join": message_event(f"<@{BOT_USER}> has joined the channel", BOT_USER, CHANNEL,
                                        subtype="channel_join"),
    "edit": message_event("hi", "U1", CHANNEL, subtype="message_changed", hidden=True),
    "reaction": {"type": "event_callback",
                 "event": {"type": "reaction_added", "user": "U1", "reaction": "+1"}},
    "no event": {"type": "event_callback"},
}


@pytest.mark.parametrize("case", NOT_ANSWERED)
def test_not_answered(case: str) -> None:
    assert channel().skip_reason(NOT_ANSWERED[case])


def test_what_rasa_36_itself_would_answer() -> None:
    """The gaps the subclass closes (if Rasa fixes them, this test says so)."""
    rasa = SlackInput("xoxb-1", CHANNEL, slack_signing_secret="s")
    join = NOT_ANSWERED["the bot's own join"]
    assert rasa._is_user_message(join) and rasa._is_supported_channel(join, {"out_channel": CHANNEL})


def test_without_a_configured_channel_only_dms_and_mentions_are_answered() -> None:
    dms_only = channel(slack_channel=None)
    assert dms_only.skip_reason(message_event("hi", "U1", CHANNEL))
    assert dms_only.skip_reason(ANSWERED["direct message"]) is None
    assert dms_only.skip_reason(ANSWERED["app_mention in another channel"]) is None


def test_recent_keys_spot_repeats_by_any_key() -> None:
    recent = RecentKeys(ttl=60, size=100)
    assert recent.first_time([("event", "Ev1"), ("message", "C1", "1.1")])
    assert not recent.first_time([("event", "Ev1"), ("message", "C1", "1.1")])  # a retry
    assert not recent.first_time([("event", "Ev2"), ("message", "C1", "1.1")])  # app_mention twin
    assert recent.first_time([("event", "Ev3"), ("message", "C1", "1.2")])
    assert recent.first_time([("event", None), ("message", "C1", None)])  # keys with gaps are not keys
    assert recent.first_time([("event", None), ("message", "C1", None)])


def test_recent_keys_forget_old_and_overflowing_keys() -> None:
    assert RecentKeys(ttl=0).first_time(["a"]) and RecentKeys(ttl=0).first_time(["a"])
    expiring = RecentKeys(ttl=-1)
    assert expiring.first_time(["a"]) and expiring.first_time(["a"])
    small = RecentKeys(ttl=60, size=2)
    for key in "abc":
        assert small.first_time([key])
    assert small.first_time(["a"])  # pushed out by b and c
    assert not small.first_time(["c"])


def test_event_metadata_and_reply_thread() -> None:
    ch = channel()
    payload = message_event(f"<@{BOT_USER}> hi", "U1", CHANNEL, ts="1.5")
    metadata = ch.event_metadata(payload)
    assert metadata == {"out_channel": CHANNEL, "thread_id": "1.5", "users": [BOT_USER]}
    assert ch._sanitize_user_message(payload["event"]["text"], metadata["users"]) == "hi"
    assert ch.reply_thread(payload["event"], metadata) is None
    in_thread = message_event("hi", "U1", CHANNEL, ts="1.6", thread_ts="1.0")["event"]
    assert ch.reply_thread(in_thread, {"thread_id": "1.0"}) == "1.0"
    assert channel(use_threads=True).reply_thread(payload["event"], metadata) == "1.5"


# -- the webhook, in process: a Sanic app with the channel's blueprint, Rasa replaced by a list --


@pytest.fixture
async def webhook(monkeypatch: pytest.MonkeyPatch) -> Any:
    api = SlackWebAPI().start()
    try:
        async with serving(channel(slack_api_url=api.url), api, monkeypatch) as served:
            yield served
    finally:
        api.stop()


async def test_url_verification_gets_the_bare_challenge(webhook: Webhook) -> None:
    status, body, content_type = await webhook.post({"type": "url_verification", "challenge": "abc123"})
    assert (status, body) == (200, "abc123") and content_type.startswith("text/plain")
    status, body, _ = await webhook.post({"type": "url_verification", "challenge": "abc123"}, secret="wrong")
    assert status == 400 and "abc123" not in body


async def test_a_channel_message_goes_to_rasa_as_slack_input(webhook: Webhook) -> None:
    payload = message_event(f"<@{BOT_USER}> should I call?", "U1", CHANNEL, ts="1.5")
    assert (await webhook.post(payload))[0] == 200
    [message] = webhook.received
    assert (message.text, message.sender_id, message.input_channel) == ("should I call?", "U1", "slack")
    out = message.output_channel
    assert isinstance(out, SlackReplies) and out.slack_channel == CHANNEL and out.thread_id is None
    assert out.client.base_url == webhook.api.url
    assert message.metadata == {"out_channel": CHANNEL, "thread_id": "1.5", "users": [BOT_USER]}


async def test_json_with_a_charset_is_still_json(webhook: Webhook) -> None:
    payload = message_event("hi", "U1", CHANNEL)
    assert (await webhook.post(payload, content_type="application/json; charset=utf-8"))[0] == 200
    assert len(webhook.received) == 1


@pytest.mark.parametrize("how", ["forged", "missing", "stale", "future"])
async def test_bad_signatures_are_rejected_before_anything_else(webhook: Webhook, how: str) -> None:
    payload = message_event("hi", "U1", CHANNEL)
    kwargs = {"forged": {"secret": "not-it"}, "missing": {"secret": None},
              "stale": {"timestamp": int(time.time()) - 301},
              "future": {"timestamp": int(time.time()) + 301}}[how]
    assert (await webhook.post(payload, **kwargs))[0] == 400
    assert webhook.received == []
    assert (await webhook.post(payload))[0] == 200  # not remembered as answered
    assert len(webhook.received) == 1


@pytest.mark.parametrize("reason", ["http_timeout", "http_error", "connection_failed", "unknown_error"])
async def test_each_message_goes_to_rasa_once(webhook: Webhook, reason: str) -> None:
    payload = message_event("hi", "U1", "D1", "im")
    await webhook.post(payload)
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason}
    status, _, _ = await webhook.post(payload, headers=retry)
    assert status in (200, 201) and len(webhook.received) == 1


async def test_a_mention_in_the_channel_goes_to_rasa_once(webhook: Webhook) -> None:
    await webhook.post(message_event(f"<@{BOT_USER}> hi", "U1", CHANNEL, ts="2.5"))
    await webhook.post(mention_event("hi", "U1", CHANNEL, ts="2.5"))
    assert [m.text for m in webhook.received] == ["hi"]


async def test_bot_and_system_messages_never_reach_rasa(webhook: Webhook) -> None:
    for case in NOT_ANSWERED.values():
        assert (await webhook.post(case))[0] == 200
    assert webhook.received == []


# -- button clicks -----------------------------------------------------------------------------

TOPIC = TOPIC_PAYLOAD
BUTTONS = [{"title": "Call or email?", "payload": TOPIC},
           {"title": "Draft the email", "payload": "draft the email"}]


async def test_a_click_goes_to_rasa_in_the_buttons_conversation_and_closes_them(webhook: Webhook) -> None:
    post = await webhook.offer("U1", CHANNEL, BUTTONS, conversation="U1_CAMYJOBS01_1.0", thread="1.0")
    mark = webhook.api.mark()
    assert await webhook.click(click(post, "U1", button=1)) == 200
    [message] = webhook.received
    assert (message.text, message.sender_id, message.input_channel) == (
        "draft the email", "U1_CAMYJOBS01_1.0", "slack")
    assert message.metadata == {"out_channel": CHANNEL, "thread_id": "1.0", "users": ["U1"]}
    out = message.output_channel
    assert isinstance(out, SlackReplies)
    assert (out.slack_channel, out.thread_id, out.user) == (CHANNEL, "1.0", "U1")
    [update] = webhook.api.updates(CHANNEL, after=mark)
    assert (update.args["channel"], update.args["ts"]) == (CHANNEL, post.ts)
    assert update.buttons == [] and "You chose: Draft the email" in json.dumps(update.blocks)
    assert update.blocks[0] == post.blocks[0]  # the question stays
    assert update.text.startswith(post.text) and update.text.endswith("You chose: Draft the email")


async def test_the_topic_payload_passes_the_guard(webhook: Webhook) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    assert await webhook.click(click(post, "U1")) == 200
    assert [m.text for m in webhook.received] == [TOPIC]


FORGED = ["/affirm", '/inform_competing_offer{"has_competing_offer":"yes"}', "/restart"]


@pytest.mark.parametrize("value", FORGED)
async def test_a_forged_intent_value_is_refused_like_typed_text(webhook: Webhook, value: str) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    mark = webhook.api.mark()
    assert await webhook.click(click(post, "U1", value=value)) == 200
    assert webhook.received == []
    [reply] = webhook.api.posts("D1", after=mark)
    assert reply.text == to_mrkdwn(COMMAND_REPLY)


async def test_a_repeated_click_goes_to_rasa_once(webhook: Webhook) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    mark = webhook.api.mark()
    first = click(post, "U1")
    assert await webhook.click(first) == 200
    assert await webhook.click(first) == 200  # Slack's retry, or a double click
    assert await webhook.click(click(post, "U1", button=1)) == 200  # the other button, too late
    assert [m.text for m in webhook.received] == [TOPIC]
    assert len(webhook.api.updates(after=mark)) == 1


async def test_a_click_on_older_buttons_is_not_answered(webhook: Webhook) -> None:
    old = await webhook.offer("U1", "D1", BUTTONS)
    new = await webhook.offer("U1", "D1", BUTTONS)
    mark = webhook.api.mark()
    assert await webhook.click(click(old, "U1")) == 200
    assert webhook.received == [] and webhook.api.posts(after=mark) == []
    [update] = webhook.api.updates("D1", after=mark)
    assert update.args["ts"] == old.ts and update.buttons == [] and EXPIRED_NOTE in json.dumps(update.blocks)
    assert await webhook.click(click(new, "U1")) == 200  # the latest ones still work
    assert [m.text for m in webhook.received] == [TOPIC]


async def test_a_click_on_buttons_the_channel_never_sent_is_not_answered(webhook: Webhook) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    webhook.slack.buttons = ButtonLedger()  # as after a restart
    mark = webhook.api.mark()
    assert await webhook.click(click(post, "U1")) == 200
    assert webhook.received == [] and webhook.api.posts(after=mark) == []
    assert [u.args["ts"] for u in webhook.api.updates(after=mark)] == [post.ts]


async def test_a_click_on_a_message_already_closed_changes_nothing(webhook: Webhook) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    payload = click(post, "U1")
    payload["message"]["blocks"] = [b for b in payload["message"]["blocks"] if b["type"] != "actions"]
    webhook.slack.buttons = ButtonLedger()  # the message was closed before a restart; Slack retries
    mark = webhook.api.mark()
    assert await webhook.click(payload) == 200
    assert webhook.received == [] and webhook.api.calls[mark:] == []


async def test_someone_elses_buttons_are_theirs(webhook: Webhook) -> None:
    post = await webhook.offer("U1", CHANNEL, BUTTONS)
    mark = webhook.api.mark()
    assert await webhook.click(click(post, "U2")) == 200
    assert webhook.received == [] and webhook.api.posts(after=mark) == [] and webhook.api.updates() == []
    [note] = webhook.api.made("chat.postEphemeral", CHANNEL, after=mark)
    assert note.args["user"] == "U2" and "someone else" in note.text
    assert await webhook.click(click(post, "U1")) == 200  # the person they were for can still click
    assert [(m.text, m.sender_id) for m in webhook.received] == [(TOPIC, "U1")]


@pytest.mark.parametrize("how", ["forged", "missing", "stale"])
async def test_badly_signed_clicks_are_rejected(webhook: Webhook, how: str) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    mark = webhook.api.mark()
    kwargs = {"forged": {"secret": "not-it"}, "missing": {"secret": None},
              "stale": {"timestamp": int(time.time()) - 301}}[how]
    assert await webhook.click(click(post, "U1"), **kwargs) == 400
    assert webhook.received == [] and webhook.api.calls[mark:] == []
    assert await webhook.click(click(post, "U1")) == 200  # the buttons are still open
    assert len(webhook.received) == 1


@pytest.mark.parametrize("case", ["another interaction type", "a link button", "a select menu"])
async def test_other_interactions_are_not_answered(webhook: Webhook, case: str) -> None:
    post = await webhook.offer("U1", "D1", BUTTONS)
    payload = click(post, "U1")
    if case == "another interaction type":
        payload["type"] = "view_submission"
    elif case == "a link button":
        del payload["actions"][0]["value"]
        payload["actions"][0]["url"] = "https://example.com"
    else:
        payload["actions"][0].update(type="static_select", selected_option={"value": "yes"})
    mark = webhook.api.mark()
    assert await webhook.click(payload) == 200
    assert webhook.received == [] and webhook.api.calls[mark:] == []
