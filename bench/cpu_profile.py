"""CPU per message by stage: where the Rasa server spends its CPU under load, and Rasa's own floor.

Two set-ups run side by side: capacity's single set-up (one Rasa server on SQLite, the action
gateway, the action server), and Rasa's floor (bench/floor.py: a minimal project with one rule and
one action). They take turns (five rounds by default, the order alternating) under the same steady
load of people who pause 3-7 s (bench/crowd.py), so that a machine whose speed drifts during the
run moves both sides of each round's ratio.

While this bot carries the load, ``py-spy record --format raw --nonblocking`` samples its Rasa
server. Busy samples (idle frames dropped: the event loop waiting in ``select``, threads waiting
on a lock or a queue) are attributed to stages by frame matching (bench/py_spy_stacks.py), and
each stage's CPU ms per message is its share of the busy samples times the Rasa process's CPU ms
per message, from /proc over the same windows. The flame graph of the busy samples is rendered
from the raw files as an SVG.

It prints this bot's CPU per message without the sentence encoder divided by the floor's, for
each round and their median (target <= 1.5). A report, not a test: it never fails on the figures.

Usage: ``python -m bench.cpu_profile [--people 60] [--seconds 30] [--rounds 5]
[--svg docs/cpu-flamegraph.svg]`` (``make profile``, or ``python -m bench.bench --only profile``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

from ask_amy.cli.stack import BIN
from bench import crowd, deployments, load
from bench.floor import floor_deployment, floor_messages, train_floor, write_floor_project
from bench.py_spy_stacks import (
    ENCODER,
    attribute,
    cpu_by_stage,
    flame_svg,
    is_idle,
    parse_raw,
    remote_action_lines,
    samples_with,
    work,
)

RATE_HZ = 200
PEOPLE = 60
SECONDS = 30.0
ROUNDS = 5
RAMP_S = 10.0
RATIO_TARGET = 1.5

# Recording: py-spy on the Rasa server while the load runs.


@contextlib.contextmanager
def recording(pid: int, raw: Path, rate: int = RATE_HZ) -> Iterator[None]:
    """``py-spy record --format raw --nonblocking`` on ``pid`` for the duration; stopped with SIGINT."""
    log = raw.with_suffix(".log")
    spy = subprocess.Popen([str(BIN / "py-spy"), "record", "--pid", str(pid), "--format", "raw",
                            "--rate", str(rate), "--nonblocking", "--output", str(raw)],
                           stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        time.sleep(2.0)  # py-spy attaches
        if spy.poll() is not None:
            raise RuntimeError(f"py-spy exited with {spy.returncode}: {log.read_text()[-2000:]}")
        yield
    finally:
        spy.send_signal(signal.SIGINT)  # SIGTERM would lose the file
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait()
    if not raw.exists():
        raise RuntimeError(f"py-spy wrote no file: {log.read_text()[-2000:]}")


def steady_load(deployment: deployments.Deployment, people: int, seconds: float, strict: bool) -> crowd.Step:
    """One capacity step (people who pause), with the CPU of every process from /proc."""
    return crowd.measured_step(deployment, people, seconds, RAMP_S, seed=1, strict=strict)


@dataclass
class Profile:
    """What one profiled run measured."""

    step: crowd.Step
    samples: Dict[str, int]
    stacks: Counter

    def rasa_ms(self) -> float:
        """Return the Rasa server's CPU ms per message (/proc)."""
        return self.step.cpu_ms_per_message().get("rasa", 0.0)


def pooled(steps: Sequence[crowd.Step]) -> crowd.Step:
    """One step with the answers, failures and CPU seconds of ``steps`` added up."""
    cpu: Counter = Counter()
    for step in steps:
        cpu.update(step.cpu_s)
    return crowd.Step(
        people=steps[0].people, duration=sum(s.duration for s in steps),
        latencies_ms=[ms for s in steps for ms in s.latencies_ms], answers=sum(s.answers for s in steps),
        busy=sum(s.busy for s in steps), errors=sum(s.errors for s in steps), lost=sum(s.lost for s in steps),
        unexpected=sum(s.unexpected for s in steps), cpu_s=dict(cpu),
        other_cores=statistics.fmean(s.other_cores for s in steps),
    )


def ours_without_encoder(profile: Profile) -> float:
    """All our processes' CPU ms per message, less the sentence encoder's share of the Rasa server's."""
    encoder = cpu_by_stage(profile.samples, profile.rasa_ms()).get(ENCODER, 0.0)
    return profile.step.total_cpu_ms_per_message() - encoder


@dataclass
class Rounds:
    """Alternating rounds of this bot (profiled) and the floor, under the same load."""

    ours: List[Profile]
    floor: List[crowd.Step]

    def ratios(self) -> List[float]:
        """Each round's CPU per message of ours without the encoder over the floor's."""
        return [ours_without_encoder(o) / f.total_cpu_ms_per_message()
                for o, f in zip(self.ours, self.floor, strict=True)]

    def pooled_ours(self) -> Profile:
        """Every round of ours as one profile: steps added up, samples and stacks merged."""
        samples: Counter = Counter()
        stacks: Counter = Counter()
        for profile in self.ours:
            samples.update(profile.samples)
            stacks.update(profile.stacks)
        return Profile(pooled([p.step for p in self.ours]), dict(samples), stacks)


def run_rounds(workdir: Path, people: int, seconds: float, rounds: int,
               keep_raw: Optional[Path] = None) -> Rounds:
    """Both set-ups up at once (the idle one costs nothing); ``rounds`` pairs, their order alternating.

    Ours and the floor take turns, so a machine that slows down or speeds up during the run
    moves both: each round's ratio compares two loads a minute apart, not minutes apart.
    """
    folder = write_floor_project(workdir / "floor")
    started = time.monotonic()
    model = train_floor(folder)
    print(f"Rasa floor: trained in {time.monotonic() - started:.0f} s", flush=True)
    result = Rounds([], [])
    with deployments.setup_single(workdir, quiet=True) as ours, floor_deployment(folder, model) as floor:
        asyncio.run(load.warm_up(ours.url))
        with floor_messages():
            asyncio.run(load.warm_up(floor.url))

        def run_ours(index: int) -> None:
            raw = workdir / f"rasa-profile-{index}.txt"
            with recording(ours.servers["rasa"].process.pid, raw):
                step = steady_load(ours, people, seconds, strict=True)
            print(crowd.describe(f"round {index + 1}: Ask Amy, 1 Rasa server, SQLite", step), flush=True)
            if keep_raw is not None:
                with keep_raw.open("a" if index else "w") as out:
                    out.write(raw.read_text())
            stacks = parse_raw(raw.read_text())
            result.ours.append(Profile(step, attribute(stacks, remote_action_lines()), stacks))

        def run_floor(index: int) -> None:
            with floor_messages():
                step = steady_load(floor, people, seconds, strict=True)
            print(crowd.describe(f"round {index + 1}: Rasa floor", step), flush=True)
            result.floor.append(step)

        for index in range(rounds):
            order = (run_ours, run_floor) if index % 2 == 0 else (run_floor, run_ours)
            for run in order:
                run(index)
                time.sleep(crowd.SETTLE_S)
    return result


def stage_table(profile: Profile) -> List[str]:
    """Markdown rows: CPU ms per message for each stage of the Rasa server, then the other processes."""
    per_stage = cpu_by_stage(profile.samples, profile.rasa_ms())
    busy = sum(profile.samples.values())
    lines = ["| process / stage | CPU ms per message | share of the Rasa server's busy samples |",
             "|---|---|---|"]
    for stage in sorted(per_stage, key=lambda s: -per_stage[s]):
        share = 100 * profile.samples[stage] / busy
        lines.append(f"| Rasa: {stage} | {per_stage[stage]:.2f} | {share:.1f}% |")
    validation = samples_with(profile.stacks, "jsonschema/")
    lines.append(f"| (of the round trips: jsonschema validation of the answers) | "
                 f"{profile.rasa_ms() * validation / busy:.2f} | {100 * validation / busy:.1f}% |")
    lines.append(f"| **Rasa server, all (/proc)** | **{profile.rasa_ms():.2f}** | {busy} busy samples |")
    for name, ms in profile.step.cpu_ms_per_message().items():
        if name != "rasa":
            lines.append(f"| {name} server (/proc) | {ms:.2f} | |")
    return lines


def report(people: int = PEOPLE, seconds: float = SECONDS, svg: Optional[Path] = None,
           keep_raw: Optional[Path] = None, rounds: int = ROUNDS) -> Dict[str, float]:
    """Profile this bot and the floor in alternating rounds; print the tables and the ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="ask-amy-cpu-profile-"))
    minutes = (2 * rounds * (seconds + RAMP_S / 2 + crowd.SETTLE_S) + 90) / 60
    try:
        print(f"CPU profile: {rounds} rounds of {people} people pausing {crowd.PAUSE_S[0]:g}-"
              f"{crowd.PAUSE_S[1]:g} s for {seconds:g} s, this bot (py-spy at {RATE_HZ} Hz on the Rasa "
              f"server) and Rasa's floor taking turns (about {minutes:.0f} min)", flush=True)
        result = run_rounds(workdir, people, seconds, rounds, keep_raw)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    ours = result.pooled_ours()
    floor = pooled(result.floor)
    mine = ours.step.cpu_ms_per_message()
    without_encoder = ours_without_encoder(ours)
    floor_ms = floor.total_cpu_ms_per_message()
    ratios = result.ratios()
    ratio = statistics.median(ratios)
    print(f"\n## CPU per message ({rounds} rounds of {people} people for {seconds:g} s; {ours.step.answers} "
          f"messages; CPUs busy elsewhere: {ours.step.other_cores:.2f} during ours, {floor.other_cores:.2f} "
          "during the floor's)\n")
    print("\n".join(stage_table(ours)))
    floor_parts = ", ".join(f"{k} {v:.2f}" for k, v in floor.cpu_ms_per_message().items())
    no_gateway = without_encoder - mine.get("gateway", 0.0)
    print(f"\n- Ask Amy, all processes: {ours.step.total_cpu_ms_per_message():.2f} CPU ms per message; "
          f"without the sentence encoder: {without_encoder:.2f} (without the gateway too: {no_gateway:.2f})")
    print(f"- Rasa floor ({floor.answers} messages, {floor.lost} lost, {floor.errors} errors): "
          f"{floor_ms:.2f} CPU ms per message ({floor_parts})")
    print(f"- Ask Amy without the encoder / the floor, each round: "
          f"{', '.join(f'{r:.2f}x' for r in ratios)}; all rounds together: {without_encoder / floor_ms:.2f}x")
    print(f"- **median of the rounds: {ratio:.2f}x** (target <= {RATIO_TARGET:g}x)")
    if svg is not None:
        busy: Counter = Counter()
        for stack, count in ours.stacks.items():
            if not is_idle(stack):
                busy[work(stack)] += count  # from the event loop's callbacks up
        svg.write_text(flame_svg(busy, title=f"Ask Amy's Rasa server, {people} people pausing 3-7 s"))
        print(f"- flame graph of the busy samples: {svg}")
    return {"ratio": ratio, "ours": without_encoder, "floor": floor_ms}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the profile from the command line."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each round's load, for each set-up")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="pairs of load runs, ours and the floor's")
    parser.add_argument("--svg", type=Path, default=None, help="write the flame graph here")
    parser.add_argument("--raw", type=Path, default=None, help="keep py-spy's raw file here")
    args = parser.parse_args(argv)
    report(args.people, args.seconds, args.svg, args.raw, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
