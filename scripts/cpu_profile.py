"""CPU per message by stage: where the Rasa server spends its CPU under load, and Rasa's own floor.

Starts capacity's single set-up (one Rasa server on SQLite, the action gateway, the action
server), warms it up, and drives a steady load of people who pause 3-7 s (scripts/capacity.py)
while ``py-spy record --format raw --nonblocking`` samples the Rasa server. Busy samples (idle
frames dropped: the event loop waiting in ``select``, threads waiting on a lock or a queue) are
attributed to stages by frame matching (:data:`STAGES`), and each stage's CPU ms per message is
its share of the busy samples times the Rasa process's CPU ms per message, from /proc over the
same window. The flame graph of the busy samples is rendered from the raw file as an SVG.

Then Rasa's floor under the same load: a minimal project generated in a temp dir
(WhitespaceTokenizer + KeywordIntentClassifier, RulePolicy, one intent ``ask``, one rule
ask -> ``action_floor``, whose action sends one fixed message), trained there, served on SQLite
over REST with its own action server. It prints this bot's CPU per message without the sentence
encoder divided by the floor's (target <= 1.5). A report, not a test: it never fails on the figures.

Usage: ``python -m scripts.cpu_profile [--people 60] [--seconds 60] [--svg docs/cpu-flamegraph.svg]``
(``make profile``, or ``python -m scripts.bench --only profile``).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import html
import importlib.util
import shutil
import signal
import subprocess
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from scripts import capacity, load
from tests.live_servers import (
    BIN,
    Server,
    base_env,
    free_port,
    launch,
    sqlite_tracker_store,
    start_rasa_server,
    write_endpoints,
)

RATE_HZ = 200
PEOPLE = 60
SECONDS = 60.0
RAMP_S = 10.0
FLOOR_REPLY = "Floor reply."
RATIO_TARGET = 1.5
ENCODER = "NLU: sentence encoder (SentenceVectorFeaturizer)"

# A frame as py-spy writes it: "function (file:line)"; a stack, outermost first.
Frame = Tuple[str, str, int]
Stack = Tuple[Frame, ...]


def parse_frame(text: str) -> Frame:
    """Split ``"function (path/file.py:12)"`` into (function, file, line); line 0 if there is none."""
    name, _, rest = text.rpartition(" (")
    if not name or not rest.endswith(")"):
        return text, "", 0
    where = rest[:-1]
    path, _, line = where.rpartition(":")
    if path and line.isdigit():
        return name, path, int(line)
    return name, where, 0


def parse_raw(text: str) -> Counter:
    """Read py-spy's raw (collapsed) output: ``frame;frame;... count`` per line, into stack -> samples."""
    stacks: Counter = Counter()
    for line in text.splitlines():
        frames, _, count = line.rstrip().rpartition(" ")
        if frames and count.isdigit():
            stacks[tuple(parse_frame(f) for f in frames.split(";"))] += int(count)
    return stacks


IDLE_LEAVES = {
    ("select", "selectors.py"), ("wait", "threading.py"), ("get", "queue.py"), ("_worker", "thread.py"),
    ("run_forever", "base_events.py"), ("_run_once", "base_events.py"), ("sleep", "tasks.py"),
}
# The frame that runs the event loop: uvloop waits in C below it, and every callback starts above it.
LOOP_FRAMES = {("serve", "sanic/server/runners.py"), ("run_forever", "asyncio/base_events.py")}


def work(stack: Stack) -> Stack:
    """Return the frames above the event loop (the start-up chain below it is in every stack)."""
    for index in range(len(stack) - 1, -1, -1):
        name, path, _ = stack[index]
        if any(name == n and path.endswith(p) for n, p in LOOP_FRAMES):
            return stack[index + 1:]
    return stack


def is_idle(stack: Stack) -> bool:
    """Tell whether a stack waits: nothing above the event loop, or a wait as its innermost frame."""
    stack = work(stack)
    if not stack:
        return True
    name, path, _ = stack[-1]
    return (name, Path(path).name) in IDLE_LEAVES


def in_function(path_end: str, *names: str) -> Callable[[Stack], bool]:
    """Match a stack with a frame in one of the functions ``names`` of the file ending in ``path_end``."""
    return lambda stack: any(name in names and path.endswith(path_end) for name, path, _ in stack)


def either(*matchers: Callable[[Stack], bool]) -> Callable[[Stack], bool]:
    """Match a stack that any of ``matchers`` matches."""
    return lambda stack: any(m(stack) for m in matchers)


def in_file(*fragments: str) -> Callable[[Stack], bool]:
    """Match a stack with a frame whose file contains one of ``fragments``."""
    return lambda stack: any(any(f in path for f in fragments) for _, path, _ in stack)


TRACKER_WRITES = {"save", "serialise_tracker", "_additional_events", "stream_events",
                  "_current_tracker_state_without_events", "_events_since_last_session_start"}


def tracker_stage(stack: Stack) -> Optional[str]:
    """Tracker store read or write, by the outermost frame in rasa/core/tracker_store.py."""
    for name, path, _ in stack:
        if path.endswith("rasa/core/tracker_store.py"):
            return "tracker store write (save, serialise)" if name in TRACKER_WRITES else \
                "tracker store read (retrieve, deserialise)"
    return None


def remote_action_lines() -> Tuple[int, int]:
    """Return the lines of ``RemoteAction`` in the installed rasa/core/actions/action.py (not imported)."""
    spec = importlib.util.find_spec("rasa")
    if spec is None or spec.origin is None:
        return 0, 0
    tree = ast.parse((Path(spec.origin).parent / "core" / "actions" / "action.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "RemoteAction":
            return node.lineno, node.end_lineno or node.lineno
    return 0, 0


def action_matcher(lines: Tuple[int, int]) -> Callable[[Stack], bool]:
    """Match the custom action round trips: RemoteAction, the HTTP client, the answer's validation."""
    first, last = lines

    def matches(stack: Stack) -> bool:
        for _, path, line in stack:
            if path.endswith("rasa/core/actions/action.py") and first <= line <= last:
                return True
            if "aiohttp/" in path or "jsonschema/" in path or path.endswith("rasa/utils/endpoints.py"):
                return True
        return False

    return matches


PROCESSOR = "rasa/core/processor.py"
PREDICTION = ("predict_next_with_tracker", "_predict_next_with_tracker",
              "predict_next_with_tracker_if_should")


def stages(action_lines: Tuple[int, int] = (0, 0)) -> List[Tuple[str, Callable[[Stack], Optional[str]]]]:
    """Stages in the order they are tried: the first that claims a stack gets its samples."""

    def named(stage: str, matcher: Callable[[Stack], bool]) -> Callable[[Stack], Optional[str]]:
        return lambda stack: stage if matcher(stack) else None

    return [
        ("encoder", named(ENCODER, in_file("amy_nlu/sentence_encoder.py", "amy_nlu/sentence_featurizer.py",
                                           "amy_nlu/vector_cache.py"))),
        ("linear", named("NLU: LinearIntentClassifier (both)", in_file("amy_nlu/intent_classifier.py"))),
        ("facts", named("NLU: InterviewFactsExtractor", in_file("amy_nlu/component.py", "amy_nlu/facts/"))),
        ("spacy", named("NLU: SpacyNLP", in_file("rasa/nlu/utils/spacy_utils.py"))),
        ("tokenizer", named("NLU: SpacyTokenizer", in_file("rasa/nlu/tokenizers/"))),
        ("cvf", named("NLU: CountVectorsFeaturizer (both)", in_file("count_vectors_featurizer.py"))),
        ("fallback", named("NLU: FallbackClassifier", in_file("rasa/nlu/classifiers/fallback_classifier"))),
        ("nlu", named("NLU: other (graph, parse, spaCy doc)", either(
            in_file("rasa/nlu/", "spacy/"),
            in_function(PROCESSOR, "parse_message", "_parse_message_with_graph")))),
        ("actions", named("custom action round trips (HTTP, validation)", action_matcher(action_lines))),
        ("policy", named("policy prediction (RulePolicy, graph run)", either(
            in_file("rasa/core/policies/"), in_function(PROCESSOR, *PREDICTION)))),
        ("tracker", tracker_stage),
        ("processor", named("other: Rasa processor (events, slots, locks)", in_file(
            "rasa/core/processor.py", "rasa/core/agent.py", "rasa/core/lock", "rasa/core/actions/",
            "rasa/shared/"))),
        ("channel", named("channel (sanic, channels/, json)", in_file("sanic/", "channels/", "json/"))),
    ]


OTHER = "other"


def attribute(stacks: Counter, action_lines: Tuple[int, int] = (0, 0)) -> Dict[str, int]:
    """Busy samples per stage (idle stacks dropped), in :func:`stages` order then ``other``."""
    rules = stages(action_lines)
    samples: Dict[str, int] = {}
    for whole, count in stacks.items():
        if is_idle(whole):
            continue
        stack = work(whole)
        stage = next((s for s in (rule(stack) for _, rule in rules) if s), OTHER)
        samples[stage] = samples.get(stage, 0) + count
    return samples


def samples_with(stacks: Counter, fragment: str) -> int:
    """Count the busy samples with a frame whose file contains ``fragment``."""
    return sum(n for stack, n in stacks.items() if not is_idle(stack) and in_file(fragment)(work(stack)))


def cpu_by_stage(samples: Dict[str, int], rasa_ms_per_message: float) -> Dict[str, float]:
    """CPU ms per message per stage: the stage's share of the busy samples times the process's figure."""
    busy = sum(samples.values())
    return {s: rasa_ms_per_message * n / busy for s, n in samples.items()} if busy else {}


# The flame graph: rendered from the busy stacks (no dependency; one rectangle per frame).


def flame_svg(stacks: Counter, width: int = 1200, row: int = 16, title: str = "") -> str:
    """Render ``stacks`` as an SVG flame graph (outermost at the bottom; tooltips: samples)."""
    tree: Dict = {}
    for stack, count in stacks.items():
        node = tree
        for name, path, _ in stack:
            child = node.setdefault(f"{name} ({path})", [0, {}])
            child[0] += count
            node = child[1]
    total = sum(stacks.values()) or 1

    def depth(node: Dict) -> int:
        return 1 + max((depth(c[1]) for c in node.values()), default=0)

    height = (depth(tree) + 2) * row
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="monospace" font-size="11"><rect width="100%" height="100%" fill="#fff"/>',
             f'<text x="4" y="{row - 4}">{html.escape(title)} ({total} busy samples)</text>']

    def draw(node: Dict, x: float, level: int) -> None:
        for label, (count, children) in sorted(node.items()):
            w = width * count / total
            if w >= 1.0:  # narrower frames are left out (their samples are in the parent's width)
                y = height - (level + 1) * row
                hue = 20 + zlib.crc32(label.encode()) % 40
                tip = html.escape(f"{label}: {count} samples ({100 * count / total:.1f}%)")
                chars = int(w / 7)
                shown = label[:chars - 1] + "…" if len(label) > chars else label
                text = html.escape(shown) if chars > 2 else ""
                parts.append(f'<g><title>{tip}</title><rect x="{x:.1f}" y="{y}" width="{w:.1f}" '
                             f'height="{row - 1}" fill="hsl({hue},90%,60%)"/>'
                             f'<text x="{x + 2:.1f}" y="{y + row - 4}">{text}</text></g>')
                draw(children, x, level + 1)
            x += w

    draw(tree, 0.0, 0)
    parts.append("</svg>")
    return "\n".join(parts)


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


def steady_load(deployment: load.Deployment, people: int, seconds: float, strict: bool) -> capacity.Step:
    """One capacity step (people who pause), with the CPU of every process from /proc."""
    return capacity.measured_step(deployment, people, seconds, RAMP_S, seed=1, strict=strict)


# Rasa's floor: a minimal project, trained in a temp dir.

FLOOR_FILES = {
    "config.yml": """recipe: default.v1
language: en
assistant_id: rasa-floor
pipeline:
  - name: WhitespaceTokenizer
  - name: KeywordIntentClassifier
policies:
  - name: RulePolicy
""",
    "domain.yml": """version: "3.1"
intents:
  - ask
actions:
  - action_floor
""",
    "data/rules.yml": """version: "3.1"
rules:
  - rule: ask is answered by action_floor
    steps:
      - intent: ask
      - action: action_floor
""",
    "floor_actions/__init__.py": f'''"""The floor's one custom action: one fixed message."""

from rasa_sdk import Action


class ActionFloor(Action):
    """Send one fixed message."""

    def name(self):
        """The action's name."""
        return "action_floor"

    async def run(self, dispatcher, tracker, domain):
        """Send the fixed message."""
        dispatcher.utter_message(text={FLOOR_REPLY!r})
        return []
''',
}


def floor_nlu(texts: Sequence[str]) -> str:
    """NLU data for ``ask``: the load's messages as keywords, so that every one of them is ``ask``."""
    lines = "\n".join(f"      - {' '.join(text.split())}" for text in texts)
    return f'version: "3.1"\nnlu:\n  - intent: ask\n    examples: |\n{lines}\n'


def write_floor_project(folder: Path) -> Path:
    """Write the floor project into ``folder`` and return it."""
    for name, content in FLOOR_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content)
    (folder / "data" / "nlu.yml").write_text(floor_nlu([text for text, _ in load.CONVERSATION]))
    return folder


def train_floor(folder: Path) -> Path:
    """Train the floor project in ``folder`` and return its model."""
    subprocess.run([str(BIN / "rasa"), "train", "--fixed-model-name", "floor", "--out", "models", "--quiet"],
                   cwd=folder, check=True, env=base_env(), stdout=subprocess.DEVNULL)
    return folder / "models" / "floor.tar.gz"


@contextlib.contextmanager
def floor_deployment(folder: Path, model: Path) -> Iterator[load.Deployment]:
    """Start the floor's action server and Rasa server (SQLite, REST); stop them on exit."""
    servers: Dict[str, Server] = {}
    try:
        port = free_port()
        servers["floor actions"] = launch(
            [str(BIN / "python"), "-m", "rasa_sdk", "--actions", "floor_actions", "--port", str(port)],
            port, folder / "actions.log", {"PYTHONPATH": str(folder)}, "/health")
        extra = sqlite_tracker_store(folder / "trackers.db")
        endpoints = write_endpoints(folder, servers["floor actions"].url, extra=extra)
        credentials = folder / "credentials.yml"
        credentials.write_text("rest:\n")
        servers["floor rasa"] = start_rasa_server(folder, endpoints, credentials=credentials, model=model,
                                                  env={"LOG_LEVEL": "WARNING"})
        yield load.Deployment("Rasa floor", servers["floor rasa"].url, servers)
    finally:
        for server in reversed(list(servers.values())):
            server.stop()


@contextlib.contextmanager
def floor_messages() -> Iterator[None]:
    """For the floor's run: the same messages, each expecting the floor's one reply."""
    original = list(capacity.CONVERSATION)
    capacity.CONVERSATION[:] = [(text, (FLOOR_REPLY,)) for text, _ in original]
    try:
        yield
    finally:
        capacity.CONVERSATION[:] = original


# The report.


@dataclass
class Profile:
    """What one profiled run measured."""

    step: capacity.Step
    samples: Dict[str, int]
    stacks: Counter

    def rasa_ms(self) -> float:
        """Return the Rasa server's CPU ms per message (/proc)."""
        return self.step.cpu_ms_per_message().get("rasa", 0.0)


def profile_ours(workdir: Path, people: int, seconds: float, keep_raw: Optional[Path] = None) -> Profile:
    """Capacity's single set-up under load, with py-spy on the Rasa server."""
    with load.setup_single(workdir, quiet=True) as deployment:
        asyncio.run(load.warm_up(deployment.url))
        raw = workdir / "rasa-profile.txt"
        with recording(deployment.servers["rasa"].process.pid, raw):
            step = steady_load(deployment, people, seconds, strict=True)
        print(capacity.describe("Ask Amy, 1 Rasa server, SQLite", step), flush=True)
    if keep_raw is not None:
        shutil.copyfile(raw, keep_raw)
    stacks = parse_raw(raw.read_text())
    return Profile(step, attribute(stacks, remote_action_lines()), stacks)


def profile_floor(workdir: Path, people: int, seconds: float) -> capacity.Step:
    """Rasa's floor project, trained in ``workdir``, under the same load."""
    folder = write_floor_project(workdir / "floor")
    started = time.monotonic()
    model = train_floor(folder)
    print(f"Rasa floor: trained in {time.monotonic() - started:.0f} s", flush=True)
    with floor_messages(), floor_deployment(folder, model) as deployment:
        asyncio.run(load.warm_up(deployment.url))
        step = steady_load(deployment, people, seconds, strict=True)
        print(capacity.describe("Rasa floor", step), flush=True)
    return step


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
           keep_raw: Optional[Path] = None) -> Dict[str, float]:
    """Profile this bot and the floor under the same load; print the tables and the ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="ask-amy-cpu-profile-"))
    try:
        print(f"CPU profile: {people} people pausing {capacity.PAUSE_S[0]:g}-{capacity.PAUSE_S[1]:g} s for "
              f"{seconds:g} s, py-spy at {RATE_HZ} Hz on the Rasa server; then Rasa's floor (about "
              f"{(2 * seconds + 120) / 60:.0f} min)", flush=True)
        ours = profile_ours(workdir, people, seconds, keep_raw)
        time.sleep(capacity.SETTLE_S)
        floor = profile_floor(workdir, people, seconds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    per_stage = cpu_by_stage(ours.samples, ours.rasa_ms())
    encoder = per_stage.get(ENCODER, 0.0)
    mine = ours.step.cpu_ms_per_message()
    without_encoder = sum(mine.values()) - encoder
    floor_ms = sum(floor.cpu_ms_per_message().values())
    ratio = without_encoder / floor_ms if floor_ms else float("nan")
    print(f"\n## CPU per message ({people} people, {seconds:g} s, {ours.step.answers} messages; "
          f"CPUs busy elsewhere: {ours.step.other_cores:.2f} during ours, {floor.other_cores:.2f} "
          "during the floor's)\n")
    print("\n".join(stage_table(ours)))
    floor_parts = ", ".join(f"{k} {v:.2f}" for k, v in floor.cpu_ms_per_message().items())
    no_gateway = without_encoder - mine.get("gateway", 0.0)
    print(f"\n- Ask Amy, all processes: {sum(mine.values()):.2f} CPU ms per message; without the sentence "
          f"encoder: {without_encoder:.2f} (without the gateway too: {no_gateway:.2f})")
    print(f"- Rasa floor ({floor.answers} messages, {floor.lost} lost, {floor.errors} errors): "
          f"{floor_ms:.2f} CPU ms per message ({floor_parts})")
    print(f"- Ask Amy without the encoder / the floor: {ratio:.2f}x (target <= {RATIO_TARGET:g}x)")
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
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--svg", type=Path, default=None, help="write the flame graph here")
    parser.add_argument("--raw", type=Path, default=None, help="keep py-spy's raw file here")
    args = parser.parse_args(argv)
    report(args.people, args.seconds, args.svg, args.raw)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
