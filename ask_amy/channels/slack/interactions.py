"""Button clicks on Slack: reading a ``block_actions`` payload, and which clicks get an answer.

Slack POSTs a click to the Interactivity Request URL as a form, ``payload=<json>``, signed like
events. :func:`parse_click` reads the fields we use into a :class:`Click`.

:class:`ButtonLedger` is the small, bounded memory that decides whether a click is answered. The
channel records each message with buttons it posts (:meth:`ButtonLedger.offered`: which
conversation, which Slack user, which thread). A click is then:

- :data:`ANSWER`: on the conversation's latest buttons, by the person they were for, the first
  time. The value goes to Rasa as that person's message, in the recorded conversation.
- :data:`REPEAT`: that message's buttons were already used (a double click, Slack's retry, a
  second button of the same message). Nothing happens.
- :data:`CLOSED`: buttons the ledger does not hold (older than the conversation's latest buttons,
  or from before a restart, or forgotten). Rasa does not see the click; the message is updated
  to say the choices have closed.
- :data:`NOT_YOURS`: someone else's buttons (in a shared channel). Rasa does not see the click;
  the clicker alone is told so. The buttons stay for the person they were for.

Memory is bounded: at most ``size`` messages and ``size`` conversations, for at most ``ttl``
seconds, oldest forgotten first. It is per process, like the channel's de-duplication of events,
unless Rasa's lock store is Redis: then every Rasa server shares it there
(:mod:`ask_amy.channels.slack.memory`), so a click is answered whichever server the balancer sends it to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple, Union

from ask_amy.channels.slack.memory import LocalMemory, Memory

ANSWER = "answer"
REPEAT = "repeat"
CLOSED = "closed"
NOT_YOURS = "not_yours"

NOT_YOURS_REPLY = (
    "Those buttons belong to someone else's question. Ask me yourself, in your own words, "
    "and I'll answer you."
)

MessageKey = Tuple[str, str]  # (channel id, message ts)
BUTTONS_TTL_S = 7 * 24 * 3600.0  # how long messages with buttons are remembered


@dataclass(frozen=True)
class Offer:
    """Where a message with buttons went: the conversation, the person, the thread."""

    conversation_id: str
    user: Optional[str] = None
    thread_ts: Optional[str] = None


@dataclass(frozen=True)
class Click:
    """One button click, as read from Slack's ``block_actions`` payload."""

    user: str
    channel: str
    message_ts: str
    value: str
    title: str
    action_id: str
    message: Dict[str, Any]
    thread_ts: Optional[str] = None

    @property
    def key(self) -> MessageKey:
        """The clicked message."""
        return (self.channel, self.message_ts)


class NotAClick(ValueError):
    """The payload is a ``block_actions`` request, but not one we can read."""


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise NotAClick(f"The interaction payload has no {what}.")
    return value


def _object(value: Any, what: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise NotAClick(f"The interaction payload's {what} is not an object.")
    return value


def parse_click(payload: Dict[str, Any]) -> Optional[Click]:
    """Read a click on a button from a ``block_actions`` payload.

    Returns ``None`` for an action that is not a button with a value (a link button, a select
    menu: the bot sends neither). Raises :class:`NotAClick` when fields Slack always sends are
    missing or of the wrong type.
    """
    actions = payload.get("actions")
    if not isinstance(actions, list) or not actions:
        raise NotAClick("The interaction payload has no actions.")
    action = _object(actions[0], "action")
    message = _object(payload.get("message"), "message")
    container = _object(payload.get("container") or {}, "container")
    channel = _object(payload.get("channel") or {}, "channel")
    user = _string(_object(payload.get("user"), "user").get("id"), "user id")
    channel_id = _string(channel.get("id") or container.get("channel_id"), "channel id")
    message_ts = _string(message.get("ts") or container.get("message_ts"), "message ts")
    if action.get("type") != "button" or not isinstance(action.get("value"), str):
        return None
    text = action.get("text") if isinstance(action.get("text"), dict) else {}
    title = text.get("text") if isinstance(text.get("text"), str) else ""
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    return Click(
        user=user,
        channel=channel_id,
        message_ts=message_ts,
        value=action["value"],
        title=title.strip() or action["value"],
        action_id=str(action.get("action_id") or ""),
        message=message,
        thread_ts=thread_ts if isinstance(thread_ts, str) and thread_ts else None,
    )


_USED = "used"


def _message_key(key: MessageKey) -> str:
    return json.dumps(list(key))


def _offer_text(offer: Offer) -> str:
    return json.dumps([offer.conversation_id, offer.user, offer.thread_ts])


def _recorded(text: Optional[str]) -> Union[Offer, str, None]:
    """Read what the memory holds for a message: an :class:`Offer`, :data:`_USED` or ``None``."""
    if text is None or text == _USED:
        return text
    conversation_id, user, thread_ts = json.loads(text)
    return Offer(conversation_id, user, thread_ts)


class ButtonLedger:
    """Which messages with buttons are open, and which is each conversation's latest (module docstring).

    The two maps are :class:`ask_amy.channels.slack.memory.LocalMemory` unless given (the scale-out profile
    gives :class:`ask_amy.channels.slack.memory.RedisMemory`, shared by every Rasa server).
    """

    def __init__(
        self,
        ttl: float = BUTTONS_TTL_S,
        size: int = 10000,
        messages: Optional[Memory] = None,
        latest: Optional[Memory] = None,
    ) -> None:
        # message -> Offer, or _USED once clicked; conversation id -> its latest message
        self._messages = LocalMemory(ttl, size) if messages is None else messages
        self._latest = LocalMemory(ttl, size) if latest is None else latest

    def offered(self, channel: str, ts: str, offer: Offer) -> None:
        """Record a message with buttons just posted: it becomes its conversation's latest."""
        key = _message_key((channel, ts))
        self._messages.put(key, _offer_text(offer))
        self._latest.put(offer.conversation_id, key)

    def claim(self, click: Click) -> Tuple[str, Optional[Offer]]:
        """Decide what ``click`` gets (:data:`ANSWER`, :data:`REPEAT`, :data:`CLOSED`, :data:`NOT_YOURS`).

        Returns the outcome and the message's :class:`Offer` (``None`` when unknown). Every outcome
        but :data:`NOT_YOURS` closes the message, so later clicks on it are repeats. Closing is one
        atomic swap, so of two clicks at once (on two servers sharing Redis) one alone is answered.
        """
        key = _message_key(click.key)
        recorded = _recorded(self._messages.get(key))
        if recorded == _USED:
            return REPEAT, None
        if isinstance(recorded, Offer) and recorded.user and recorded.user != click.user:
            return NOT_YOURS, recorded
        recorded = _recorded(self._messages.swap(key, _USED))
        if recorded == _USED:  # another click closed it in between
            return REPEAT, None
        if not isinstance(recorded, Offer):
            return CLOSED, None
        if self._latest.get(recorded.conversation_id) != key:
            return CLOSED, recorded
        return ANSWER, recorded

    def __len__(self) -> int:
        """How many messages this process remembers (open or used), with a local memory."""
        return len(self._messages)  # type: ignore[arg-type]
