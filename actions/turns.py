"""Reading the conversation's events around the latest message: before it, and since it.

What a slot held before the latest message (Rasa may already have set it from that message), the
person's message before the latest one, and what the bot said since the latest one. Used by the
advice, the email form and the feedback actions.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker


def slot_before_latest_message(tracker: Tracker, name: str) -> Optional[Any]:
    """Return the value slot ``name`` had before the latest user message set anything."""
    value = None
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == name:
            value = event.get("value")
    return value


def previous_user_message(tracker: Tracker) -> Dict[str, Any]:
    """Return the person's message event before the latest one ({} in a new conversation)."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    return users[-2] if len(users) > 1 else {}


def said_this_turn(tracker: Tracker) -> List[str]:
    """Return the bot's messages since the person's last one (another action of this turn may have spoken)."""
    texts: List[str] = []
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            texts.append(str(event.get("text") or ""))
    return texts
