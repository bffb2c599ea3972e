"""py-spy's raw stacks of a Rasa server: reading them, busy or idle, which stage of a turn, a flame graph.

Pure functions of the text ``py-spy record --format raw`` writes (``frame;frame;... count`` per
line). A stack is busy unless it waits (the event loop in ``select``, a thread on a lock or a
queue); a busy stack goes to the first stage of :func:`stages` that claims it (the NLU components,
the sentence encoder on its own line, the custom action round trips, policy prediction, the
tracker store's read and write, the channel). :func:`flame_svg` draws the stacks with no
dependency. Used by bench/cpu_profile.py.
"""

from __future__ import annotations

import ast
import html
import importlib.util
import zlib
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

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
        ("encoder", named(ENCODER, in_file("ask_amy/nlu/encoder/"))),
        ("linear", named("NLU: LinearIntentClassifier (both)", in_file("ask_amy/nlu/intent_classifier.py"))),
        ("facts", named("NLU: InterviewFactsExtractor",
                        in_file("ask_amy/nlu/component.py", "ask_amy/nlu/facts/"))),
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
        ("channel", named("channel (sanic, ask_amy/channels/, json)",
                          in_file("sanic/", "ask_amy/channels/", "json/"))),
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
