"""Ask Amy's Slack channel: Rasa 3.6's Slack connector with the gaps we found closed.

Registered in credentials.yml as ``ask_amy.channels.slack.channel.SlackChannel``; its webhook is
``/webhooks/slack/webhook`` and its input channel name is ``slack`` (the action server
relies on that name to send the email draft as one code block). What it changes in Rasa's
``SlackInput`` / ``SlackBot`` (who gets an answer, each message answered once, threads, input
checks, clicks, admission and outages, "forget me"): docs/slack.md, "What the channel changes".
"""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from ask_amy.channels.gc_freeze import freeze_after_start
from ask_amy.channels.rest import BadRequest, error_response, parse_json_object
from ask_amy.channels.slack.blocks import EXPIRED_NOTE, chosen_note, closed_message, has_buttons
from ask_amy.channels.slack.forget import asks_to_forget, forget
from ask_amy.channels.slack.interactions import (
    ANSWER,
    BUTTONS_TTL_S,
    CLOSED,
    NOT_YOURS,
    NOT_YOURS_REPLY,
    ButtonLedger,
    Click,
    NotAClick,
    parse_click,
)
from ask_amy.channels.slack.memory import RECENT_TTL_S, MemoryUnavailable, RecentKeys, shared_memory
from ask_amy.channels.slack.replies import SlackReplies, api_url
from ask_amy.guards.admission import admitted
from ask_amy.guards.input_guard import cap_request_body, deliver, max_message_chars
from ask_amy.guards.outage import answered_or_apology, hook_tracker_store

logger = logging.getLogger(__name__)

# Message subtypes that are still a person writing to the bot; every other subtype
# (channel_join, message_changed, message_deleted, bot_message, ...) is not answered.
ANSWERED_SUBTYPES = frozenset({"file_share", "thread_broadcast"})


class SlackChannel(SlackInput):
    """Slack Events API input for one channel, direct messages and @mentions."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SlackChannel":
        """Build the channel from its credentials.yml section."""
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            slack_token=credentials.get("slack_token"),
            slack_channel=credentials.get("slack_channel"),
            proxy=credentials.get("proxy"),
            slack_retry_reason_header=credentials.get("slack_retry_reason_header", "x-slack-retry-reason"),
            slack_retry_number_header=credentials.get("slack_retry_number_header", "x-slack-retry-num"),
            errors_ignore_retry=credentials.get("errors_ignore_retry"),
            use_threads=bool(credentials.get("use_threads", False)),
            slack_signing_secret=credentials.get("slack_signing_secret") or "",
            conversation_granularity=credentials.get("conversation_granularity", "sender"),
            slack_api_url=credentials.get("slack_api_url"),
        )

    def __init__(
        self,
        slack_token: Text,
        slack_channel: Optional[Text] = None,
        proxy: Optional[Text] = None,
        slack_retry_reason_header: Optional[Text] = "x-slack-retry-reason",
        slack_retry_number_header: Optional[Text] = "x-slack-retry-num",
        errors_ignore_retry: Optional[List[Text]] = None,
        use_threads: Optional[bool] = False,
        slack_signing_secret: Text = "",
        conversation_granularity: Optional[Text] = "sender",
        slack_api_url: Optional[Text] = None,
        max_chars: Optional[int] = None,
    ) -> None:
        """Create the channel; raises ``InvalidConfigException`` without a token or signing secret.

        ``max_chars`` (the longest message the NLU gets) defaults to ``ASK_AMY_MAX_MESSAGE_CHARS``
        or 2,000.
        """
        self.slack_api_url = api_url(slack_api_url)
        self.max_chars = max_message_chars() if max_chars is None else max_chars
        self.recent = RecentKeys()
        self.buttons = ButtonLedger()
        self._memory_checked = False
        super().__init__(
            slack_token,
            slack_channel or None,
            proxy,
            slack_retry_reason_header,
            slack_retry_number_header,
            errors_ignore_retry,
            use_threads,
            slack_signing_secret,
            conversation_granularity,
        )

    def _validate_credentials(self) -> None:
        super()._validate_credentials()
        if not self.slack_token:
            raise InvalidConfigException("The Slack channel needs `slack_token` (the bot token, xoxb-...).")
        if self.slack_channel and not self.slack_channel[:1].isalnum():
            logger.warning(
                f"slack_channel is '{self.slack_channel}', but Slack events name channels by id "
                f"(e.g. C0123456789): messages in that channel will not be answered."
            )

    def share_memory(self, agent: Any) -> None:
        """Once: keep the answered events and the buttons in Redis if Rasa's lock store is Redis.

        Behind a load balancer, Slack's retry of an event or a click can reach another Rasa server
        than the message did; with the lock store's Redis (:mod:`ask_amy.channels.slack.memory`) every
        server knows what the others answered and offered.
        """
        if self._memory_checked or agent is None:
            return
        self._memory_checked = True
        events = shared_memory(agent, RECENT_TTL_S, "events")
        if events is None:
            return
        self.recent = RecentKeys(memory=events)
        self.buttons = ButtonLedger(
            messages=shared_memory(agent, BUTTONS_TTL_S, "buttons"),
            latest=shared_memory(agent, BUTTONS_TTL_S, "latest"),
        )
        logger.info(f"The Slack channel remembers answered events and buttons in Redis ({events.prefix}*).")

    # -- deciding what to answer ---------------------------------------------------------

    @staticmethod
    def bot_user_ids(payload: Dict[Text, Any]) -> List[Text]:
        """Return the bot's own user id(s), from the event's ``authorizations``."""
        return [
            a["user_id"]
            for a in payload.get("authorizations") or []
            if isinstance(a, dict) and a.get("is_bot") and a.get("user_id")
        ]

    def skip_reason(self, payload: Dict[Text, Any]) -> Optional[Text]:
        """Why this ``event_callback`` gets no answer, or ``None`` if it should be answered."""
        event = payload.get("event")
        if not isinstance(event, dict):
            return "no event"
        kind = event.get("type")
        if kind not in ("message", "app_mention"):
            return f"event type {kind!r}"
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return "message from a bot"
        if event.get("user") in self.bot_user_ids(payload):
            return "the bot's own message"
        if event.get("subtype") and event["subtype"] not in ANSWERED_SUBTYPES:
            return f"message subtype {event['subtype']!r}"
        if event.get("hidden") or not event.get("user"):
            return "not a person's message"
        if not isinstance(event.get("text"), str):
            return "no text"  # empty or whitespace-only text is answered: "it came through empty"
        if kind == "app_mention" or event.get("channel_type") == "im":
            return None
        if self.slack_channel and event.get("channel") == self.slack_channel:
            return None
        return f"channel {event.get('channel')!r} is not the configured channel"

    def is_ignored_retry(self, request: Request) -> bool:
        """Rasa's rule: a retry whose reason is in ``errors_ignore_retry`` is dropped."""
        retry_reason = request.headers.get(self.retry_reason_header or "x-slack-retry-reason")
        retry_count = request.headers.get(self.retry_num_header or "x-slack-retry-num")
        return bool(retry_count) and retry_reason in self.errors_ignore_retry

    # -- handling -------------------------------------------------------------------------

    def event_metadata(self, payload: Dict[Text, Any]) -> Dict[Text, Any]:
        """Metadata as Rasa's SlackInput records it (``out_channel``, ``thread_id``, ``users``)."""
        event = payload.get("event") or {}
        users = list(payload.get("authed_users") or [])
        if not users and payload.get("authorizations"):
            users = [payload["authorizations"][0].get("user_id")]
        return {
            "out_channel": event.get("channel"),
            "thread_id": event.get("thread_ts", event.get("ts")),
            "users": [u for u in users if u],
        }

    def reply_thread(self, event: Dict[Text, Any], metadata: Dict[Text, Any]) -> Optional[Text]:
        """Where to answer: in the user's thread if they wrote in one; else per ``use_threads``."""
        if event.get("thread_ts"):
            return event["thread_ts"]
        return metadata.get("thread_id") if self.use_threads else None

    def dispatch(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Text,
        sender_id: Optional[Text],
        metadata: Dict[Text, Any],
        thread_id: Optional[Text],
        user: Optional[Text] = None,
    ) -> HTTPResponse:
        """Hand the message to Rasa in the background and answer Slack at once (it waits 3 s).

        The text goes through :func:`ask_amy.guards.input_guard.deliver` first, typed or clicked.
        ``user``: the Slack user the conversation is with (their buttons are theirs alone).
        """
        out = self.get_output_channel(metadata.get("out_channel"), thread_id, user)
        user_message = UserMessage(text, out, sender_id, input_channel=self.name(), metadata=metadata)
        self.in_background(deliver(user_message, on_new_message, self.max_chars))
        return response.text("")

    def in_background(self, work: Awaitable[Any]) -> None:
        """Run ``work`` after the HTTP answer; its failure is logged."""
        task: asyncio.Task = asyncio.ensure_future(work)
        self._background_tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: "asyncio.Task") -> None:
        self._background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Answering a Slack message failed.", exc_info=task.exception())

    async def handle_event(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        """Handle an Events API request (JSON body)."""
        try:
            payload = parse_json_object(request)
        except BadRequest as error:
            return error_response(str(error))
        if payload.get("type") == "url_verification":
            return response.text(str(payload.get("challenge", "")))
        if payload.get("type") != "event_callback":
            return response.text("Ignored.")
        reason = self.skip_reason(payload)
        if reason:
            logger.debug(f"Slack event {payload.get('event_id')} not answered: {reason}.")
            return response.text("Not answered.")
        if self.is_ignored_retry(request):
            logger.warning(f"Ignoring Slack's retry of {payload.get('event_id')}.")
            return response.text("", status=HTTPStatus.CREATED, headers={"X-Slack-No-Retry": "1"})
        event = payload["event"]
        keys = [("event", payload.get("event_id")), ("message", event.get("channel"), event.get("ts"))]
        if not self.first_time(keys):
            logger.info(f"Slack event {payload.get('event_id')} repeats a message already answered.")
            return response.text("Already answered.", headers={"X-Slack-No-Retry": "1"})
        metadata = self.event_metadata(payload)
        text = self._sanitize_user_message(event["text"], metadata["users"])
        sender_id = self._get_conversation_id(
            event.get("user"), metadata["out_channel"], metadata["thread_id"]
        )
        thread = self.reply_thread(event, metadata)
        if asks_to_forget(text):
            out = self.get_output_channel(metadata["out_channel"], thread, event.get("user"))
            self.in_background(self.forget_conversation(request.app.ctx.agent, sender_id, out))
            return response.text("")
        return self.dispatch(on_new_message, text, sender_id, metadata, thread, event.get("user"))

    def first_time(self, keys: List[Any]) -> bool:
        """Tell whether no event with one of ``keys`` was answered (true too when that cannot be known)."""
        try:
            return self.recent.first_time(keys)
        except MemoryUnavailable as error:  # better a rare second answer than none
            logger.warning(f"Answering a Slack event without checking for repeats: {error}")
            return True

    @staticmethod
    async def forget_conversation(agent: Any, sender_id: Text, out: SlackReplies) -> None:
        """Delete the conversation on a person's "forget me" and tell them (:mod:`.forget`)."""
        await out.send_text_message(sender_id, await forget(agent, sender_id))

    async def handle_interaction(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        """Handle a click (form body, ``payload=<json>``): see :mod:`ask_amy.channels.slack.interactions`."""
        try:
            payload = json.loads(request.form.get("payload") or "{}")
        except ValueError:
            return error_response("The payload field is not valid JSON.")
        if not isinstance(payload, dict):
            return error_response("The payload field must be a JSON object.")
        if payload.get("type") != "block_actions":
            logger.debug(f"Slack interaction of type {payload.get('type')!r} not answered.")
            return response.text("Not answered.")
        try:
            click = parse_click(payload)
        except NotAClick as error:
            return error_response(str(error))
        if click is None:
            return response.text("Not answered: not a button with a value.")
        try:
            outcome, offer = self.buttons.claim(click)
        except MemoryUnavailable as error:  # the buttons say they have closed: type it instead
            logger.warning(f"Slack click on {click.key} not answered: {error}")
            outcome, offer = CLOSED, None
        logger.debug(f"Slack click on {click.key} by {click.user}: {outcome}.")
        thread_id = offer.thread_ts if offer else click.thread_ts
        out = self.get_output_channel(click.channel, thread_id, click.user)
        if outcome == NOT_YOURS:
            self.in_background(out.tell_only(click.channel, click.user, NOT_YOURS_REPLY))
        elif outcome == CLOSED and has_buttons(click.message):  # (else it shows its outcome already)
            self.in_background(self.close_buttons(out, click, EXPIRED_NOTE))
        elif outcome == ANSWER and offer is not None:
            self.in_background(self.close_buttons(out, click, chosen_note(click.title)))
            metadata = {"out_channel": click.channel, "thread_id": thread_id or click.message_ts,
                        "users": [click.user]}
            # Buttons recorded without their person (none of ours) answer in the clicker's own conversation.
            sender_id = offer.conversation_id if offer.user else self._get_conversation_id(
                click.user, click.channel, metadata["thread_id"]
            )
            return self.dispatch(on_new_message, click.value, sender_id, metadata, thread_id, click.user)
        return response.text("")

    @staticmethod
    async def close_buttons(out: SlackReplies, click: Click, note: Text) -> None:
        """Update the clicked message: the buttons replaced by ``note``."""
        text, blocks = closed_message(click.message, note)
        await out.update_message(click.channel, click.message_ts, text, blocks)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Build the ``/webhooks/slack/`` routes: ``GET /`` health and the signed ``/webhook``.

        Messages go through the admission queue (a busy reply when the server cannot answer in
        time) and get the apology when the tracker or lock store fails, as on the other channels.
        """
        slack_webhook = Blueprint("slack_webhook", __name__)
        on_new_message = admitted(answered_or_apology(on_new_message))

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            self.share_memory(getattr(request.app.ctx, "agent", None))
            if not self.is_request_from_slack_authentic(request):
                return response.text(
                    "Message is not properly signed with a valid X-Slack-Signature header",
                    status=HTTPStatus.BAD_REQUEST,
                )
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if content_type == "application/json":
                return await self.handle_event(request, on_new_message)
            if content_type == "application/x-www-form-urlencoded":
                return await self.handle_interaction(request, on_new_message)
            return error_response(
                "Content-Type must be application/json or application/x-www-form-urlencoded."
            )

        return freeze_after_start(hook_tracker_store(cap_request_body(slack_webhook)))

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None, user: Optional[Text] = None
    ) -> SlackReplies:
        """Where replies go: ``channel`` (default: the configured one), through ``slack_api_url``."""
        return SlackReplies(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.slack_api_url,
            self.buttons, user,
        )
