"""Erasure and access: delete, or hand over, every stored event of one conversation.

``make forget SENDER=<id>`` and ``make export SENDER=<id>`` run :func:`main`; the widget's
"Delete this conversation" (ask_amy/channels/privacy.py) and Slack's "forget me" call
:func:`forget_in_tracker_store` on the running Rasa server's own tracker store.

Usage: ``python -m ask_amy.conversations.erasure forget|export SENDER [--endpoints FILE] [--out FILE]``
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from ask_amy.conversations.store import (
    DEFAULT_ENDPOINTS,
    EVENTS,
    Conversation,
    StoreError,
    failure_reason,
    open_store,
    read_conversation,
)


class UnsupportedStore(Exception):
    """The tracker store is of a kind whose conversations cannot be deleted here."""


def forget(engine: sa.engine.Engine, sender_id: str) -> int:
    """Delete every event of conversation ``sender_id`` in one transaction; return how many went.

    Only rows whose ``sender_id`` is exactly ``sender_id`` are touched (0 if there are none).
    """
    if not sa.inspect(engine).has_table("events"):
        return 0
    with engine.begin() as connection:
        return int(connection.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id == sender_id)).rowcount or 0)


def forget_in_tracker_store(tracker_store: Any, sender_id: str) -> int:
    """Delete conversation ``sender_id`` from a live Rasa tracker store; return the events removed.

    Rasa's SQL store: the rows go from its engine. The in-memory store: the conversation's key is
    dropped (the number of its events is returned). Rasa's fail-safe wrapper is looked through.
    Any other kind raises :class:`UnsupportedStore`.
    """
    store = tracker_store
    while hasattr(store, "_tracker_store"):  # FailSafeTrackerStore and similar wrappers
        store = store._tracker_store
    engine = getattr(store, "engine", None)
    if isinstance(engine, sa.engine.Engine):
        return forget(engine, sender_id)
    memory = getattr(store, "store", None)
    if type(store).__name__ == "InMemoryTrackerStore" and isinstance(memory, dict):
        serialised = memory.pop(sender_id, None)
        if serialised is None:
            return 0
        try:
            return len(json.loads(serialised).get("events") or []) or 1
        except (TypeError, ValueError):
            return 1
    raise UnsupportedStore(
        f"Conversations cannot be deleted from a {type(store).__name__}: use Rasa's SQL tracker store "
        "(SQLite or PostgreSQL) or the in-memory one."
    )


def _time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def readable(conversation: Conversation) -> Dict[str, Any]:
    """Give the conversation as a person reads it: messages, times, what the bot answered and kept.

    Nothing is masked: it is the person's own conversation, handed to them.
    """
    messages: List[Dict[str, Any]] = []
    remembered: List[Dict[str, Any]] = []
    for event in conversation.events:
        data = event.data
        if event.type_name == "user":
            intent = (data.get("parse_data") or {}).get("intent") or {}
            entry: Dict[str, Any] = {"time": _time(event.timestamp), "from": "you", "text": data.get("text")}
            if intent.get("name"):
                entry["understood_as"] = intent["name"]
            messages.append(entry)
        elif event.type_name == "bot":
            entry = {"time": _time(event.timestamp), "from": "bot", "text": data.get("text")}
            extra = {k: v for k, v in (data.get("data") or {}).items() if v}
            if extra.get("buttons"):
                entry["buttons"] = [b.get("title") for b in extra["buttons"] if isinstance(b, dict)]
            if extra.get("custom"):
                entry["custom"] = extra["custom"]
            messages.append(entry)
        elif event.type_name == "slot" and data.get("name") not in (None, "requested_slot"):
            remembered.append(
                {"time": _time(event.timestamp), "detail": data.get("name"), "value": data.get("value")}
            )
    events = conversation.events
    return {
        "conversation": conversation.sender_id,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "first_event": _time(events[0].timestamp) if events else None,
        "last_event": _time(events[-1].timestamp) if events else None,
        "stored_events": len(events),
        "messages": messages,
        "details_remembered": remembered,
        "events": [event.data for event in events],
    }


def _unknown(sender_id: str, where: str) -> str:
    return f"No conversation with id {sender_id!r} in the tracker store ({where}); nothing was changed."


def main(argv: Optional[List[str]] = None) -> int:
    """Forget or export one conversation; exit 1 for an unknown id, 2 for bad input or store."""
    parser = argparse.ArgumentParser(description="Delete or export one stored conversation.")
    parser.add_argument("verb", choices=("forget", "export"))
    parser.add_argument("sender", nargs="?", default="", help="the conversation's id (Rasa's sender_id)")
    parser.add_argument("--endpoints", default=DEFAULT_ENDPOINTS, help="endpoints file")
    parser.add_argument("--out", help="export: write the JSON to this file instead of standard output")
    args = parser.parse_args(argv)
    sender = args.sender.strip()
    if not sender:
        print(
            f"Say which conversation: make {args.verb} SENDER=<id> (the conversation's sender id).",
            file=sys.stderr,
        )
        return 2
    try:
        store = open_store(args.endpoints)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        if args.verb == "forget":
            removed = forget(store.engine, sender)
            if not removed:
                print(_unknown(sender, store.description), file=sys.stderr)
                return 1
            print(f"Deleted conversation {sender!r}: {removed} events removed from {store.description}.")
            return 0
        conversation = read_conversation(store, sender)
        if conversation is None:
            print(_unknown(sender, store.description), file=sys.stderr)
            return 1
        text = json.dumps(readable(conversation), indent=2, ensure_ascii=False) + "\n"
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
            print(
                f"Wrote conversation {sender!r} ({len(conversation.events)} events) to {args.out}.",
                file=sys.stderr,
            )
        else:
            sys.stdout.write(text)
        return 0
    except sa.exc.SQLAlchemyError as error:
        print(
            f"The tracker store ({store.description}) failed: {failure_reason(error)}",
            file=sys.stderr,
        )
        return 2
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
