"""The bench's models: training them, serving one and timing its REST answers, its accuracy.

Shared by the report (bench/bench.py) and the latency rounds (bench/latency.py).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Dict

from ask_amy.cli.stack import BIN, base_env, start_rasa_server
from ask_amy.nlu.encoder.model_files import verify
from ask_amy.paths import ROOT
from bench.process_memory import server_mb
from bench.stats import percentile
from testkit import nlu_sets

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


def lm_folder(workdir: Path) -> Path:
    """Return a Hugging Face folder for LanguageModelFeaturizer from the verified MiniLM files (no hub)."""
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
    """Start ``rasa run``, time until it answers a first message, then time sequential REST messages."""
    start = time.perf_counter()
    # credentials.yml's Slack ${VAR}s may be unset: serve REST (and socket.io) from a copy without Slack.
    rasa = start_rasa_server(workdir, endpoints, model=model, timeout=600)
    url = f"{rasa.url}/webhooks/rest/webhook"
    try:
        while True:
            try:
                post(url, "warmup", "hi")
                break
            except OSError:
                if rasa.process.poll() is not None:
                    raise RuntimeError(f"rasa run exited; see {rasa.log}") from None
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
            "memory_mb": server_mb(rasa.process.pid),
        }
    finally:
        rasa.stop()


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
