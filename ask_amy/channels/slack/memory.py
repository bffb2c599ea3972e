"""Where the Slack channel remembers what it answered: in this process, or in Redis for every Rasa server.

The channel remembers two things for a while: the Slack events it has answered (so Slack's
retries and the double event of an @mention get one answer) and the messages with buttons it has
posted (:class:`ask_amy.channels.slack.interactions.ButtonLedger`). Both are small maps of strings with
four operations, which both memories here offer:

- :class:`LocalMemory`: in this process, at most ``size`` entries for at most ``ttl`` seconds,
  oldest forgotten first. Right for one Rasa server.
- :class:`RedisMemory`: in Redis, each entry expiring after ``ttl`` seconds. Behind a load
  balancer, Slack's retry of an event or the click on a button can reach another Rasa server than
  the first message did; with the scale-out profile every server shares this memory, because
  :func:`shared_memory` finds the Redis of Rasa's lock store. Each change is one atomic Redis
  command or transaction, so two servers never both answer the same click.

A Redis that cannot be reached raises :class:`MemoryUnavailable`; the channel then answers
rather than stay silent (docs/slack.md).
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from typing import Any, Hashable, Iterable, Optional, Protocol, Tuple

DEFAULT_PREFIX = "slack:"
LOCK_PREFIX = "lock:"  # rasa.core.lock_store.DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX


class MemoryUnavailable(RuntimeError):
    """The shared memory (Redis) could not be read or written."""


class Memory(Protocol):
    """A map of strings whose entries expire."""

    def get(self, key: str) -> Optional[str]:
        """Return the value of ``key``, or ``None``."""

    def put(self, key: str, value: str) -> None:
        """Set ``key`` to ``value``."""

    def swap(self, key: str, value: str) -> Optional[str]:
        """Set ``key`` to ``value`` and return what it held before, in one step."""

    def add(self, key: str) -> bool:
        """Set ``key`` if it is not set; true when it was not."""


class LocalMemory:
    """:class:`Memory` in this process: at most ``size`` entries for at most ``ttl`` seconds."""

    def __init__(self, ttl: float, size: int) -> None:
        self.ttl = ttl
        self.size = size
        self._items: "OrderedDict[str, Tuple[float, str]]" = OrderedDict()

    def _prune(self, now: float) -> None:
        while self._items and (
            len(self._items) > self.size or next(iter(self._items.values()))[0] < now - self.ttl
        ):
            self._items.popitem(last=False)

    def get(self, key: str) -> Optional[str]:
        """Return the value of ``key``, or ``None``."""
        self._prune(time.monotonic())
        item = self._items.get(key)
        return None if item is None else item[1]

    def put(self, key: str, value: str) -> None:
        """Set ``key`` to ``value``."""
        now = time.monotonic()
        self._items[key] = (now, value)
        self._items.move_to_end(key)
        self._prune(now)

    def swap(self, key: str, value: str) -> Optional[str]:
        """Set ``key`` to ``value``; return what it held before."""
        previous = self.get(key)
        self.put(key, value)
        return previous

    def add(self, key: str) -> bool:
        """Set ``key`` unless set; true when it was not."""
        if self.get(key) is not None:
            return False
        self.put(key, "1")
        return True

    def __len__(self) -> int:
        return len(self._items)


class RedisMemory:
    """:class:`Memory` in Redis under ``prefix``, each entry expiring ``ttl`` seconds after it is set."""

    def __init__(self, client: Any, ttl: float, prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self.ttl = max(1, int(ttl))
        self.prefix = prefix

    def _call(self, what: str, command: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Exception as error:  # redis-py raises ConnectionError, TimeoutError, ResponseError...
            raise MemoryUnavailable(f"Redis could not {what}: {error}") from error

    @staticmethod
    def _text(value: Any) -> Optional[str]:
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def get(self, key: str) -> Optional[str]:
        """Return the value of ``key``, or ``None``."""
        return self._text(self._call("read", self.client.get, self.prefix + key))

    def put(self, key: str, value: str) -> None:
        """Set ``key`` to ``value``."""
        self._call("write", self.client.set, self.prefix + key, value, ex=self.ttl)

    def swap(self, key: str, value: str) -> Optional[str]:
        """Set ``key`` to ``value``; return what it held before."""
        def transaction() -> Any:
            pipe = self.client.pipeline(transaction=True)  # GETSET and EXPIRE in one MULTI/EXEC
            pipe.getset(self.prefix + key, value)
            pipe.expire(self.prefix + key, self.ttl)
            return pipe.execute()[0]

        return self._text(self._call("write", transaction))

    def add(self, key: str) -> bool:
        """Set ``key`` unless set; true when it was not."""
        return bool(self._call("write", self.client.set, self.prefix + key, "1", ex=self.ttl, nx=True))


def shared_memory(agent: Any, ttl: float, name: str) -> Optional[RedisMemory]:
    """Return a :class:`RedisMemory` on the Redis of ``agent``'s lock store, or ``None`` without one.

    Rasa's ``RedisLockStore`` (and ask_amy.serving.lock_store.AtomicRedisLockStore) keep their client as
    ``red`` and their keys under ``[<prefix>:]lock:``; the channel's go under
    ``[<prefix>:]slack:<name>:``, beside the locks, never among them.
    """
    lock_store = getattr(agent, "lock_store", None)
    client = getattr(lock_store, "red", None)
    if client is None:
        return None
    namespace = str(getattr(lock_store, "key_prefix", "") or "")
    namespace = namespace[: -len(LOCK_PREFIX)] if namespace.endswith(LOCK_PREFIX) else namespace
    return RedisMemory(client, ttl, f"{namespace}{DEFAULT_PREFIX}{name}:")


RECENT_TTL_S = 3600.0  # how long answered events are remembered


class RecentKeys:
    """Keys seen in the last ``ttl`` seconds (at most ``size`` of them in a local memory), to skip repeats."""

    def __init__(self, ttl: float = RECENT_TTL_S, size: int = 10000, memory: Optional[Memory] = None) -> None:
        self.memory = LocalMemory(ttl, size) if memory is None else memory

    def first_time(self, keys: Iterable[Hashable]) -> bool:
        """Record ``keys``; true unless any of them was seen recently."""
        keys = [k for k in keys if k is not None and None not in (k if isinstance(k, tuple) else (k,))]
        new = [self.memory.add(json.dumps(k if isinstance(k, tuple) else [k])) for k in keys]
        return all(new)
