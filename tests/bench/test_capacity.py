"""bench/crowd.py (capacity steps): how replies are counted, what the log holds, the headline step."""

from __future__ import annotations

import asyncio
import random

import aiohttp
from aiohttp import web

from ask_amy.cli.stack import free_port
from ask_amy.guards.admission import BUSY_REPLY
from bench import crowd
from bench.crowd import Step, classify, headline, next_refinement, planned_seconds

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
    assert planned_seconds(3, [50, 100], 45.0, 60.0, refine=0) == 3 * (60.0 + 2 * (45.0 + 3.0))
    assert planned_seconds(3, [50, 100], 45.0, 60.0, refine=2) == 3 * (60.0 + 4 * (45.0 + 3.0))


def test_refinement_halves_the_gap_above_the_headline() -> None:
    stepped = [step_with(200, 150), step_with(250, 250), step_with(300, 400)]
    assert next_refinement(stepped[:2]) is None  # nothing missed yet
    assert next_refinement(stepped) == 275
    assert next_refinement(stepped + [step_with(275, 280)]) == 290  # 287.5, to the nearest 5
    assert next_refinement(stepped + [step_with(275, 320)]) == 265  # 262.5, halves rounding up
    assert headline(stepped + [step_with(275, 280)]) == 275
    assert headline(stepped + [step_with(275, 320)]) == 250


def test_step_up_stops_at_the_first_miss_then_refines(monkeypatch) -> None:
    """A server whose p95 is the number of people in ms: 300 passes, 400 misses, then 350 and 325."""
    ran = []

    def fake_step(deployment, people, *args, **kwargs):
        ran.append(people)
        return step_with(people, float(people))

    monkeypatch.setattr(crowd, "measured_step", fake_step)
    monkeypatch.setattr(crowd.time, "sleep", lambda seconds: None)
    deployment = type("FakeDeployment", (), {"name": "fake", "url": ""})()
    stepped = crowd.step_up(deployment, steps=(100, 200, 300, 400, 600), refine=2)
    assert ran == [100, 200, 300, 400, 350, 325]
    assert [s.people for s in stepped] == [100, 200, 300, 325, 350, 400]
    assert headline(stepped) == 300
    ran.clear()
    crowd.step_up(deployment, steps=(100, 200, 300, 400), refine=0)
    assert ran == [100, 200, 300, 400]


def test_refinement_stops_when_the_gap_is_one_grain() -> None:
    assert next_refinement([step_with(270, 250), step_with(275, 400)]) is None
    assert next_refinement([step_with(50, 400)]) == 25  # even the first step missed


async def test_the_log_holds_when_each_reply_came_not_when_it_was_sent() -> None:
    """A fault spoils the messages it answers: bench/faults.py windows the log by reply time."""
    delay = 0.3

    async def slow_bot(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.json_response([{"text": crowd.CONVERSATION[0][1][0]}])

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
            await crowd.person(session, f"http://127.0.0.1:{port}/webhook", step, random.Random(1),
                                  start, lambda: not step.log, 0.0, strict=False)
    finally:
        await runner.cleanup()
    [(replied, _, text, outcome)] = step.log
    assert (text, outcome) == (crowd.CONVERSATION[0][0], "answer")
    assert replied >= start + delay
