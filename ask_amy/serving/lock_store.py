"""Rasa's RedisLockStore, with every change to a conversation's ticket lock made atomically.

Rasa Open Source 3.6's ``RedisLockStore`` takes a ticket by reading the lock from Redis,
adding the ticket and writing it back (GET, then SET). Two Rasa servers taking a ticket for
the same conversation at the same moment both read the same lock, so both can get the same
ticket number and handle two messages of one conversation at once (or one removes the other's
ticket when it finishes, and the other then fails with ``LockError``). This subclass makes each
read-change-write a Redis transaction (WATCH / MULTI / EXEC, retried when another server
changed the lock in between); the lock format, the key names and the waiting are Rasa's.

Use it in an endpoints file with the same settings as ``type: redis``::

    lock_store:
      type: ask_amy.serving.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      ...
"""

from __future__ import annotations

import json
from typing import Any, Callable, Optional, Text, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    """A ``RedisLockStore`` whose ticket changes are Redis transactions."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        """Take Rasa's ``endpoint_config`` (all a custom lock store gets) or RedisLockStore's arguments."""
        if endpoint_config is not None:
            settings = dict(endpoint_config.kwargs)
            if endpoint_config.url:
                settings["host"] = endpoint_config.url
            settings.update(kwargs)
            kwargs = settings
        for key in ("password", "username", "key_prefix"):
            if kwargs.get(key) == "":  # an unset ${VAR} in .env means "none"
                kwargs[key] = None
        super().__init__(**kwargs)

    def _change(self, conversation_id: Text, change: Callable[[TicketLock], T]) -> T:
        """Apply ``change`` to the conversation's lock in one transaction; delete the lock once empty."""
        key = self.key_prefix + conversation_id
        result: Any = None

        def transaction(pipe: Any) -> None:
            nonlocal result
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else self.create_lock(conversation_id)
            result = change(lock)
            pipe.multi()
            if lock.is_someone_waiting():
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)

        self.red.transaction(transaction, key)
        return result

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Take the next ticket for the conversation."""
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # noqa: BLE001  (as Rasa's: any failure is a LockError)
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        """Drop expired tickets."""
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        """Return the ticket (the lock is deleted when no one else waits)."""
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Return the ticket; ``finish_serving`` already deletes the lock when it is empty."""
        self.finish_serving(conversation_id, ticket_number)
