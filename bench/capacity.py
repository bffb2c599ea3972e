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
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

from ask_amy.guards.admission import BUSY_REPLY
from ask_amy.serving.action_gateway import apology_text
from bench import load
from bench.load import CONVERSATION, REQUEST_TIMEOUT, Deployment, machine_busy_s, percentile

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pathlib import Path

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
    memory_before: Dict[str, float] = field(default_factory=dict)
    memory_after: Dict[str, float] = field(default_factory=dict)
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
    memory, cpu = deployment.memory(), deployment.cpu()
    busy, client = machine_busy_s(), time.process_time()
    step = run()
    cpu_after = deployment.cpu()
    step.memory_before, step.memory_after = memory, deployment.memory()
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
        "| CPU ms/msg (all processes) | memory before -> after (MB, USS/PSS) | CPUs busy elsewhere |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, step in rows:
        lines.append(
            f"| {name} | {step.people} | {step.throughput:.1f} | {step.p(50):.0f} | {step.p(95):.0f} | "
            f"{step.p(99):.0f} | {step.errors} | {step.lost} | {step.busy} | {step.unexpected} | "
            f"{step.total_cpu_ms_per_message():.1f} | "
            f"{sum(step.memory_before.values()):.0f} -> {sum(step.memory_after.values()):.0f} | "
            f"{step.other_cores:.2f} |"
        )
    return "\n".join(lines)


# The report: three configurations, stepped, with the saturation and overload rows (make bench).

CONFIGURATIONS = {
    "single": ("Ask Amy, 1 Rasa server, SQLite", 60.0),
    "scale": ("Ask Amy, 2 Rasa servers behind nginx, PostgreSQL + Redis", 120.0),
    "default": ("Rasa default (DIET + TED), 1 Rasa server, SQLite", 60.0),
}
SATURATION_PEOPLE = 64
SATURATION_S = 15.0


def deployment_for(configuration: str, workdir: "Path", default_model: Optional["Path"]) -> Any:
    """Return the context manager that starts ``configuration``'s servers (bench/load.py set-ups)."""
    name = CONFIGURATIONS[configuration][0]
    if configuration == "scale":
        return load.setup_scale(workdir, rasa_servers=2)
    if configuration == "default":
        return load.setup_single(workdir, model=default_model, name=name)
    return load.setup_single(workdir, name=name)


def saturation(deployment: Deployment, seconds: float) -> Step:
    """Measure the no-pause figure: SATURATION_PEOPLE users, each sending again as soon as a reply comes."""

    def run() -> Step:
        result = asyncio.run(load.run_load(deployment.url, SATURATION_PEOPLE, seconds))
        return Step(SATURATION_PEOPLE, result.duration, result.latencies_ms, answers=result.messages,
                    busy=result.busy, errors=result.errors, lost=result.lost, samples=result.samples)

    return measured(deployment, run)


def plan(configurations: Sequence[str], steps: Sequence[int], duration: float, ramp: float) -> str:
    """Say what the report will run and the longest it can take (printed before it starts)."""
    stepped = [c for c in configurations if c in CONFIGURATIONS]
    seconds = planned_seconds(len(stepped), steps, duration, 0.0)
    seconds += sum(CONFIGURATIONS[c][1] + SATURATION_S + 5 for c in stepped)
    seconds += (duration + SETTLE_S) if "single" in configurations else 0.0
    likely = seconds - len(stepped) * max(0, len(steps) - 4) * (duration + SETTLE_S)
    names = ", ".join(stepped) or "no stepped runs"
    text = (f"capacity: {names}; steps of {', '.join(map(str, steps))} people, "
            f"{duration:g} s each (arrivals over {ramp:g} s, pauses {PAUSE_S[0]:g}-{PAUSE_S[1]:g} s); each "
            f"configuration stops at its first step over p95 {P95_TARGET_MS:.0f} ms, then runs "
            f"{REFINE_STEPS} steps between that one and the last passing one: about "
            f"{likely / 60:.0f} min if that is the fourth step, at most {seconds / 60:.0f} min.")
    if "faults" in configurations:
        from bench import faults

        text += (f" Then the faults under load: about "
                 f"{(CONFIGURATIONS['scale'][1] + faults.planned_seconds()) / 60:.0f} min.")
    return text


def report(configurations: Sequence[str], steps: Sequence[int] = STEPS, duration: float = 40.0,
           ramp: float = 10.0, default_model: Optional["Path"] = None, seed: int = 1,
           fault_people: int = 0) -> Dict[str, Any]:
    """Run every configuration's steps; print the table, the headline figures and the overload row.

    "faults" in ``configurations`` adds the faults under load (bench/faults.py) with
    ``fault_people`` people, or 60% of the scale-out figure.
    """
    import shutil
    import tempfile
    from pathlib import Path

    from ask_amy.guards.admission import max_wait_s

    rows: List[tuple] = []
    figures: Dict[str, Any] = {}
    for configuration in [c for c in configurations if c in CONFIGURATIONS]:
        name = CONFIGURATIONS[configuration][0]
        workdir = Path(tempfile.mkdtemp(prefix=f"ask-amy-capacity-{configuration}-"))
        started = time.monotonic()
        try:
            with deployment_for(configuration, workdir, default_model) as deployment:
                deployment.name = name
                print(f"{name}: up in {time.monotonic() - started:.0f} s", flush=True)
                asyncio.run(load.warm_up(deployment.url))
                stepped = step_up(deployment, steps, duration, ramp, seed, strict=configuration != "default")
                rows += [(name, s) for s in stepped]
                figures[configuration] = headline(stepped)
                saturated = saturation(deployment, SATURATION_S)
                rows.append((f"{name}, no pauses", saturated))
                print(describe(f"{name}, no pauses", saturated), flush=True)
                if configuration == "single":
                    people = 2 * (figures["single"] or steps[0])
                    time.sleep(SETTLE_S)
                    over = measured_step(deployment, people, duration, ramp, seed, strict=True)
                    print(describe(f"{name}, twice capacity", over), flush=True)
                    rows.append((f"{name}, twice capacity", over))
                    figures["overload"] = over
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if "faults" in configurations:
        from bench import faults

        people = fault_people or round(0.6 * (figures.get("scale") or 200))
        workdir = Path(tempfile.mkdtemp(prefix="ask-amy-faults-"))
        try:
            figures["faults"] = faults.report(workdir, people)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if not rows:
        return figures
    print(f"\n## Capacity ({duration:g} s per step; pauses {PAUSE_S[0]:g}-{PAUSE_S[1]:g} s)\n")
    print(table(rows))
    print()
    for configuration in [c for c in configurations if c in CONFIGURATIONS]:
        people = figures.get(configuration)
        print(f"- {CONFIGURATIONS[configuration][0]}: "
              f"{people if people else 'under ' + str(steps[0])} people at p95 <= {P95_TARGET_MS:.0f} ms")
    ours, scaled, peer = figures.get("single"), figures.get("scale"), figures.get("default")
    if ours and scaled:
        print(f"- two servers / one: {scaled / ours:.2f}x (target 1.5x, and at least 300)")
    if peer and ours:
        print(f"- one server / Rasa default: {ours / peer:.2f}x (target 1.5x)")
    over = figures.get("overload")
    if over is not None:
        bound = max_wait_s() + 0.5
        print(f"- twice capacity ({over.people} people): p99 {over.p(99) / 1000:.2f} s "
              f"({'within' if over.p(99) / 1000 <= bound else 'over'} the bound + 0.5 s = {bound:.1f} s), "
              f"{over.busy} busy replies, {over.answers} answers, {over.errors} errors, {over.lost} lost")
    return figures
