"""scripts/capacity.py: how replies are counted, what the log holds, which step is the headline."""

from __future__ import annotations

import asyncio
import random

import aiohttp
from aiohttp import web

from channels.admission import BUSY_REPLY
from scripts import capacity
from scripts.capacity import Step, classify, headline, planned_seconds
from tests.live_servers import free_port

APOLOGY = "Sorry, please send your message again."


def step_with(people: int, p95_ms: float, **counts: int) -> Step:
    step = Step(people, duration=10.0, latencies_ms=[p95_ms] * 20, answers=20)
    for name, value in counts.items():
        setattr(step, name, value)
    return step


def test_replies_are_answers_busy_apologies_lost_or_unexpected() -> None:
    step = Step(10)
    advice = ("email rather than by phone",)
    assert classify(step, "Write by email rather than by phone.", advice, True, APOLOGY) == "answer"
    assert classify(step, BUSY_REPLY, advice, True, APOLOGY) == "busy"  # the same message goes again
    assert classify(step, APOLOGY, advice, True, APOLOGY) == "apology"  # the same message goes again
    assert classify(step, "", advice, True, APOLOGY) == "lost"
    assert classify(step, "Hi Dana,", advice, True, APOLOGY) == "lost"  # another message's reply
    assert classify(step, "Hi Dana,", advice, False, APOLOGY) == "unexpected"  # another pipeline
    assert (step.answers, step.busy, step.lost, step.unexpected) == (5, 1, 3, 1)


def test_the_headline_is_the_largest_step_on_target() -> None:
    steps = [step_with(50, 120), step_with(100, 250), step_with(200, 280, busy=1), step_with(300, 900)]
    assert [s.passes() for s in steps] == [True, True, False, False]
    assert headline(steps) == 100
    assert headline([step_with(50, 301)]) is None
    assert not step_with(50, 100, errors=1).passes() and not step_with(50, 100, lost=1).passes()


def test_the_plan_counts_every_step_of_every_configuration() -> None:
    assert planned_seconds(3, [50, 100], 45.0, 60.0) == 3 * (60.0 + 2 * (45.0 + 3.0))


async def test_the_log_holds_when_each_reply_came_not_when_it_was_sent() -> None:
    """A fault spoils the messages it answers: scripts/faults.py windows the log by reply time."""
    delay = 0.3

    async def slow_bot(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.json_response([{"text": capacity.CONVERSATION[0][1][0]}])

    app = web.Application()
    app.router.add_post("/webhook", slow_bot)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    step = Step(1, log=[])
    try:
        loop = asyncio.get_running_loop()
        start = loop.time()
        async with aiohttp.ClientSession() as session:
            await capacity.person(session, f"http://127.0.0.1:{port}/webhook", step, random.Random(1),
                                  start, lambda: not step.log, 0.0, strict=False)
    finally:
        await runner.cleanup()
    [(replied, _, text, outcome)] = step.log
    assert (text, outcome) == (capacity.CONVERSATION[0][0], "answer")
    assert replied >= start + delay
