"""A Slack session against a live Rasa server: its webhook, the Web API stand-in, the control message."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Dict, List, Optional

from testkit.slack_requests import mention_event, message_event, post_event
from testkit.slack_stand_in import CHANNEL, SECRET, ApiCall, SlackWebAPI

ADVICE = "by email rather than by phone"  # the column's advice, in every answer to "call or email?"
QUESTION = "it's been three weeks since my interview, should I call or email?"
UNCLEAR = "help with my interview situation"  # on topic but unclear: the bot asks back, with topic buttons
CONTROL = ""  # the control message: Rasa's answer to an empty message is unmistakable
CONTROL_REPLY = "Your message came through empty"


class Slack:
    """The Rasa server's Slack webhook and the Web API stand-in, for one test module."""

    def __init__(self, webhook: str, api: SlackWebAPI, store: Optional[Path] = None) -> None:
        self.webhook = webhook
        self.api = api
        self.store = store  # the Rasa server's SQLite tracker store

    def stored_events(self, sender: str) -> List[tuple]:
        """Every row the tracker store holds for conversation ``sender``."""
        assert self.store is not None, "this server has no SQLite tracker store"
        with closing(sqlite3.connect(self.store)) as db:
            return db.execute("SELECT * FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()

    def send(self, payload: Dict[str, Any], **kwargs: Any) -> int:
        """Post a correctly signed event (unless kwargs say otherwise); return the HTTP status."""
        kwargs.setdefault("secret", SECRET)
        status, _ = post_event(self.webhook, payload, **kwargs)
        return status

    def turn(self, payload: Dict[str, Any], channel: str) -> List[ApiCall]:
        """Send one user message and return every post of the bot's answer to ``channel``."""
        mark = self.api.mark()
        assert self.send(payload) == 200
        return self.api.wait_for_posts(channel, after=mark)

    def click(self, payload: Dict[str, Any], **kwargs: Any) -> int:
        """Post a correctly signed click (unless kwargs say otherwise); return the HTTP status."""
        kwargs.setdefault("secret", SECRET)
        status, _ = post_event(self.webhook, payload, form=True, **kwargs)
        return status

    def posts_before_control(self, mark: int, user: str, channel: str, **extra: Any) -> List[ApiCall]:
        """Send the control message from ``user`` in ``channel``; once it is answered, return what
        the bot posted to ``channel`` since ``mark`` before that answer.
        """
        assert self.send(control_event(user, channel, **extra)) == 200
        posts = self.api.wait_for("chat.postMessage", channel, mark, lambda p: CONTROL_REPLY in p.text)
        return posts[:-1]

    def buttons(self, user: str, channel: str, **extra: Any) -> ApiCall:
        """Send the unclear message; return the bot's post with buttons."""
        event = message_event(UNCLEAR, user, channel, "im" if channel.startswith("D") else "channel", **extra)
        with_buttons = [p for p in self.turn(event, channel) if p.buttons]
        assert len(with_buttons) == 1, "the bot should ask back with buttons"
        return with_buttons[0]


def control_event(user: str, channel: str, **extra: Any) -> Dict[str, Any]:
    """The control message: in a DM or the configured channel a message, elsewhere an @mention."""
    if channel.startswith("D"):
        return message_event(CONTROL, user, channel, channel_type="im", **extra)
    if channel == CHANNEL:
        return message_event(CONTROL, user, channel, **extra)
    return mention_event(CONTROL, user, channel, **extra)



def texts(posts: List[ApiCall]) -> str:
    """The text of every post, one a line."""
    return "\n".join(p.text for p in posts)
