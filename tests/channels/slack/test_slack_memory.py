"""The Slack channel's memory: in the process, or in the Redis of Rasa's lock store for every server.

The Redis tests use the Redis on 127.0.0.1 (``TEST_REDIS_PORT``, default 6379) as the scale-out
tests do (marker ``services``: skipped without it, failed instead when CI=true), each under a key
prefix of its own that is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from types import SimpleNamespace
from typing import Any, Iterator, List, Tuple

import pytest
import redis
from rasa.core.lock_store import InMemoryLockStore

from ask_amy.channels.slack.blocks import EXPIRED_NOTE
from ask_amy.channels.slack.interactions import ANSWER, CLOSED, REPEAT, ButtonLedger, Offer
from ask_amy.channels.slack.memory import (
    LocalMemory,
    Memory,
    MemoryUnavailable,
    RecentKeys,
    RedisMemory,
    shared_memory,
)
from ask_amy.cli.stack import free_port
from ask_amy.serving.lock_store import AtomicRedisLockStore
from testkit.slack_requests import a_click, click, message_event
from testkit.slack_stand_in import CHANNEL, TOPIC_PAYLOAD, SlackWebAPI
from testkit.slack_webhook import channel, serving

REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
BUTTONS = [{"title": "Call or email?", "payload": TOPIC_PAYLOAD}, {"title": "Something else", "payload": "x"}]


@pytest.fixture
def lock_store() -> Iterator[AtomicRedisLockStore]:
    """A Redis lock store under a prefix of this test's own; its keys are deleted at the end."""
    prefix = "amytest" + uuid.uuid4().hex[:12]
    store = AtomicRedisLockStore(host="127.0.0.1", port=REDIS_PORT, key_prefix=prefix)
    try:
        store.red.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"needs Redis on 127.0.0.1:{REDIS_PORT} ({error}): `redis-server --daemonize yes` starts it"
        if os.environ.get("CI", "").lower() == "true":  # as the scale-out tests: never skipped in CI
            pytest.fail(message)
        pytest.skip(message)
    yield store
    for key in store.red.scan_iter(f"{prefix}:*"):
        store.red.delete(key)


def agent_with(lock_store: Any) -> SimpleNamespace:
    return SimpleNamespace(lock_store=lock_store)


def unreachable_lock_store() -> AtomicRedisLockStore:
    """A Redis lock store whose Redis is not there (a free port, nothing listening)."""
    return AtomicRedisLockStore(host="127.0.0.1", port=free_port(), socket_timeout=0.5)


# ------------------------------------------------------------------ the two memories


def check_get_put_swap_add(memory: Memory) -> None:
    """What every :class:`ask_amy.channels.slack.memory.Memory` does, on keys "a", "b" and "c"."""
    assert memory.get("a") is None
    memory.put("a", "1")
    assert memory.get("a") == "1"
    assert memory.swap("a", "2") == "1" and memory.get("a") == "2"
    assert memory.swap("b", "x") is None
    assert memory.add("c") and not memory.add("c")


def test_local_memory_get_put_swap_add() -> None:
    check_get_put_swap_add(LocalMemory(ttl=60, size=10))


def test_local_memory_is_bounded_in_size_and_time() -> None:
    small = LocalMemory(ttl=60, size=2)
    for key in "abc":
        small.put(key, key)
    assert len(small) == 2 and small.get("a") is None and small.get("c") == "c"
    expired = LocalMemory(ttl=-1, size=10)
    expired.put("a", "1")
    assert expired.get("a") is None and expired.add("a")


def test_redis_memory_get_put_swap_add_and_expiry(lock_store: AtomicRedisLockStore) -> None:
    memory = shared_memory(agent_with(lock_store), ttl=600, name="t")
    assert isinstance(memory, RedisMemory)
    check_get_put_swap_add(memory)
    for key in ("a", "b", "c"):  # every entry expires, whichever command set it
        assert 0 < lock_store.red.ttl(memory.prefix + key) <= 600


def test_the_shared_memory_lies_beside_the_locks_not_among_them(lock_store: AtomicRedisLockStore) -> None:
    prefix = lock_store.key_prefix[: -len("lock:")]
    assert lock_store.key_prefix == prefix + "lock:"
    assert shared_memory(agent_with(lock_store), 60, "events").prefix == prefix + "slack:events:"
    default = AtomicRedisLockStore(host="127.0.0.1", port=REDIS_PORT)
    assert shared_memory(agent_with(default), 60, "events").prefix == "slack:events:"
    assert shared_memory(agent_with(InMemoryLockStore()), 60, "events") is None
    assert shared_memory(SimpleNamespace(), 60, "events") is None


def test_an_unreachable_redis_is_reported_as_unavailable() -> None:
    memory = shared_memory(agent_with(unreachable_lock_store()), 60, "t")
    for operation in (lambda: memory.get("a"), lambda: memory.put("a", "1"),
                      lambda: memory.swap("a", "1"), lambda: memory.add("a")):
        with pytest.raises(MemoryUnavailable, match="Redis could not"):
            operation()


# ------------------------------------------------------------------ two servers, one memory


def two_ledgers(lock_store: AtomicRedisLockStore) -> Tuple[ButtonLedger, ButtonLedger]:
    """The button ledgers of two Rasa servers sharing one Redis."""
    agent = agent_with(lock_store)

    def ledger() -> ButtonLedger:
        buttons, latest = shared_memory(agent, 600, "buttons"), shared_memory(agent, 600, "latest")
        return ButtonLedger(messages=buttons, latest=latest)

    return ledger(), ledger()


def test_buttons_offered_by_one_server_are_answered_by_the_other_once(
    lock_store: AtomicRedisLockStore,
) -> None:
    first, second = two_ledgers(lock_store)
    offer = Offer("U1", "U1", "8.0")
    first.offered("C1", "9.1", offer)
    assert second.claim(a_click()) == (ANSWER, offer)
    assert first.claim(a_click()) == (REPEAT, None)
    first.offered("C1", "9.2", Offer("U1", "U1"))
    second.offered("C1", "9.3", Offer("U1", "U1"))  # newer buttons of the same conversation
    assert first.claim(a_click(ts="9.2")) == (CLOSED, Offer("U1", "U1"))
    assert first.claim(a_click(ts="9.3"))[0] == ANSWER


def test_two_clicks_at_once_on_two_servers_get_one_answer(lock_store: AtomicRedisLockStore) -> None:
    first, second = two_ledgers(lock_store)
    outcomes: List[List[str]] = []

    def claim(ledger: ButtonLedger, ts: str, start: threading.Barrier, got: List[str]) -> None:
        start.wait()
        got.append(ledger.claim(a_click(ts=ts))[0])

    for i in range(30):
        first.offered("C1", f"9.{i}", Offer(f"U{i}", "U1"))
        start, got = threading.Barrier(2), []
        threads = [threading.Thread(target=claim, args=(ledger, f"9.{i}", start, got))
                   for ledger in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(sorted(got))
    assert outcomes == [[ANSWER, REPEAT]] * 30


def test_an_event_answered_by_one_server_is_a_repeat_for_the_other(lock_store: AtomicRedisLockStore) -> None:
    agent = agent_with(lock_store)
    first = RecentKeys(memory=shared_memory(agent, 60, "events"))
    second = RecentKeys(memory=shared_memory(agent, 60, "events"))
    assert first.first_time([("event", "Ev1"), ("message", "C1", "1.1")])
    assert not second.first_time([("event", "Ev1"), ("message", "C1", "1.1")])  # Slack's retry
    assert not second.first_time([("event", "Ev2"), ("message", "C1", "1.1")])  # the app_mention twin
    assert second.first_time([("event", "Ev3"), ("message", "C1", "1.2")])
    keys = [key.decode() for key in lock_store.red.scan_iter(f"{lock_store.key_prefix[:-5]}slack:events:*")]
    remembered = sorted(json.loads(key.split("slack:events:", 1)[1]) for key in keys)
    assert remembered == sorted([["event", "Ev1"], ["message", "C1", "1.1"], ["event", "Ev2"],
                                 ["event", "Ev3"], ["message", "C1", "1.2"]])


# ------------------------------------------------------------------ the channel on two servers


async def test_the_channel_shares_its_memory_through_the_lock_stores_redis(
    lock_store: AtomicRedisLockStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = SlackWebAPI().start()
    agent = agent_with(lock_store)
    first_channel, second_channel = (channel(slack_api_url=api.url) for _ in range(2))
    try:
        async with serving(first_channel, api, monkeypatch, agent) as first, serving(
            second_channel, api, monkeypatch, agent
        ) as second:
            event = message_event("should I call or email?", "U1", CHANNEL, ts="5.1")
            assert (await first.post(event))[:2] == (200, "")
            assert isinstance(first.slack.recent.memory, RedisMemory)
            assert (await second.post(event))[1] == "Already answered."  # Slack's retry, at the other server
            assert [m.text for m in first.received] == ["should I call or email?"] and second.received == []

            second.slack.share_memory(agent)  # (its first request did this already)
            post = await first.offer("U1", "D1", BUTTONS)
            assert await second.click(click(post, "U1")) == 200
            assert [m.text for m in second.received] == [TOPIC_PAYLOAD]  # answered where the click went
            assert await first.click(click(post, "U1")) == 200  # the double click, at the first server
            assert [m.text for m in first.received] == ["should I call or email?"]
    finally:
        api.stop()


async def test_without_redis_events_are_still_answered_and_clicks_say_the_choices_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = SlackWebAPI().start()
    slack = channel(slack_api_url=api.url)
    try:
        async with serving(slack, api, monkeypatch, agent_with(unreachable_lock_store())) as webhook:
            event = message_event("should I call or email?", "U1", CHANNEL, ts="6.1")
            assert (await webhook.post(event))[0] == 200
            assert [m.text for m in webhook.received] == ["should I call or email?"]  # not silence
            post = await webhook.offer("U1", "D1", BUTTONS)  # posted, though it could not be recorded
            assert post.buttons
            mark = api.mark()
            assert await webhook.click(click(post, "U1")) == 200
            [update] = api.updates("D1", after=mark)
            assert update.buttons == [] and EXPIRED_NOTE in json.dumps(update.blocks)
            assert len(webhook.received) == 1  # the click did not reach Rasa
    finally:
        api.stop()
