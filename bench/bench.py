"""Benchmark report: this project's configuration next to Rasa's default and usual robust choice.

Rasa's default is DIET + TED; its usual robust choice is LanguageModelFeaturizer with the
same MiniLM weights, plus DIET.

Trains all three on the same data in the same run, then for each prints training time, time
until the server answers a message, REST round-trip p50/p95 over sequential messages
(custom actions included), the server's memory (USS), and on-topic accuracy on the short
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
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List, Optional

from ask_amy.cli.credentials import choose as choose_credentials
from bench import peer_model
from bench.capacity import STEPS as CAPACITY_STEPS
from bench.process_memory import server_mb
from testkit.live_servers import BIN, ROOT, base_env, free_port, start_action_server, write_endpoints

DEFAULT_CONFIG = """recipe: default.v1
language: en
assistant_id: ask-amy-default
pipeline:
policies:
"""

# Rasa's usual choice for robustness: a transformer's features for DIET. The MiniLM folder is
# made from the same verified files (see lm_folder); the policies are this project's own, so
# the comparison is about the NLU.
LM_CONFIG = """recipe: default.v1
language: en
assistant_id: ask-amy-lm-diet
pipeline:
  - name: WhitespaceTokenizer
  - name: LanguageModelFeaturizer
    model_name: bert
    model_weights: {folder}
  - name: DIETClassifier
    epochs: 100
  - name: FallbackClassifier
    threshold: 0.45
policies:
  - name: RulePolicy
    core_fallback_threshold: 0.3
    core_fallback_action_name: action_default_fallback
    enable_fallback_prediction: true
    restrict_rules: true
"""

# One realistic conversation; repeated with new senders to reach the message count.
CONVERSATION = [
    "hi",
    "it's been three weeks since my interview and nothing. should I call or email?",
    "where does that come from?",
    "what should I write in the email?",
    "I got another offer and they need an answer by Friday",
    "should I tell them about my lease running out?",
    "write the email for me",
    "Priya Patel",
    "the designer role at Acme",
    "we both laughed about the coffee machine",
    "make the name Dana",
    "should I keep applying while I wait?",
    "thanks, bye",
]


def percentile(values: List[float], q: float) -> float:
    """Return the q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def lm_folder(workdir: Path) -> Path:
    """Return a Hugging Face folder for LanguageModelFeaturizer from the verified MiniLM files (no hub)."""
    from ask_amy.nlu.encoder.model_files import verify

    source = verify(ROOT / "build" / "minilm")
    folder = workdir / "minilm-hf"
    folder.mkdir()
    (folder / "model.safetensors").symlink_to(source / "model.safetensors")
    vocab = json.loads((source / "tokenizer.json").read_text())["model"]["vocab"]
    (folder / "vocab.txt").write_text("\n".join(sorted(vocab, key=vocab.get)) + "\n")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"do_lower_case": True, "model_max_length": 512})
    )
    (folder / "config.json").write_text(json.dumps({
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": len(vocab), "hidden_size": 384,
        "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536, "hidden_act": "gelu",
        "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "pad_token_id": 0}))
    return folder


def accuracy_report(name: str, model: Path) -> Dict[str, float]:
    """On-topic accuracy on both held-out sets, parsed as the bot parses them; prints the by-length lines."""
    from testkit import nlu_sets

    figures = {}
    for label, rows in (("short held-out", nlu_sets.short_set()), ("real-style", nlu_sets.real_style_set())):
        scored = nlu_sets.score(rows, nlu_sets.parse_all([r["text"] for r in rows], model))
        print(nlu_sets.summary(f"{name}, {label}", scored), flush=True)
        figures[label] = nlu_sets.accuracy(scored, on_topic=True)
        for band in nlu_sets.by_length(scored):
            figures[f"{label} {band['band']}"] = band["accuracy"]
    return figures


def train(config: Path, out: Path, name: str) -> float:
    """Train a model; return the wall-clock seconds."""
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "train", "--config", str(config), "--out", str(out),
         "--fixed-model-name", name, "--force", "--quiet"],
        cwd=ROOT, env=base_env(), check=True, capture_output=True,
    )
    return time.perf_counter() - start


def post(url: str, sender: str, text: str) -> list:
    """One REST message."""
    data = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def serve_and_measure(model: Path, endpoints: Path, workdir: Path, messages: int) -> Dict[str, float]:
    """Start ``rasa run``, time readiness, then time sequential REST messages."""
    port = free_port()
    log = (workdir / f"rasa-{model.stem}.log").open("w")
    start = time.perf_counter()
    # credentials.yml's Slack ${VAR}s may be unset: serve REST (and socket.io) from a copy without Slack.
    credentials = choose_credentials(
        ROOT / "credentials.yml", workdir / "credentials.yml", without_slack=True
    )
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints", str(endpoints),
         "--credentials", str(credentials.path), "--port", str(port), "--interface", "127.0.0.1"],
        cwd=ROOT, env=base_env(), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"rasa run exited; see {log.name}")
            try:
                post(url, "warmup", "hi")
                break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - start
        latencies = []
        sender = uuid.uuid4().hex
        for i in range(messages):
            if i % len(CONVERSATION) == 0:
                sender = uuid.uuid4().hex
            t0 = time.perf_counter()
            post(url, sender, CONVERSATION[i % len(CONVERSATION)])
            latencies.append((time.perf_counter() - t0) * 1000)
        return {
            "ready_s": ready,
            "p50_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 95),
            "memory_mb": server_mb(process.pid),  # after the messages: USS (bench/process_memory.py)
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def cross_validated_f1(workdir: Path, folds: int) -> Dict[str, float]:
    """Intent F1 (weighted and macro) from ``rasa test nlu --cross-validation``."""
    out = workdir / "cv"
    subprocess.run(
        [str(BIN / "rasa"), "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
         "--cross-validation", "--folds", str(folds), "--out", str(out)],
        cwd=ROOT, env=base_env(), check=True, capture_output=True,
    )
    report = json.loads((out / "intent_report.json").read_text())
    return {"weighted_f1": report["weighted avg"]["f1-score"], "macro_f1": report["macro avg"]["f1-score"],
            "accuracy": report["accuracy"]}


def held_out_matrix(workdir: Path, model: Path) -> None:
    """Evaluate on the held-out split and keep its confusion matrix for the README."""
    out = workdir / "holdout"
    subprocess.run(
        [str(BIN / "rasa"), "test", "nlu", "--model", str(model), "--nlu", "tests/nlu_fresh/holdout.yml",
         "--out", str(out)],
        cwd=ROOT, env=base_env(), check=True, capture_output=True,
    )
    image = out / "intent_confusion_matrix.png"
    if image.exists():
        shutil.copy(image, ROOT / "docs" / "intent_confusion_matrix.png")
    report = json.loads((out / "intent_report.json").read_text())
    print(f"held-out split: accuracy {report['accuracy']:.3f}, "
          f"weighted F1 {report['weighted avg']['f1-score']:.3f}"
          " (confusion matrix saved to docs/intent_confusion_matrix.png)")


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
    parser.add_argument("--only", choices=["capacity", "profile", "latency"],
                        help="only this section (capacity: the load runs; profile: CPU per message by stage; "
                             "latency: REST p50/p95 of ours and Rasa's default, alternating)")
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
        from bench import cpu_profile

        return cpu_profile.main([])
    if args.only == "latency":
        from bench import latency

        return latency.main(args.rounds, args.messages)

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
    peer = workdir / "rasa-default.tar.gz"
    try:
        if peer.exists() and args.rounds:
            from bench import latency

            latency.main(args.rounds, args.messages,
                         models={"Ask Amy": workdir / "ask-amy.tar.gz", "Rasa default": peer})
        if not args.skip_load:
            load_section(args, peer if peer.exists() else None)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if not args.skip_profile:
        from bench import cpu_profile

        cpu_profile.main(["--svg", str(ROOT / "docs" / "cpu-flamegraph.svg")])
    return 0


DEFAULT_MODEL = ROOT / "models" / "rasa-default.tar.gz"


def default_model(workdir: Path) -> Path:
    """Rasa's default pipeline trained on this project's data, for the peer run.

    Trained again when missing or older than models/ask-amy.tar.gz (which ``make bench`` retrains
    whenever the data changes).
    """
    ours = ROOT / "models" / "ask-amy.tar.gz"
    if DEFAULT_MODEL.exists():
        if not ours.exists() or ours.stat().st_mtime <= DEFAULT_MODEL.stat().st_mtime:
            return DEFAULT_MODEL
    config = workdir / "default-config.yml"
    config.write_text(DEFAULT_CONFIG)
    print("capacity: first, training Rasa's default pipeline (DIET + TED) for the peer run "
          "(minutes: it trains DIET and TED; kept in models/rasa-default.tar.gz) ...", flush=True)
    seconds = train(config, DEFAULT_MODEL.parent, DEFAULT_MODEL.name.removesuffix(".tar.gz"))
    print(f"capacity: trained in {seconds:.0f} s", flush=True)
    return DEFAULT_MODEL


def load_section(args: argparse.Namespace, peer_model: Optional[Path] = None) -> int:
    """Capacity (bench/capacity.py): people who pause, stepped up, for each configuration."""
    from bench import capacity, load

    print("\n## Capacity: people chatting with pauses, over REST (bench/capacity.py)\n", flush=True)
    configurations = [c.strip() for c in args.configs.split(",") if c.strip()]
    if args.skip_default and "default" in configurations:
        configurations.remove("default")
    missing = load.services_missing()
    if "scale" in configurations and missing:
        print(f"(the scale-out configuration is skipped: {missing})")
        configurations.remove("scale")
    from testkit.private_services import missing as private_missing

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
