"""Slack's "forget me": which messages ask for it, and the replies when deletion works or fails."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict, List

import pytest

from ask_amy.channels.slack.forget import DELETED, FAILED, NOTHING_STORED, asks_to_forget, forget
from testkit import conversation_stores as stores
from testkit.conversation_stores import DAY, StoreUnderTest, Turn

tracker_db = stores.tracker_db  # fixtures: a real SQLite store and a real PostgreSQL store
scratch_postgresql = stores.scratch_postgresql


@pytest.mark.parametrize(
    "text",
    ["forget me", "Forget me.", "please forget me!", "  FORGET ME  ", "forget me please",
     "Forget me, please.", "please, forget me", "delete my conversation", "Delete this conversation.",
     "delete our conversation"],
)
def test_requests_to_be_forgotten(text: str) -> None:
    assert asks_to_forget(text)


@pytest.mark.parametrize(
    "text",
    ["will they forget me?", "forget me not", "don't forget me", "forget it", "delete the email",
     "forget me if I never call", "", "me forget"],
)
def test_other_messages_are_not(text: str) -> None:
    assert not asks_to_forget(text)


class InMemoryTrackerStore:
    """Named like Rasa's in-memory store, holding serialised trackers by conversation id."""

    def __init__(self, store: Dict[str, str]) -> None:
        self.store = store


class Locks:
    def __init__(self) -> None:
        self.held: List[str] = []

    @asynccontextmanager
    async def lock(self, sender: str) -> AsyncIterator[None]:
        self.held.append(sender)
        yield


class Agent:
    def __init__(self, tracker_store: Any) -> None:
        self.tracker_store = tracker_store
        self.lock_store = Locks()


def test_the_conversation_is_deleted_under_its_lock() -> None:
    agent = Agent(InMemoryTrackerStore({"U1": '{"events": [1, 2, 3]}', "U2": '{"events": [1]}'}))
    assert asyncio.run(forget(agent, "U1")) == DELETED.format(count=3)
    assert set(agent.tracker_store.store) == {"U2"} and agent.lock_store.held == ["U1"]


def test_nothing_stored_says_so() -> None:
    assert asyncio.run(forget(Agent(InMemoryTrackerStore({})), "U9")) == NOTHING_STORED


class BrokenStore:
    """A SQL store whose database is down."""

    @property
    def engine(self) -> Any:
        raise ConnectionError("database is down")


@pytest.mark.parametrize("store", [BrokenStore(), object()], ids=["store fails", "store cannot delete"])
def test_a_failure_is_told_and_nothing_is_claimed(store: Any) -> None:
    assert asyncio.run(forget(Agent(store), "U1")) == FAILED


def test_forget_me_on_real_stores_removes_that_conversation_only(tracker_db: StoreUnderTest) -> None:
    import time

    now = time.time()
    tracker_db.add("U0SLACKME", [Turn("should I call or email?"), Turn("forget the rest")], now - DAY)
    tracker_db.add("U0SOMEONE", [Turn("is two weeks too soon?")], now - DAY)
    before = tracker_db.rows()
    reply = asyncio.run(forget(Agent(tracker_db.rasa), "U0SLACKME"))
    assert reply == DELETED.format(count=len(before["U0SLACKME"]))
    assert tracker_db.rows() == {"U0SOMEONE": before["U0SOMEONE"]}
