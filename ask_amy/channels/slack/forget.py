"""Slack's "forget me": a person deletes their own conversation with the bot by saying so.

The message never reaches the NLU. The channel deletes every event stored under the
conversation the message belongs to (by default a Slack member's conversation is keyed by their
member id; with ``conversation_granularity`` "channel" or "thread", by the channel or thread),
holding that conversation's lock so that a message being answered finishes first, and replies
in the same place with what was deleted. The widget's "Delete this conversation" does the same
(:mod:`ask_amy.channels.privacy`); both use :func:`ask_amy.conversations.erasure.forget_in_tracker_store`.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Text

from ask_amy.conversations.erasure import UnsupportedStore, forget_in_tracker_store

logger = logging.getLogger(__name__)

# "forget me", "Forget me, please.", "delete my conversation", "delete this conversation!"
FORGET_ME = re.compile(
    r"\s*(?:please,?\s+)?(?:forget\s+me|delete\s+(?:my|our|this)\s+conversation)(?:,?\s+please)?[\s.!]*",
    re.IGNORECASE,
)

DELETED = (
    "Done: I deleted our conversation ({count} stored events). I no longer have anything you "
    "told me here. Anything you write from now on starts a new conversation."
)
NOTHING_STORED = "There was nothing stored from our conversation to delete. You can start afresh any time."
FAILED = (
    "Sorry, I couldn't delete our conversation just now, and nothing was deleted. "
    "Please send \"forget me\" again in a few minutes."
)


def asks_to_forget(text: Text) -> bool:
    """Say whether a Slack message is exactly a request to delete the conversation."""
    return bool(FORGET_ME.fullmatch(text or ""))


async def forget(agent: Any, sender_id: Text) -> Text:
    """Delete conversation ``sender_id`` from ``agent``'s tracker store; return the reply to send."""
    try:
        async with agent.lock_store.lock(sender_id):
            removed = forget_in_tracker_store(agent.tracker_store, sender_id)
    except UnsupportedStore:
        logger.error("A Slack user asked to be forgotten, but this tracker store cannot delete.")
        return FAILED
    except Exception:  # noqa: BLE001  (the database or the lock store failing)
        logger.exception("Deleting a Slack conversation failed.")
        return FAILED
    logger.info(f"Slack conversation deleted on request: {removed} events removed.")
    return DELETED.format(count=removed) if removed else NOTHING_STORED
