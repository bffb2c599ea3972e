"""Graceful overload: each message is answered within ``ASK_AMY_MAX_WAIT_S``, or gets the busy reply.

:class:`Admission` (one per Rasa process, shared by the channels) lets at most
:func:`max_in_flight` messages into Rasa at once and refuses, before Rasa sees it, a message that
would not be answered in time; the channels wrap Rasa's callback with :func:`admitted`. How it
decides: docs/deploy.md, "Overload". This module imports nothing from Rasa or Sanic at run time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import time
from collections import deque
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Deque, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rasa.core.channels.channel import UserMessage

logger = logging.getLogger(__name__)

BUSY_REPLY = "Lots of people are asking right now — please send that again in a moment."
MAX_WAIT_VAR = "ASK_AMY_MAX_WAIT_S"
DEFAULT_MAX_WAIT_S = 2.0
MAX_IN_FLIGHT_VAR = "ASK_AMY_MAX_IN_FLIGHT"
DEFAULT_MAX_IN_FLIGHT = 3
WINDOW = 32  # messages in the service-time estimate
FIRST_ESTIMATE_S = 0.1  # the service time assumed before any message was answered

OnNewMessage = Callable[["UserMessage"], Awaitable[Any]]


def _setting(environ: Optional[Mapping[str, str]], name: str, default: float, whole: bool) -> float:
    environ = os.environ if environ is None else environ
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = 0
    if not value > 0:
        kind = "positive whole number" if whole else "positive number of seconds"
        raise ValueError(f"{name} must be a {kind}, not {raw!r}")
    return value


def max_wait_s(environ: Optional[Mapping[str, str]] = None) -> float:
    """Return the bound on a reply's time: ``ASK_AMY_MAX_WAIT_S`` or 2 s (``ValueError`` if bad)."""
    return float(_setting(environ, MAX_WAIT_VAR, DEFAULT_MAX_WAIT_S, whole=False))


def max_in_flight(environ: Optional[Mapping[str, str]] = None) -> int:
    """Return how many messages may be inside Rasa at once: ``ASK_AMY_MAX_IN_FLIGHT`` or 3."""
    return int(_setting(environ, MAX_IN_FLIGHT_VAR, DEFAULT_MAX_IN_FLIGHT, whole=True))


class Admission:
    """A first-come, first-served queue in front of Rasa with a deadline (see the module docstring)."""

    def __init__(self, max_wait: float, slots: int, clock: Callable[[], float] = time.monotonic) -> None:
        """``max_wait``: seconds a reply may take; ``slots``: messages inside Rasa at once."""
        self.max_wait = max_wait
        self.slots = slots
        self.clock = clock
        self.in_flight = 0
        self.waiting: Deque[asyncio.Future] = deque()
        self.durations: Deque[float] = deque(maxlen=WINDOW)
        self.refused = 0

    def service_s(self) -> float:
        """Return the median time from being let in to the reply, over the last messages."""
        return statistics.median(self.durations) if self.durations else FIRST_ESTIMATE_S

    def expected_s(self, place: int) -> float:
        """How long a message that would be ``place``-th in the queue (1 = next) takes to be answered."""
        return place * self.service_s() / self.slots + self.service_s()

    async def enter(self) -> bool:
        """Wait for a slot; True once in, False when the message must get the busy reply."""
        if self.in_flight < self.slots and not self.waiting:
            self.in_flight += 1
            return True
        if self.expected_s(len(self.waiting) + 1) > self.max_wait:
            return False
        turn = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.max_wait - self.service_s())
            return True
        except asyncio.TimeoutError:
            return self._give_up(turn)
        except asyncio.CancelledError:
            if not self._give_up(turn):
                raise
            self.leave()  # it had just got its slot: hand it on
            raise

    def _give_up(self, turn: asyncio.Future) -> bool:
        """Leave the queue; True when the slot had been handed over meanwhile (then it is ours)."""
        if turn.done():
            return True
        self.waiting.remove(turn)
        turn.cancel()
        return False

    def leave(self, duration: Optional[float] = None) -> None:
        """Free a slot (recording how long the message took): the next waiting message gets it."""
        if duration is not None:
            self.durations.append(duration)
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes on: in_flight stays the same
                return
        self.in_flight -= 1

    async def run(self, message: "UserMessage", on_new_message: OnNewMessage) -> bool:
        """Hand ``message`` to Rasa if it can be answered in time, else send the busy reply.

        Returns True when Rasa processed the message. Rasa's processing is shielded: cancelling
        the caller (the client went away) does not stop it halfway.
        """
        arrived = self.clock()
        if not await self.enter():
            self.refused += 1
            logger.info(
                f"Busy: message from {message.sender_id!r} refused after {self.clock() - arrived:.2f} s "
                f"({self.in_flight} in Rasa, {len(self.waiting)} waiting, "
                f"{1000 * self.service_s():.0f} ms each)."
            )
            if message.output_channel is not None:
                await message.output_channel.send_text_message(message.sender_id, BUSY_REPLY)
            return False
        started = self.clock()

        async def process() -> None:
            try:
                await on_new_message(message)
            finally:
                self.leave(self.clock() - started)

        await asyncio.shield(asyncio.ensure_future(process()))
        return True


_shared: Optional[Admission] = None


def shared_admission() -> Admission:
    """Return the process's one :class:`Admission` (created on first use from the environment)."""
    global _shared
    if _shared is None:
        _shared = Admission(max_wait_s(), max_in_flight())
    return _shared


def admitted(on_new_message: OnNewMessage, admission: Optional[Admission] = None) -> OnNewMessage:
    """``on_new_message`` behind the admission queue: what a channel passes on instead of Rasa's."""
    gate = admission or shared_admission()

    async def admit(message: "UserMessage") -> None:
        await gate.run(message, on_new_message)

    return admit
