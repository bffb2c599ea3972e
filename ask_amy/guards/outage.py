"""When the tracker store or the lock store fails mid-message, the person gets an apology, not silence.

:func:`hook_tracker_store` makes Rasa's ``FailSafeTrackerStore`` raise :class:`StoreUnavailable`
instead of falling back to memory; :func:`answered_or_apology` holds the bot's replies until Rasa has
finished the message and sends the apology (``try_again_later`` in knowledge/replies.yml) instead if
it failed. Why and what the person sees: docs/deploy.md, "When something fails".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, List, Text, Tuple

from ask_amy.knowledge import apology_text

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rasa.core.channels.channel import UserMessage
    from sanic import Blueprint

logger = logging.getLogger(__name__)

OnNewMessage = Callable[["UserMessage"], Awaitable[Any]]


class StoreUnavailable(RuntimeError):
    """The tracker store failed: the message is not processed (raised by :func:`fail_fast`)."""


def fail_fast(error: Exception) -> None:
    """``FailSafeTrackerStore``'s error callback: stop the message instead of using memory."""
    raise StoreUnavailable(f"the tracker store is unavailable: {error}") from error


def is_outage(error: BaseException) -> bool:
    """Tell a store that is down (tracker store, Redis) from a bug (which gets a traceback in the log)."""
    return isinstance(error, StoreUnavailable) or type(error).__module__.split(".")[0] == "redis"


def closed_connection(error: BaseException) -> bool:
    """Tell whether the tracker store failed on a database connection that had been closed.

    SQLAlchemy marks such an error (``connection_invalidated``) and drops every pooled connection
    from before it, so the next try gets a new one: e.g. the first message after a PostgreSQL
    restart. A database that refuses new connections (still down) is not such an error.
    """
    cause = error.__cause__
    return isinstance(error, StoreUnavailable) and bool(getattr(cause, "connection_invalidated", False))


def apology() -> str:
    """Return the apology (``try_again_later`` in knowledge/replies.yml, or the gateway's default)."""
    return apology_text()


class HeldReplies:
    """An output channel that keeps the bot's replies until :meth:`release` (everything else passes)."""

    def __init__(self, channel: Any) -> None:
        """Hold the replies meant for ``channel``."""
        self.channel = channel
        self.held: List[Tuple[Text, Any]] = []

    async def send_response(self, recipient_id: Text, message: Any) -> None:
        """Keep one reply (Rasa sends every bot message through this method)."""
        self.held.append((recipient_id, message))

    async def release(self) -> None:
        """Send the kept replies, in order."""
        for recipient_id, message in self.held:
            await self.channel.send_response(recipient_id, message)
        self.held.clear()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.channel, name)


def answered_or_apology(on_new_message: OnNewMessage) -> OnNewMessage:
    """``on_new_message`` that sends the bot's replies only once the message is done, else the apology."""

    async def handle(message: "UserMessage") -> None:
        channel = message.output_channel
        for attempt in (1, 2):
            held = HeldReplies(channel)
            message.output_channel = held
            try:
                await on_new_message(message)
                break
            except Exception as error:  # noqa: BLE001 - whatever failed, the person hears about it
                if attempt == 1 and closed_connection(error) and not held.held:
                    logger.info(f"Message from {message.sender_id!r}: a closed database connection; again.")
                    continue
                if is_outage(error):
                    logger.warning(f"Message from {message.sender_id!r} not processed: {error}")
                else:
                    logger.exception(f"Message from {message.sender_id!r} failed")
                if channel is not None:
                    await channel.send_text_message(message.sender_id, apology())
                return
            finally:
                message.output_channel = channel
        if channel is not None:
            await held.release()

    return handle


def hook_tracker_store(blueprint: "Blueprint") -> "Blueprint":
    """Make the server's ``FailSafeTrackerStore`` call :func:`fail_fast` on errors, once the agent is up."""

    async def hook(app: Any, _loop: Any) -> None:
        store = getattr(getattr(app.ctx, "agent", None), "tracker_store", None)
        if store is None or not hasattr(store, "_on_tracker_store_error"):
            logger.warning("No FailSafeTrackerStore found: tracker store errors fall back to memory.")
        elif getattr(store, "_on_tracker_store_error", None) is not fail_fast:
            store._on_tracker_store_error = fail_fast

    blueprint.listener("after_server_start")(hook)
    return blueprint
