"""Benchmark report: this project's configuration next to Rasa's default and usual robust choice.

Rasa's default is DIET + TED; its usual robust choice is LanguageModelFeaturizer with the
same MiniLM weights, plus DIET.

Trains all three on the same data in the same run, then for each prints training time, time
until the server answers a message, REST round-trip p50/p95 over sequential messages
(custom actions included), the server's peak memory, and on-topic accuracy on the short
held-out split and on the real-style set, by message length. Also prints cross-validated
intent F1. Then the capacity section (bench/capacity.py): people who pause 3-7 s between
messages, stepped up (50, 100, 150, ... people) until p95 goes over 300 ms, for one Rasa server on
SQLite, two behind nginx (deploy/nginx.conf) on PostgreSQL + Redis, and Rasa's default pipeline on
one server; each with a no-pause saturation row, and one server at twice its capacity (the busy
replies of ask_amy/guards/admission.py), then the faults under load (bench/faults.py). Between the
accuracy and the capacity sections: REST round trips of this bot and Rasa's default in alternating
rounds (bench/latency.py, the models this run trained); after the capacity section: CPU per
message by stage and Rasa's floor (bench/cpu_profile.py, flame graph to docs/cpu-flamegraph.svg).
It says how long it will take before it starts. A report, not a test: it prints figures and never
fails on them.

Usage: ``python -m bench.bench [--messages 200] [--skip-default] [--skip-lm] [--skip-cv] [--skip-load]
[--default-model models/rasa-default.tar.gz]`` (``make bench BENCH_ARGS="..."``); ``--default-model``
uses a model of Rasa's default pipeline trained earlier by the bench (bench/peer_model.py says which
it accepts) instead of training it again;
the capacity section alone: ``python -m bench.bench --only capacity [--configs single,scale,default]
[--steps 50,100,200] [--step-seconds 45]``; the CPU per message by stage (bench/cpu_profile.py):
``python -m bench.bench --only profile``
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Dict, Optional

from ask_amy.cli.stack import start_action_server, write_endpoints
from ask_amy.paths import ROOT
from bench import capacity, cpu_profile, deployments, journeys_report, latency, letters_report, peer_model
from bench.capacity import STEPS as CAPACITY_STEPS
from bench.models import (
    DEFAULT_CONFIG,
    LM_CONFIG,
    accuracy_report,
    cross_validated_f1,
    default_model,
    held_out_matrix,
    lm_folder,
    serve_and_measure,
    train,
)
from testkit.private_services import missing as private_missing


def row(label: str, ours: float, theirs: float, unit: str) -> str:
    """Return a table row with the ratio default / ours."""
    ratio = theirs / ours if ours else float("nan")
    return f"| {label} | {ours:.{1 if unit != 'ms' else 1}f} {unit} | {theirs:.1f} {unit} | {ratio:.1f}x |"


def three_way(results: Dict[str, Dict[str, float]]) -> str:
    """One table: every configuration side by side, accuracy by length included."""
    names = [n for n in ("ask-amy", "rasa-default", "lm-diet") if n in results]
    titles = {
        "ask-amy": "Ask Amy", "rasa-default": "Rasa default (DIET + TED)", "lm-diet": "MiniLM LMF + DIET"
    }
    lines = [
        "| measure | " + " | ".join(titles[n] for n in names) + " |", "|---" * (len(names) + 1) + "|"
    ]
    measures = [
        ("short held-out, on topic", "short held-out", "%"), ("real-style, on topic", "real-style", "%")
    ]
    for band in ("under 80", "80-200", "over 200"):
        measures.append((f"real-style, {band} chars", f"real-style {band}", "%"))
    measures += [("training time", "train_s", "s"),
                 ("training again, vectors cached", "train_warm_s", "s"),
                 ("time until the server answers", "ready_s", "s"),
                 ("REST p50", "p50_ms", "ms"), ("REST p95", "p95_ms", "ms"),
                 ("server memory (USS)", "memory_mb", "MB")]
    for label, key, unit in measures:
        cells = [("-" if key not in results[n] else
                  f"{100 * results[n][key]:.1f}%" if unit == "%" else f"{results[n][key]:.1f} {unit}")
                 for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    """Run the whole report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--skip-default", action="store_true", help="don't train Rasa's default pipeline")
    parser.add_argument("--skip-lm", action="store_true", help="don't train LanguageModelFeaturizer + DIET")
    parser.add_argument("--default-model", type=Path,
                        help="a model of Rasa's default pipeline this bench trained after the data last "
                             "changed, used instead of training one (its training time is then not measured)")
    parser.add_argument("--skip-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-load", action="store_true", help="skip the capacity section")
    parser.add_argument("--skip-profile", action="store_true", help="skip the CPU profile and the floor")
    parser.add_argument("--only", choices=["capacity", "profile", "latency", "journeys", "letters"],
                        help="only this section (capacity: the load runs; profile: CPU per message by stage; "
                             "latency: REST p50/p95 of ours and Rasa's default, alternating; "
                             "journeys: the held-out conversations by category; letters: the long held-out "
                             "sets as served, and the sentence vector's weight)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the latency section (0: none)")
    parser.add_argument("--load-only", action="store_true", help="the same as --only capacity")
    parser.add_argument("--configs", default="single,scale,default,faults",
                        help="capacity configurations, comma-separated: single, scale, default, faults")
    parser.add_argument("--fault-people", type=int, default=0,
                        help="people during the faults (default: 60%% of the scale-out figure)")
    parser.add_argument("--steps", default=",".join(map(str, CAPACITY_STEPS)),
                        help="people per capacity step, comma-separated")
    parser.add_argument("--step-seconds", type=float, default=40.0, help="seconds per capacity step")
    parser.add_argument("--ramp-seconds", type=float, default=10.0, help="arrivals spread over these seconds")
    args = parser.parse_args()
    if args.load_only or args.only == "capacity":
        return load_section(args)
    if args.only == "profile":
        return cpu_profile.main([])
    if args.only == "latency":
        return latency.main(args.rounds, args.messages)
    if args.only == "journeys":
        return journeys_report.main()
    if args.only == "letters":
        return letters_report.main()

    if args.default_model and not args.skip_default:
        reason = peer_model.refusal(args.default_model, peer_model.training_inputs(ROOT))
        if reason:
            print(f"--default-model refused: {reason}", file=sys.stderr)
            return 2
    workdir = Path(tempfile.mkdtemp(prefix="ask-amy-bench-"))
    (workdir / "default-config.yml").write_text(DEFAULT_CONFIG)
    actions = start_action_server(workdir)
    try:
        endpoints = write_endpoints(workdir, actions.url)
        results = {}
        # Ours, cold: an empty sentence-vector cache, so every training example is encoded.
        ours_config = (ROOT / "config.yml").read_text().replace(
            "cache_dir: build/sentence-vectors", f"cache_dir: {workdir / 'vectors'}")
        (workdir / "ask-amy-config.yml").write_text(ours_config)
        configs = {"ask-amy": workdir / "ask-amy-config.yml"}
        if not args.skip_default:
            configs["rasa-default"] = workdir / "default-config.yml"
        if not args.skip_lm:
            (workdir / "lm-config.yml").write_text(LM_CONFIG.format(folder=lm_folder(workdir)))
            configs["lm-diet"] = workdir / "lm-config.yml"
        for name, config in configs.items():
            if name == "rasa-default" and args.default_model:
                print(f"rasa-default: using {args.default_model} (trained earlier: no training time)",
                      flush=True)
                shutil.copy(args.default_model, workdir / f"{name}.tar.gz")
                timing = {}
            else:
                print(f"training {name} ...", flush=True)
                timing = {"train_s": train(config, workdir, name)}
            if name == "ask-amy":
                timing["train_warm_s"] = train(config, workdir, name)
            print(f"measuring {name} ...", flush=True)
            served = serve_and_measure(workdir / f"{name}.tar.gz", endpoints, workdir, args.messages)
            results[name] = {**timing, **served}
            print(f"  {name}: {json.dumps({k: round(v, 1) for k, v in results[name].items()})}", flush=True)
            results[name].update(accuracy_report(name, workdir / f"{name}.tar.gz"))
        held_out_matrix(workdir, workdir / "ask-amy.tar.gz")
    finally:
        actions.stop()

    ours = results["ask-amy"]
    print(f"\n## Benchmark ({args.messages} sequential REST messages, custom actions included)\n")
    print(three_way(results))
    if "rasa-default" in results:
        theirs = results["rasa-default"]
        print("| measure | Ask Amy config | Rasa default (DIET + TED) | default / ours |")
        print("|---|---|---|---|")
        if "train_s" in theirs:
            print(row("training time", ours["train_s"], theirs["train_s"], "s"))
        print(row("time until the server answers", ours["ready_s"], theirs["ready_s"], "s"))
        print(row("REST round trip p50", ours["p50_ms"], theirs["p50_ms"], "ms"))
        print(row("REST round trip p95", ours["p95_ms"], theirs["p95_ms"], "ms"))
        print(row("server memory (USS)", ours["memory_mb"], theirs["memory_mb"], "MB"))
    else:
        for key, value in ours.items():
            print(f"| {key} | {value:.1f} |")
    if not args.skip_cv:
        cv = cross_validated_f1(workdir, args.folds)
        print(f"\ncross-validated intents ({args.folds} folds on data/nlu): "
              f"weighted F1 {cv['weighted_f1']:.3f}, "
              f"macro F1 {cv['macro_f1']:.3f}, accuracy {cv['accuracy']:.3f}")
    journeys_report.main(workdir / "ask-amy.tar.gz")
    letters_report.main(workdir / "ask-amy.tar.gz", weights=not args.skip_cv)
    peer = workdir / "rasa-default.tar.gz"
    try:
        if peer.exists() and args.rounds:
            latency.main(args.rounds, args.messages,
                         models={"Ask Amy": workdir / "ask-amy.tar.gz", "Rasa default": peer})
        if not args.skip_load:
            load_section(args, peer if peer.exists() else None)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if not args.skip_profile:
        cpu_profile.main(["--svg", str(ROOT / "docs" / "cpu-flamegraph.svg")])
    return 0


def load_section(args: argparse.Namespace, peer_model: Optional[Path] = None) -> int:
    """Capacity (bench/capacity.py): people who pause, stepped up, for each configuration."""
    print("\n## Capacity: people chatting with pauses, over REST (bench/capacity.py)\n", flush=True)
    configurations = [c.strip() for c in args.configs.split(",") if c.strip()]
    if args.skip_default and "default" in configurations:
        configurations.remove("default")
    missing = deployments.services_missing()
    if "scale" in configurations and missing:
        print(f"(the scale-out configuration is skipped: {missing})")
        configurations.remove("scale")
    if "faults" in configurations and private_missing():
        print(f"(the faults under load are skipped: needs {' and '.join(private_missing())})")
        configurations.remove("faults")
    steps = [int(n) for n in args.steps.split(",")]
    print(capacity.plan(configurations, steps, args.step_seconds, args.ramp_seconds), flush=True)
    if "default" in configurations and peer_model is None:
        workdir = Path(tempfile.mkdtemp(prefix="ask-amy-bench-default-"))
        try:
            peer_model = default_model(workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    capacity.report(configurations, steps, args.step_seconds, args.ramp_seconds, default_model=peer_model,
                    fault_people=args.fault_people)
    return 0


if __name__ == "__main__":
    sys.exit(main())
