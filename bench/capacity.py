"""The capacity section of ``make bench``: people who pause, stepped up, for each configuration.

How one step is run and judged is bench/crowd.py; this module plans and reports the configurations
(one server, the scale-out, Rasa's default pipeline), the saturation and overload rows, and the
faults under load (bench/faults.py). A report, not a test: it never fails on the figures.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from ask_amy.guards.admission import max_wait_s
from bench import deployments, faults, load
from bench.crowd import (
    P95_TARGET_MS,
    PAUSE_S,
    REFINE_STEPS,
    SETTLE_S,
    STEPS,
    Step,
    describe,
    headline,
    measured,
    measured_step,
    planned_seconds,
    step_up,
    table,
)
from bench.deployments import Deployment

# The report: three configurations, stepped, with the saturation and overload rows (make bench).

CONFIGURATIONS = {
    "single": ("Ask Amy, 1 Rasa server, SQLite", 60.0),
    "scale": ("Ask Amy, 2 Rasa servers behind nginx, PostgreSQL + Redis", 120.0),
    "default": ("Rasa default (DIET + TED), 1 Rasa server, SQLite", 60.0),
}
SATURATION_PEOPLE = 64
SATURATION_S = 15.0


def deployment_for(configuration: str, workdir: Path, default_model: Optional[Path]) -> Any:
    """Return the context manager that starts ``configuration``'s servers (bench/load.py set-ups)."""
    name = CONFIGURATIONS[configuration][0]
    if configuration == "scale":
        return deployments.setup_scale(workdir, rasa_servers=2)
    if configuration == "default":
        return deployments.setup_single(workdir, model=default_model, name=name)
    return deployments.setup_single(workdir, name=name)


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
        text += (f" Then the faults under load: about "
                 f"{(CONFIGURATIONS['scale'][1] + faults.planned_seconds()) / 60:.0f} min.")
    return text


def report(configurations: Sequence[str], steps: Sequence[int] = STEPS, duration: float = 40.0,
           ramp: float = 10.0, default_model: Optional[Path] = None, seed: int = 1,
           fault_people: int = 0) -> Dict[str, Any]:
    """Run every configuration's steps; print the table, the headline figures and the overload row.

    "faults" in ``configurations`` adds the faults under load (bench/faults.py) with
    ``fault_people`` people, or 60% of the scale-out figure.
    """
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
