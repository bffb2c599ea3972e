"""Real tracker stores for the ask_amy/conversations/ tests: SQLite files and scratch PostgreSQL databases.

The conversations are written by Rasa's own ``SQLTrackerStore`` (real events, real schema), so
the tests read exactly what a running bot stores. PostgreSQL is on 127.0.0.1 (``TEST_PG_PORT``,
trust auth): the tests skip without it, and fail instead when CI=true.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import pytest
import sqlalchemy as sa

from ask_amy.conversations.store import Conversation, Event
from testkit.postgresql import throwaway_database

PG = {"host": "127.0.0.1", "port": int(os.environ.get("TEST_PG_PORT", "5432")), "user": "postgres"}
DAY = 86400.0


def require_postgresql() -> None:
    """Skip (or fail with CI=true) when PostgreSQL is not reachable."""
    try:
        import psycopg2

        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except Exception as error:  # noqa: BLE001
        message = (
            f"needs PostgreSQL on {PG['host']}:{PG['port']} ({str(error).strip().splitlines()[0]}): "
            "start it with `pg_ctlcluster <version> main start`"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class StoreUnderTest:
    """A tracker store for one test: the endpoints file that names it, and Rasa's own store on it."""

    kind: str
    endpoints: Path
    rasa: Any  # rasa.core.tracker_store.SQLTrackerStore
    engine: sa.engine.Engine

    def add(self, sender: str, turns: Sequence["Turn"], start: float, step: float = 20.0) -> None:
        """Store one conversation of ``turns``, its first event at ``start``, one turn each ``step`` s."""
        save_conversation(self.rasa, sender, turns, start, step)

    def rows(self) -> Dict[str, List[Tuple]]:
        """Every stored row, by conversation."""
        by_sender: Dict[str, List[Tuple]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(sa.text("SELECT * FROM events ORDER BY id")):
                by_sender.setdefault(row.sender_id, []).append(tuple(row))
        return by_sender


@dataclass
class Turn:
    """One exchange: what the person wrote and what the bot made of it and did."""

    text: str
    intent: str = "ask_call_or_email"
    confidence: float = 0.9
    action: str = "action_give_advice"
    reply: str = "Here is what Amy says."
    ranking: Optional[List[Tuple[str, float]]] = None
    slots: Optional[Dict[str, Any]] = None  # set after the action
    entities: Optional[List[Dict[str, Any]]] = None
    loop: Optional[str] = "unchanged"  # a form started ("email_draft_form") or ended (None) by the action


def conversation_events(sender: str, turns: Sequence[Turn], start: float, step: float) -> List[Any]:
    """Rasa events for ``turns``: a session start, then each user message, action, reply, slots."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    events: List[Any] = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start),
    ]
    for index, turn in enumerate(turns):
        at = start + (index + 1) * step
        ranking = turn.ranking or [(turn.intent, turn.confidence)]
        parse_data = {
            "text": turn.text,
            "intent": {"name": turn.intent, "confidence": turn.confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            "entities": turn.entities or [],
        }
        events.append(
            UserUttered(
                turn.text,
                parse_data["intent"],
                turn.entities or [],
                parse_data,
                timestamp=at,
                input_channel="rest",
            )
        )
        events.append(ActionExecuted(turn.action, timestamp=at + 1))
        if turn.loop != "unchanged":
            events.append(ActiveLoop(turn.loop, timestamp=at + 1))
        if turn.reply:
            events.append(BotUttered(turn.reply, timestamp=at + 2))
        for name, value in (turn.slots or {}).items():
            events.append(SlotSet(name, value, timestamp=at + 2))
        events.append(ActionExecuted("action_listen", timestamp=at + 3))
    return events


def save_conversation(rasa_store: Any, sender: str, turns: Sequence[Turn], start: float, step: float) -> None:
    """Save the conversation through Rasa's own tracker store (appended if it exists)."""
    from rasa.shared.core.trackers import DialogueStateTracker

    async def save() -> None:
        tracker = await rasa_store.retrieve_full_tracker(sender)
        events = list(tracker.events) if tracker else []
        events += conversation_events(sender, turns, start, step)[0 if not events else 3 :]
        await rasa_store.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(save())


def sqlite_store(tmp_path: Path) -> StoreUnderTest:
    """A fresh SQLite tracker store and an endpoints file naming it."""
    from rasa.core.tracker_store import SQLTrackerStore

    db = tmp_path / "var" / "trackers.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{db}"\n')
    rasa = SQLTrackerStore(dialect="sqlite", db=str(db))
    return StoreUnderTest("sqlite", endpoints, rasa, rasa.engine)


@pytest.fixture
def scratch_postgresql() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    require_postgresql()
    with throwaway_database("askamy_conv", **PG) as name:
        yield name


def postgresql_store(tmp_path: Path, name: str) -> StoreUnderTest:
    """Rasa's SQL tracker store on database ``name``, and an endpoints file naming it."""
    from rasa.core.tracker_store import SQLTrackerStore

    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n"
        f"  url: {PG['host']}\n  port: {PG['port']}\n  db: {name}\n  username: {PG['user']}\n"
    )
    rasa = SQLTrackerStore(
        dialect="postgresql", host=PG["host"], port=PG["port"], db=name, username=PG["user"]
    )
    return StoreUnderTest("postgresql", endpoints, rasa, rasa.engine)


STORE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.services)]


@pytest.fixture(params=STORE_KINDS)
def tracker_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUnderTest]:
    """The same test against a real SQLite store and a real PostgreSQL store."""
    if request.param == "sqlite":
        store = sqlite_store(tmp_path)
    else:
        store = postgresql_store(tmp_path, request.getfixturevalue("scratch_postgresql"))
    try:
        yield store
    finally:
        store.engine.dispose()


def as_conversation(sender: str, turns: Sequence[Turn], start: float, step: float = 20.0) -> Any:
    """The conversation as :mod:`ask_amy.conversations.store` reads it back, without a database."""
    import json

    events = []
    for event in conversation_events(sender, turns, start, step):
        data = event.as_dict()
        intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
        events.append(Event(event.type_name, data["timestamp"], intent, data.get("name"), json.dumps(data)))
    return Conversation(sender, events)
