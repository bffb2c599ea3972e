"""Real rasa-sdk trackers for action tests."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

DOMAIN: Dict[str, Any] = {}


# The email form's answers, all given.
FILLED = {
    "recipient_name": "Dana", "company_role": "the analyst role at Acme", "shared_moment": "the office dog"
}


def make_tracker(
    intent: str = "greet",
    text: str = "",
    slots: Optional[Dict[str, Any]] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
    channel: str = "rest",
    requested_slot: Optional[str] = None,
) -> Tracker:
    """A tracker whose latest user message has ``intent``, ``text`` and ``entities``."""
    latest = {
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "text": text,
    }
    events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": channel}]
    return Tracker(
        sender_id="test",
        slots={**(slots or {}), **({"requested_slot": requested_slot} if requested_slot else {})},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def texts(dispatcher: Any) -> List[str]:
    """The texts (or response names) the dispatcher collected, in order."""
    return [
        m.get("text") or m.get("response") or (m.get("custom") or {}).get("text")
        for m in dispatcher.messages
    ]
