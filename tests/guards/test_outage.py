"""ask_amy/guards/outage.py: a message that fails gets the apology, its replies dropped (no servers)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, List, Tuple

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain

from ask_amy.guards.outage import (
    StoreUnavailable,
    answered_or_apology,
    apology,
    fail_fast,
    hook_tracker_store,
    is_outage,
)


@dataclass
class Rasa:
    """Stands in for Rasa's on_new_message: sends ``replies``, then raises ``error`` if set."""

    replies: List[str] = field(default_factory=lambda: ["first", "second"])
    error: Any = None
    seen_channel: List[Any] = field(default_factory=list)

    async def __call__(self, message: UserMessage) -> None:
        self.seen_channel.append(message.output_channel)
        for text in self.replies:
            await message.output_channel.send_response(message.sender_id, {"text": text})
        if self.error is not None:
            raise self.error


def texts(channel: CollectingOutputChannel) -> List[str]:
    return [m.get("text") for m in channel.messages]


def run(rasa: Rasa) -> Tuple[CollectingOutputChannel, UserMessage]:
    channel = CollectingOutputChannel()
    message = UserMessage("hi", channel, "someone")
    asyncio.run(answered_or_apology(rasa)(message))
    return channel, message


def test_the_replies_are_sent_once_the_message_is_done() -> None:
    rasa = Rasa()
    channel, message = run(rasa)
    assert texts(channel) == ["first", "second"]
    assert rasa.seen_channel[0] is not channel  # held while Rasa worked
    assert message.output_channel is channel
    assert rasa.seen_channel[0].name() == channel.name()  # everything else passes through


@pytest.mark.parametrize("error", [StoreUnavailable("down"), ConnectionError("redis?"), KeyError("bug")])
def test_a_failed_message_gets_only_the_apology(error: Exception) -> None:
    channel, message = run(Rasa(error=error))
    assert texts(channel) == [apology()]  # not "first", "second", and not silence
    assert message.output_channel is channel


def test_outages_are_told_from_bugs() -> None:
    import redis

    assert is_outage(StoreUnavailable("x")) and is_outage(redis.exceptions.ConnectionError("x"))
    assert not is_outage(KeyError("x")) and not is_outage(ConnectionError("x"))


def test_the_hooked_fail_safe_store_raises_instead_of_using_memory() -> None:
    class Broken(InMemoryTrackerStore):
        async def retrieve(self, sender_id: str) -> Any:
            raise OSError("connection refused")

        async def save(self, tracker: Any) -> None:
            raise OSError("connection refused")

    store = FailSafeTrackerStore(Broken(Domain.empty()))
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    listeners: List[Any] = []

    def listener(event: str) -> Any:
        listeners.append(event)
        return listeners.append

    blueprint = SimpleNamespace(listener=listener)
    hook_tracker_store(blueprint)
    assert listeners[0] == "after_server_start"
    assert asyncio.run(store.retrieve("someone")) is None  # Rasa's own behaviour, before the hook
    asyncio.run(listeners[1](app, None))
    with pytest.raises(StoreUnavailable):
        asyncio.run(store.retrieve("someone"))
    with pytest.raises(StoreUnavailable):
        fail_fast(OSError("x"))


class Closed(Exception):
    connection_invalidated = True


def closed(text: str) -> StoreUnavailable:
    error = StoreUnavailable(text)
    error.__cause__ = Closed(text)
    return error


@dataclass
class FailsOnce(Rasa):
    """Fails its first call with ``first_error`` before sending anything, then works."""

    first_error: Any = None
    calls: int = 0

    async def __call__(self, message: UserMessage) -> None:
        self.calls += 1
        if self.calls == 1:
            raise self.first_error
        await super().__call__(message)


def test_a_closed_database_connection_is_tried_once_more_on_a_new_one() -> None:
    rasa = FailsOnce(first_error=closed("server closed the connection unexpectedly"))
    channel, _ = run(rasa)
    assert rasa.calls == 2 and texts(channel) == ["first", "second"]


def test_a_database_still_down_is_not_tried_again() -> None:
    rasa = FailsOnce(first_error=StoreUnavailable("connection refused"))
    channel, _ = run(rasa)
    assert rasa.calls == 1 and texts(channel) == [apology()]


def test_a_message_that_had_started_is_not_tried_again() -> None:
    rasa = Rasa(error=closed("closed while saving"))  # replies held: actions had run
    channel, _ = run(rasa)
    assert texts(channel) == [apology()]
