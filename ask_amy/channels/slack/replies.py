"""Ask Amy's replies on Slack: Rasa 3.6's ``SlackBot`` output channel, with the gaps we found closed.

- Replies go to a configurable Web API base URL (``slack_api_url``: a proxy, or the tests'
  local stand-in for Slack).
- Replies are Slack mrkdwn (``ask_amy.channels.slack.format``): ``**bold**`` becomes ``*bold*``, links
  become ``<url|text>``, ``& < >`` are escaped; splitting at blank lines never cuts a code block.
- No ``as_user`` argument on ``chat.postMessage``: Rasa always sends ``as_user=True``, which Slack
  rejects (``invalid_arguments``) for bot tokens of apps created since 2020.
- Buttons are Block Kit (``ask_amy.channels.slack.blocks``): mrkdwn sections, then ``button`` elements,
  with the text as the notification fallback (Rasa sent the Markdown as plain text, and no
  buttons at all when there were more than 5). Each message with buttons is recorded in the
  channel's :class:`ask_amy.channels.slack.interactions.ButtonLedger`, so that a click on it is answered
  in the conversation it belongs to.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.slack import SlackBot
from slack_sdk.web.async_client import AsyncWebClient

from ask_amy.channels.slack.blocks import button_elements, button_message
from ask_amy.channels.slack.format import split_messages, to_mrkdwn
from ask_amy.channels.slack.interactions import ButtonLedger, Offer
from ask_amy.channels.slack.memory import MemoryUnavailable

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"


def api_url(url: Optional[Text]) -> Text:
    """Return the Web API base URL with the trailing slash slack_sdk needs to join method names."""
    url = (url or DEFAULT_API_URL).strip()
    return url if url.endswith("/") else url + "/"


class SlackReplies(SlackBot):
    """Rasa's SlackBot, posting mrkdwn to a configurable Web API base URL, without ``as_user``.

    ``ledger`` and ``user`` (the Slack user the conversation is with): messages with buttons are
    recorded there, so that their clicks can be answered (:mod:`ask_amy.channels.slack.interactions`).
    """

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        slack_api_url: Text = DEFAULT_API_URL,
        ledger: Optional[ButtonLedger] = None,
        user: Optional[Text] = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.slack_api_url = api_url(slack_api_url)
        self.client = AsyncWebClient(token, base_url=self.slack_api_url, proxy=proxy)
        self.ledger = ledger
        self.user = user

    async def _post_message(self, channel: Text, **kwargs: Any) -> Any:
        """``chat.postMessage`` (in the thread, if any); returns Slack's answer."""
        kwargs.pop("as_user", None)  # rejected for the bot tokens of new Slack apps
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        return await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """Post the text and buttons as Block Kit, and record the message in the ledger."""
        channel = self.slack_channel or recipient_id
        if not button_elements(buttons):
            await self.send_text_message(recipient_id, text or "")
            return
        fallback, blocks = button_message(to_mrkdwn(text or ""), buttons)
        answer = await self._post_message(channel=channel, text=fallback, blocks=blocks)
        ts = answer.get("ts") if answer is not None else None
        if self.ledger is not None and isinstance(ts, str):
            offer = Offer(recipient_id, self.user, self.thread_id)
            try:
                self.ledger.offered(str(answer.get("channel") or channel), ts, offer)
            except MemoryUnavailable as error:  # the buttons are shown; a click on them gets "closed"
                logger.warning(f"The buttons of Slack message {ts} were not recorded: {error}")

    async def update_message(
        self, channel: Text, ts: Text, text: Text, blocks: List[Dict[Text, Any]]
    ) -> None:
        """Replace a message the bot posted (``chat.update``)."""
        await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    async def tell_only(self, channel: Text, user: Text, text: Text) -> None:
        """Show ``text`` to ``user`` alone (``chat.postEphemeral``), in the thread if any."""
        kwargs = {"thread_ts": self.thread_id} if self.thread_id else {}
        await self.client.chat_postEphemeral(channel=channel, user=user, text=to_mrkdwn(text), **kwargs)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """Post the text as mrkdwn, one post per paragraph (code blocks stay whole)."""
        recipient = self.slack_channel or recipient_id
        for part in split_messages(to_mrkdwn(text)):
            await self._post_message(channel=recipient, text=part)

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Post a custom message as one ``chat.postMessage``; its ``text`` is Markdown like any reply."""
        message = dict(json_message)
        if isinstance(message.get("text"), str):
            message["text"] = to_mrkdwn(message["text"])
        await super().send_custom_json(recipient_id, message, **kwargs)
