"""Soak: about 60% of capacity for 30 minutes, to see whether any process grows or anything fails.

Starts a set-up of bench/load.py (by default the scale-out reference: two Rasa servers behind
nginx on PostgreSQL + Redis, with the gateway and the action server), warms it up, and lets the
people of bench/capacity.py (3-7 s pauses, the realistic conversation) chat without a break
for the whole time. Every ``--every`` seconds it samples the memory of every process
(bench/process_memory.py: each Rasa server, nginx, the gateway, the action server, and PostgreSQL and
Redis as groups, each process by its USS: PostgreSQL's shared buffers, which every backend maps and
which fill up as the database grows, are no one process's own) and the counts so far; each window gets
a line. At the end: each process's memory growth after the warm-up
(the first 5 minutes), its largest value after then against its value then, and the errors, lost
and busy replies of the whole run. The targets (issue "capacity"): growth at most 5% for every
process, and zero errors and lost replies. A report, not a test: it prints and never fails on
the figures (exit 0), unless the set-up itself cannot start.

Usage: ``make soak`` or ``python -m bench.soak [--minutes 30] [--people 120] [--setup scale|single]``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp

from bench import crowd, deployments, load
from bench.load import REQUEST_TIMEOUT
from bench.process_memory import pids_named, server_mb, uss_mb
from bench.stats import percentile

MINUTES = 30.0
PEOPLE = 120  # about 60% of the two servers' 200 people at p95 <= 300 ms (README, capacity)
WARM_UP_S = 300.0
EVERY_S = 60.0
GROWTH_TARGET = 0.05
SERVICES = {"postgresql": "postgres", "redis": "redis-server"}


@dataclass
class Sample:
    """The state at one moment: seconds since the start, memory (MB) per process, counts so far."""

    at: float
    memory: Dict[str, float]
    answers: int
    errors: int
    lost: int
    busy: int
    replies: int  # latencies recorded so far (answers and busy replies)


@dataclass
class Soak:
    """What the whole run saw."""

    people: int
    step: crowd.Step
    samples: List[Sample] = field(default_factory=list)


def memory_of_everything(deployment: deployments.Deployment) -> Dict[str, float]:
    """Return the memory in MB of each server (``server_mb``), and of PostgreSQL's and Redis's processes.

    The services are summed by USS: PostgreSQL's shared buffers are mapped by every backend that
    touches them and fill up as the database grows, which is not a leak (bench/process_memory.py).
    """
    memory = {name: server_mb(server.process.pid) for name, server in deployment.servers.items()}
    if deployment.services:
        for name, command in SERVICES.items():
            memory[name] = sum(uss_mb(pid) for pid in pids_named(command))
    return memory


def growth(samples: Sequence[Sample], after_s: float = WARM_UP_S) -> Dict[str, float]:
    """Each process's largest memory after ``after_s`` over its memory at the first sample from then on.

    Returns the fraction (0.03 is 3%); empty when no sample is that late.
    """
    later = [s for s in samples if s.at >= after_s]
    if not later:
        return {}
    base = later[0].memory
    return {name: max(s.memory.get(name, 0.0) for s in later) / mb - 1.0
            for name, mb in base.items() if mb > 0}


def window_lines(samples: Sequence[Sample], latencies_ms: Sequence[float]) -> List[str]:
    """One Markdown row per window between two samples: minute, msg/s, p95, errors, lost, busy, memory."""
    lines = ["| minute | msg/s | p95 ms | errors | lost | busy | memory MB, USS/PSS (all processes) |",
             "|---|---|---|---|---|---|---|"]
    for before, after in zip(samples, samples[1:], strict=False):
        seconds = after.at - before.at
        window = list(latencies_ms[before.replies:after.replies])
        p95 = f"{percentile(window, 95):.0f}" if window else "-"
        lines.append(
            f"| {after.at / 60:.1f} | {(after.answers - before.answers) / seconds:.1f} | {p95} | "
            f"{after.errors - before.errors} | {after.lost - before.lost} | {after.busy - before.busy} | "
            f"{sum(after.memory.values()):.0f} |")
    return lines


def verdict(soak: Soak, after_s: float = WARM_UP_S, target: float = GROWTH_TARGET) -> List[str]:
    """Return the summary: growth per process against the target, and the failures of the whole run."""
    step, lines = soak.step, []
    grown = growth(soak.samples, after_s)
    if not grown:
        lines.append(f"- memory growth: no sample after {after_s / 60:.3g} min (run longer than the warm-up)")
    for name, fraction in sorted(grown.items()):
        status = "within" if fraction <= target else "OVER"
        lines.append(f"- {name}: memory {100 * fraction:+.1f}% after {after_s / 60:.3g} min "
                     f"({status} the {100 * target:g}% target)")
    worst = max(grown.values(), default=float("nan"))
    clean = step.errors == 0 and step.lost == 0
    lines.append(f"- {step.answers} answers, {step.errors} errors, {step.lost} lost, "
                 f"{step.busy} busy replies; p50/p95/p99 "
                 f"{step.p(50):.0f}/{step.p(95):.0f}/{step.p(99):.0f} ms")
    met = clean and bool(grown) and worst <= target
    lines.append(f"- soak target (every process within {100 * target:g}%, zero errors and lost): "
                 f"{'met' if met else 'missed'}")
    return lines


async def sampler(
    deployment: deployments.Deployment, soak: Soak, start: float, every: float, end: float
) -> None:
    """Take a :class:`Sample` now, then every ``every`` seconds, and the last one at ``end`` (loop time)."""
    loop = asyncio.get_running_loop()

    def take() -> None:
        step = soak.step
        soak.samples.append(Sample(loop.time() - start, memory_of_everything(deployment), step.answers,
                                   step.errors, step.lost, step.busy, len(step.latencies_ms)))
        if len(soak.samples) > 1:
            print(window_lines(soak.samples[-2:], step.latencies_ms)[-1], flush=True)

    take()
    while loop.time() < end:
        await asyncio.sleep(max(0.0, min(start + every * len(soak.samples), end) - loop.time()))
        take()


async def run(deployment: deployments.Deployment, people: int, seconds: float, every: float, ramp: float,
              seed: int) -> Soak:
    """``people`` people for ``seconds`` seconds, sampled every ``every`` seconds."""
    webhook = f"{deployment.url.rstrip('/')}/webhooks/rest/webhook"
    soak = Soak(people, crowd.Step(people))
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as session:
        loop = asyncio.get_running_loop()
        start = loop.time()
        deadline = start + seconds

        def going_on() -> bool:
            return loop.time() < deadline

        await asyncio.gather(
            sampler(deployment, soak, start, every, deadline),
            crowd.crowd(session, webhook, soak.step, people, seed, start, going_on, ramp, strict=True),
        )
        soak.step.duration = loop.time() - start
    return soak


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Start the set-up, soak it, print the windows and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=MINUTES)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--setup", choices=["scale", "single"], default="scale")
    parser.add_argument("--every", type=float, default=EVERY_S, help="seconds between samples")
    parser.add_argument("--warm-up", type=float, default=WARM_UP_S, help="seconds before growth is counted")
    parser.add_argument("--ramp", type=float, default=10.0, help="arrivals spread over these seconds")
    args = parser.parse_args(argv)
    if args.setup == "scale" and deployments.services_missing():
        print(f"soak: the scale-out set-up {deployments.services_missing()}; or use --setup single")
        return 2
    print(f"soak: {args.people} people pausing {crowd.PAUSE_S[0]:g}-{crowd.PAUSE_S[1]:g} s on the "
          f"{args.setup} set-up for {args.minutes:g} min, sampled every {args.every:g} s; the growth of "
          f"memory (USS/PSS) is counted after {args.warm_up / 60:.3g} min "
          f"(about {args.minutes + 2:.0f} min in all)", flush=True)
    with tempfile.TemporaryDirectory(prefix="ask-amy-soak-") as tmp:
        with deployments.SETUPS[args.setup](Path(tmp), quiet=True) as deployment:
            asyncio.run(load.warm_up(deployment.url))
            started = time.monotonic()
            soak = asyncio.run(run(deployment, args.people, 60 * args.minutes, args.every, args.ramp, seed=1))
            print(f"\n## Soak ({deployment.name}, {args.people} people, "
                  f"{(time.monotonic() - started) / 60:.1f} min)\n")
    print("\n".join(window_lines(soak.samples, soak.step.latencies_ms)))
    print()
    print("\n".join(verdict(soak, args.warm_up)))
    for sample in soak.step.samples:
        print(f"    e.g. {sample}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
