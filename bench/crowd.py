"""Capacity the way people chat: N people at once, each pausing between messages, N stepped up.

Each person arrives at a random moment in the first ``ramp`` seconds of a step, holds the
realistic conversation of bench/load.py (a greeting, advice answered by custom actions, the
source, a competing offer, the email form to the draft, a correction, thanks), and pauses 3-7 s
(uniformly at random) after each reply, as someone reading and typing does; after the last
message they start a new conversation, until the step's time is up. The pauses and arrivals come
from one seeded random generator per person, so two runs send the same traffic.

A person who gets the busy reply (ask_amy/guards/admission.py) pauses as after any reply and sends the
same message again: it counts as ``busy``, not as lost. A reply that is empty, an apology, or not
the reply to that message (out of order) counts as ``lost`` (for another pipeline than this
project's, whose answers may differ, as ``unexpected`` only). The headline figure is the largest N
whose step had p95 <= 300 ms and no errors, lost or busy replies. Stepping stops after the first
step that misses it; two more steps then halve the gap between it and the last passing step (250
passed and 300 missed: 275, then 265 or 290), so the figure is not only a multiple of 50. A report,
not a test: it never fails on the figures.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

from ask_amy.guards.admission import BUSY_REPLY
from ask_amy.knowledge import apology_text
from bench.deployments import Deployment, machine_busy_s
from bench.load import CONVERSATION, REQUEST_TIMEOUT
from bench.stats import percentile

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass

STEPS = (50, 100, 150, 200, 250, 300, 400, 600)
PAUSE_S = (3.0, 7.0)
P95_TARGET_MS = 300.0
SETTLE_S = 3.0  # between steps, so that one step's queue does not spill into the next
# After the first step over the target, steps that halve the gap between it and the last passing
# one, to the nearest REFINE_GRAIN people (so a gap of 50 comes down to 12 or 13 people).
REFINE_STEPS = 2
REFINE_GRAIN = 5


@dataclass
class Step:
    """What one step measured."""

    people: int
    duration: float = 0.0
    latencies_ms: List[float] = field(default_factory=list)  # every reply, answers and busy ones
    answers: int = 0
    busy: int = 0
    errors: int = 0
    lost: int = 0
    unexpected: int = 0
    samples: List[str] = field(default_factory=list)
    cpu_s: Dict[str, float] = field(default_factory=dict)
    rss_before: Dict[str, float] = field(default_factory=dict)
    rss_after: Dict[str, float] = field(default_factory=dict)
    other_cores: float = float("nan")
    log: Optional[List[Tuple[float, str, str, str]]] = None  # (replied, sender, text, outcome)

    def record(self, replied: float, sender: str, text: str, outcome: str) -> None:
        """Keep what happened to one message, when :attr:`log` is a list (bench/faults.py).

        ``replied`` is when its reply (or error) came, so a message sent just before a fault that
        the fault spoiled counts for that fault, not for the one before.
        """
        if self.log is not None:
            self.log.append((replied, sender, text, outcome))

    def note(self, sample: str) -> None:
        """Keep a few examples of what went wrong."""
        if len(self.samples) < 5:
            self.samples.append(sample)

    def p(self, q: float) -> float:
        """Return the q-th percentile of the reply times (ms)."""
        return percentile(self.latencies_ms, q)

    @property
    def throughput(self) -> float:
        """Answered messages per second."""
        return self.answers / self.duration if self.duration else 0.0

    def passes(self) -> bool:
        """p95 <= 300 ms, and no errors, lost or busy replies."""
        clean = not (self.errors or self.lost or self.busy)
        return bool(self.answers) and clean and self.p(95) <= P95_TARGET_MS

    def cpu_ms_per_message(self) -> Dict[str, float]:
        """CPU milliseconds per answered message, per process."""
        return {k: v * 1000 / self.answers for k, v in self.cpu_s.items()} if self.answers else {}

    def total_cpu_ms_per_message(self) -> float:
        """CPU milliseconds per answered message, every process together."""
        return sum(self.cpu_ms_per_message().values())


ANSWER, UNEXPECTED, BUSY, APOLOGY, LOST, ERROR = "answer", "unexpected", "busy", "apology", "lost", "error"


def classify(step: Step, reply: str, expected: Sequence[str], strict: bool, apology: str) -> str:
    """Count one reply and return what it was: answer, unexpected, busy, apology or lost.

    The busy reply and the apology both ask the person to send the message again; an empty reply
    or another message's reply (out of order) leaves the conversation in an unknown state.
    """
    if reply.strip() == BUSY_REPLY:
        step.busy += 1
        return BUSY
    step.answers += 1
    if not reply.strip() or apology in reply:
        step.lost += 1
        step.note(f"got {reply[:80]!r}")
        return APOLOGY if reply.strip() else LOST
    if not any(fragment in reply for fragment in expected):
        if strict:
            step.lost += 1
            step.note(f"unexpected: {reply[:80]!r}")
            return LOST
        step.unexpected += 1
        return UNEXPECTED
    return ANSWER


async def person(session: aiohttp.ClientSession, url: str, step: Step, rng: random.Random,
                 start: float, going_on: Callable[[], bool], ramp: float, strict: bool) -> None:
    """One person: arrives within the ramp, chats with pauses while ``going_on()``."""
    loop = asyncio.get_running_loop()
    apology = apology_text()
    await asyncio.sleep(max(0.0, start + rng.uniform(0, ramp) - loop.time()))
    while going_on():
        sender = f"person-{uuid.uuid4().hex}"
        index = 0
        while index < len(CONVERSATION) and going_on():
            text, expected = CONVERSATION[index]
            sent = loop.time()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as response:
                    body = await response.json(content_type=None) if response.status == 200 else None
                    status = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                status, body = 0, None
                step.note(f"{text!r}: {error!r}")
            if status != 200:
                step.errors += 1
                if status:
                    step.note(f"{text!r}: HTTP {status}")
                step.record(loop.time(), sender, text, ERROR)
                await asyncio.sleep(rng.uniform(*PAUSE_S))
                break  # the conversation is in an unknown state: a new one, after a pause
            replied = loop.time()
            step.latencies_ms.append((replied - sent) * 1000)
            reply = "\n".join(str(r.get("text", "")) for r in body or [] if isinstance(r, dict))
            outcome = classify(step, reply, expected, strict, apology)
            step.record(replied, sender, text, outcome)
            await asyncio.sleep(rng.uniform(*PAUSE_S))
            if outcome == LOST:
                break  # a new conversation
            if outcome in (ANSWER, UNEXPECTED):
                index += 1  # else (busy, apology) the same message again


async def crowd(session: aiohttp.ClientSession, webhook: str, step: Step, people: int, seed: int,
                start: float, going_on: Callable[[], bool], ramp: float, strict: bool) -> None:
    """``people`` people, each with their own seeded random generator, while ``going_on()``."""
    rngs = [random.Random(seed * 100_003 + index) for index in range(people)]
    everyone = [person(session, webhook, step, rng, start, going_on, ramp, strict) for rng in rngs]
    await asyncio.gather(*everyone)


async def run_step(url: str, people: int, duration: float, ramp: float, seed: int, strict: bool) -> Step:
    """``people`` people for ``duration`` seconds against the REST channel at ``url``."""
    webhook = f"{url.rstrip('/')}/webhooks/rest/webhook"
    step = Step(people)
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        loop = asyncio.get_running_loop()
        start = loop.time()
        deadline = start + duration
        await crowd(session, webhook, step, people, seed, start, lambda: loop.time() < deadline, ramp, strict)
        step.duration = loop.time() - start
    return step


def measured(deployment: Deployment, run: Callable[[], Step]) -> Step:
    """Run one step with the CPU and memory of every process before and after."""
    rss, cpu = deployment.rss(), deployment.cpu()
    busy, client = machine_busy_s(), time.process_time()
    step = run()
    cpu_after = deployment.cpu()
    step.rss_before, step.rss_after = rss, deployment.rss()
    step.cpu_s = {k: cpu_after[k] - cpu.get(k, 0.0) for k in cpu_after}
    ours = sum(step.cpu_s.values()) + (time.process_time() - client)
    step.other_cores = max(0.0, (machine_busy_s() - busy) - ours) / step.duration
    return step


def measured_step(deployment: Deployment, people: int, duration: float, ramp: float, seed: int,
                  strict: bool) -> Step:
    """Run one step of ``people`` people, with CPU and memory."""
    url = deployment.url
    return measured(deployment, lambda: asyncio.run(run_step(url, people, duration, ramp, seed, strict)))


def describe(name: str, step: Step) -> str:
    """One line for the log."""
    per_message = ", ".join(f"{k} {v:.1f}" for k, v in step.cpu_ms_per_message().items())
    return (f"  {name}, {step.people} people: {step.throughput:.1f} msg/s, p50/p95/p99 "
            f"{step.p(50):.0f}/{step.p(95):.0f}/{step.p(99):.0f} ms, errors {step.errors}, lost {step.lost}, "
            f"busy {step.busy}, unexpected {step.unexpected}; CPU ms/msg: {per_message}; "
            f"{'PASS' if step.passes() else 'over'}")


def next_refinement(steps: Sequence[Step], grain: int = REFINE_GRAIN) -> Optional[int]:
    """Return the people for the next step between the headline and the first step over it.

    Halfway between the largest passing step and the smallest missing one above it, rounded to
    ``grain`` people; None when nothing missed yet, or when that gap is down to ``grain``.
    """
    missed = [s.people for s in steps if not s.passes()]
    if not missed:
        return None
    high = min(missed)
    low = max([s.people for s in steps if s.passes() and s.people < high], default=0)
    middle = int((low + high) / 2 / grain + 0.5) * grain  # halves round up
    return middle if low < middle < high else None


def step_up(deployment: Deployment, steps: Sequence[int] = STEPS, duration: float = 40.0,
            ramp: float = 10.0, seed: int = 1, strict: bool = True, refine: int = REFINE_STEPS) -> List[Step]:
    """Run the steps in order until the first that misses the target, then ``refine`` more.

    The refinements halve the gap between the last passing step and the first missing one
    (see next_refinement). The steps come back ordered by people.
    """
    results: List[Step] = []

    def run(people: int) -> Step:
        step = measured_step(deployment, people, duration, ramp, seed, strict)
        results.append(step)
        print(describe(deployment.name, step), flush=True)
        for sample in step.samples:
            print(f"    e.g. {sample}", flush=True)
        return step

    for people in steps:
        if not run(people).passes():
            break
        time.sleep(SETTLE_S)
    for _ in range(refine):
        people = next_refinement(results)
        if people is None:
            break
        time.sleep(SETTLE_S)
        run(people)
    return sorted(results, key=lambda s: s.people)


def headline(steps: Sequence[Step]) -> Optional[int]:
    """Return the largest number of people whose step met the target (None if none did)."""
    passing = [s.people for s in steps if s.passes()]
    return max(passing) if passing else None


def planned_seconds(configurations: int, steps: Sequence[int], duration: float, start_s: float,
                    refine: int = REFINE_STEPS) -> float:
    """Return the longest the stepped runs can take: every step, refinement and start-up."""
    return configurations * (start_s + (len(steps) + refine) * (duration + SETTLE_S))


def table(rows: Sequence[tuple]) -> str:
    """Return a Markdown table: one row per (configuration, step)."""
    lines = [
        "| set-up | people | msg/s | p50 ms | p95 ms | p99 ms | errors | lost | busy | unexpected "
        "| CPU ms/msg (all processes) | RSS before -> after (MB) | CPUs busy elsewhere |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, step in rows:
        lines.append(
            f"| {name} | {step.people} | {step.throughput:.1f} | {step.p(50):.0f} | {step.p(95):.0f} | "
            f"{step.p(99):.0f} | {step.errors} | {step.lost} | {step.busy} | {step.unexpected} | "
            f"{step.total_cpu_ms_per_message():.1f} | "
            f"{sum(step.rss_before.values()):.0f} -> {sum(step.rss_after.values()):.0f} | "
            f"{step.other_cores:.2f} |"
        )
    return "\n".join(lines)
