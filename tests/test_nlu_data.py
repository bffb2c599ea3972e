"""The NLU data as files: no example under two intents, no repeated example, and no held-out
example in the training data.

Read straight from the YAML, because Rasa's loader silently merges duplicates across files.
Examples are compared after removing entity annotations, case, spacing and end punctuation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest
import yaml

from tests.live_servers import ROOT

TRAINING = sorted((ROOT / "data" / "nlu").glob("*.yml"))
HELD_OUT = sorted((ROOT / "tests" / "nlu").glob("*.yml"))
ANNOTATION = re.compile(r"\[([^\]]*)\]\{[^}]*\}|\[([^\]]*)\]\([^)]*\)")


def normalise(example: str) -> str:
    """Plain text of an example, for comparison."""
    text = ANNOTATION.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), example)
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return text.rstrip(".!?… ").strip()


def examples(path: Path) -> Iterator[Tuple[str, str]]:
    """``(intent, normalised example)`` for every example in a Rasa NLU file."""
    for block in yaml.safe_load(path.read_text()).get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield block["intent"], normalise(line[2:])


def where(paths: List[Path]) -> Dict[str, Set[Tuple[str, str]]]:
    """Normalised example -> {(intent, file name)}."""
    found: Dict[str, Set[Tuple[str, str]]] = defaultdict(set)
    for path in paths:
        for intent, text in examples(path):
            found[text].add((intent, path.name))
    return found


def test_the_normalisation_ignores_annotations_case_and_end_punctuation() -> None:
    assert normalise("It's been [three weeks](wait_days)  now?") == "it's been three weeks now"
    assert normalise('Make it [Priya]{"entity": "recipient_name"}!') == "make it priya"


def test_the_files_hold_examples() -> None:
    assert TRAINING and HELD_OUT
    assert all(list(examples(path)) for path in TRAINING + HELD_OUT)


def test_no_training_example_is_under_two_intents() -> None:
    conflicts = {text: sorted(seen) for text, seen in where(TRAINING).items() if len({i for i, _ in seen}) > 1}
    assert not conflicts, conflicts


def test_no_training_example_is_repeated() -> None:
    counts: Dict[str, List[str]] = defaultdict(list)
    for path in TRAINING:
        for intent, text in examples(path):
            counts[text].append(f"{path.name}:{intent}")
    repeated = {text: places for text, places in counts.items() if len(places) > 1}
    assert not repeated, repeated


@pytest.mark.parametrize("held_out", HELD_OUT, ids=lambda p: p.name)
def test_no_held_out_example_is_in_the_training_data(held_out: Path) -> None:
    training = where(TRAINING)
    leaked = sorted(text for _, text in examples(held_out) if text in training)
    assert not leaked, leaked
