"""ask_amy/guards/admission.py: answered in time or the busy reply, never half-applied (no servers)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import List, Tuple

import pytest

from ask_amy.guards.admission import (
    BUSY_REPLY,
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_MAX_WAIT_S,
    Admission,
    admitted,
    max_in_flight,
    max_wait_s,
)


@dataclass
class Output:
    sent: List[str] = field(default_factory=list)

    async def send_text_message(self, recipient: str, text: str) -> None:
        self.sent.append(text)


@dataclass
class Message:
    sender_id: str
    output_channel: Output = field(default_factory=Output)
    text: str = "hi"


class Rasa:
    """Stands in for Rasa's on_new_message: records what it saw; each message waits for ``gate``."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.started: List[str] = []
        self.finished: List[str] = []

    async def __call__(self, message: Message) -> None:
        self.started.append(message.sender_id)
        await self.gate.wait()
        self.finished.append(message.sender_id)
        await message.output_channel.send_text_message(message.sender_id, f"answer to {message.sender_id}")


async def settle() -> None:
    """Let every task that can run, run (a few turns of the event loop; no waiting on the clock)."""
    for _ in range(10):
        await asyncio.sleep(0)


def replies(messages: List[Message]) -> Tuple[List[str], List[str]]:
    """The senders that got their answer, and those that got the busy reply (each exactly one reply)."""
    assert all(len(m.output_channel.sent) == 1 for m in messages), [m.output_channel.sent for m in messages]
    answered = [m.sender_id for m in messages if m.output_channel.sent == [f"answer to {m.sender_id}"]]
    busy = [m.sender_id for m in messages if m.output_channel.sent == [BUSY_REPLY]]
    assert sorted(answered + busy) == sorted(m.sender_id for m in messages)
    return answered, busy


async def test_under_capacity_every_message_is_answered_first_come_first_served() -> None:
    rasa = Rasa()
    rasa.gate.set()
    handler = admitted(rasa, Admission(max_wait=5.0, slots=2))
    messages = [Message(f"m{i}") for i in range(6)]
    await asyncio.gather(*(handler(m) for m in messages))
    assert replies(messages) == ([f"m{i}" for i in range(6)], [])
    assert rasa.started == [f"m{i}" for i in range(6)]


async def test_over_capacity_the_rest_get_the_busy_reply_at_once_and_never_reach_rasa() -> None:
    rasa = Rasa()
    admission = Admission(max_wait=3.5, slots=1)
    admission.durations.extend([1.0] * 5)  # a message takes 1 s: in 3.5 s, one in Rasa and 2 waiting
    handler = admitted(rasa, admission)
    messages = [Message(f"m{i}") for i in range(10)]
    tasks = [asyncio.ensure_future(handler(m)) for m in messages]
    await asyncio.sleep(0.05)
    refused_at_once = [m.sender_id for m in messages if m.output_channel.sent == [BUSY_REPLY]]
    assert refused_at_once == [f"m{i}" for i in range(3, 10)]
    assert rasa.started == ["m0"] and len(admission.waiting) == 2
    rasa.gate.set()
    await asyncio.gather(*tasks)
    answered, busy = replies(messages)
    assert answered == rasa.started == rasa.finished == ["m0", "m1", "m2"]  # refused ones never started
    assert busy == refused_at_once and admission.refused == 7
    assert admission.in_flight == 0 and not admission.waiting


async def test_a_message_is_refused_when_its_time_in_the_queue_runs_out() -> None:
    rasa = Rasa()
    admission = Admission(max_wait=0.25, slots=1)
    admission.durations.extend([0.05] * 5)  # the estimate says 0.1 s: it may wait 0.2 s
    handler = admitted(rasa, admission)
    first, second = Message("first"), Message("second")
    processing = asyncio.ensure_future(handler(first))
    await settle()
    await handler(second)  # returns once refused: the first is still in Rasa
    assert second.output_channel.sent == [BUSY_REPLY] and rasa.started == ["first"] and not rasa.finished
    rasa.gate.set()
    await processing
    assert replies([first, second]) == (["first"], ["second"])


async def test_a_cancelled_request_is_still_processed_to_the_end() -> None:
    rasa = Rasa()
    admission = Admission(max_wait=1.0, slots=1)
    task = asyncio.ensure_future(admitted(rasa, admission)(Message("gone")))
    await settle()
    assert rasa.started == ["gone"]
    task.cancel()  # e.g. the client went away
    with pytest.raises(asyncio.CancelledError):
        await task
    rasa.gate.set()
    for _ in range(5):
        await settle()
    assert rasa.finished == ["gone"] and admission.in_flight == 0


async def test_a_waiting_request_that_is_cancelled_frees_its_place() -> None:
    rasa = Rasa()
    admission = Admission(max_wait=5.0, slots=1)
    handler = admitted(rasa, admission)
    first = asyncio.ensure_future(handler(Message("first")))
    waiting = asyncio.ensure_future(handler(Message("waiting")))
    await settle()
    assert len(admission.waiting) == 1
    waiting.cancel()
    rasa.gate.set()
    await first
    await handler(Message("third"))
    assert rasa.started == ["first", "third"] and admission.in_flight == 0 and not admission.waiting


def test_the_settings_come_from_the_environment_and_bad_values_stop_the_server() -> None:
    assert max_wait_s({}) == DEFAULT_MAX_WAIT_S == 2.0
    assert max_in_flight({}) == DEFAULT_MAX_IN_FLIGHT
    assert max_wait_s({"ASK_AMY_MAX_WAIT_S": "0.5"}) == 0.5
    assert max_in_flight({"ASK_AMY_MAX_IN_FLIGHT": "8"}) == 8
    for bad in ("0", "-1", "soon", "nan"):
        with pytest.raises(ValueError, match="ASK_AMY_MAX_WAIT_S"):
            max_wait_s({"ASK_AMY_MAX_WAIT_S": bad})
    for bad in ("0", "2.5", "many"):
        with pytest.raises(ValueError, match="ASK_AMY_MAX_IN_FLIGHT"):
            max_in_flight({"ASK_AMY_MAX_IN_FLIGHT": bad})
