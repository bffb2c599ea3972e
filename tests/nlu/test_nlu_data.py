"""The NLU data as files: no example under two intents, no repeated example, and no held-out
example in the training data, not even a near-duplicate (reordered words, one clause more).

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

from ask_amy.paths import ROOT

TRAINING = sorted((ROOT / "data" / "nlu").glob("*.yml"))
HELD_OUT = sorted((ROOT / "tests" / "nlu_fresh").glob("holdout*.yml"))
OTHER_HELD_OUT = {"real_style": ROOT / "tests" / "real_style" / "messages.yml",
                  "facts": ROOT / "tests" / "nlu_fresh" / "facts.yml"}
NEAR = 0.75  # token-set Jaccard at or above this is a near-duplicate ...
MIN_WORDS = 5  # ... for messages of this many words or more
SHORT_REPLY = 3  # "yes", "hi there", "thanks so much": too short to be a leak when they repeat
CONTAINED = 6  # a training example of this many words or more inside a held-out one, or the reverse,
EXTRA = 2.0  # ... with at most this many times its words (one clause more, not a whole letter around it)
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
    assert TRAINING and HELD_OUT and all(path.exists() for path in OTHER_HELD_OUT.values())
    assert all(list(examples(path)) for path in TRAINING + HELD_OUT)


def test_no_training_example_is_under_two_intents() -> None:
    conflicts = {
        text: sorted(seen) for text, seen in where(TRAINING).items() if len({i for i, _ in seen}) > 1
    }
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
    leaked = sorted(
        text for _, text in examples(held_out) if text in training and len(tokens(text)) > SHORT_REPLY
    )
    assert not leaked, leaked


def held_out_texts(name: str) -> List[str]:
    """Normalised texts of a held-out set that is not in Rasa's format."""
    return [normalise(str(m["text"])) for m in yaml.safe_load(OTHER_HELD_OUT[name].read_text())["messages"]]


def tokens(text: str) -> List[str]:
    return re.findall(r"[a-z0-9']+", text)


def near_duplicates(held: List[str], training: List[str]) -> List[Tuple[str, str]]:
    """Pairs (held-out, training) whose word sets mostly agree, or where one contains the other."""
    train = [(t, set(tokens(t)), " " + " ".join(tokens(t)) + " ") for t in training]
    pairs = []
    for text in held:
        words, spaced = set(tokens(text)), " " + " ".join(tokens(text)) + " "
        if len(tokens(text)) < MIN_WORDS:
            continue
        for other, other_words, other_spaced in train:
            if len(other_words) < MIN_WORDS:
                continue
            union = words | other_words
            jaccard = len(words & other_words) / len(union) if union else 1.0
            shorter, longer = sorted(((spaced, words), (other_spaced, other_words)), key=lambda p: len(p[1]))
            contained = (len(shorter[1]) >= CONTAINED and shorter[0] in longer[0]
                         and len(longer[0].split()) <= EXTRA * len(shorter[0].split()))
            if jaccard >= NEAR or contained:
                pairs.append((text, other))
                break
    return pairs


def test_the_near_duplicate_check_finds_reordered_words_and_an_extra_clause() -> None:
    training = ["should i call or email the recruiter after my interview"]
    assert near_duplicates(["after my interview should i email or call the recruiter"], training)
    assert near_duplicates(
        ["should i call or email the recruiter after my interview, it's been a week"], training
    )
    assert not near_duplicates(["is it too soon to follow up four days after a panel"], training)


@pytest.mark.parametrize("name", ["holdout", *OTHER_HELD_OUT])
def test_no_held_out_example_nearly_repeats_a_training_example(name: str) -> None:
    training = list(where(TRAINING))
    held = ([text for path in HELD_OUT for _, text in examples(path)] if name == "holdout"
            else held_out_texts(name))
    found = near_duplicates(held, training)
    assert not found, found


def test_every_topic_intent_is_trained_on_long_messages() -> None:
    """At least 40% of each topic intent's examples are over 150 characters, as people write."""
    from ask_amy.nlu.topic_choice import TOPIC_INTENTS

    raw: Dict[str, List[int]] = defaultdict(list)
    for path in TRAINING:
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                if block.get("intent") in TOPIC_INTENTS and line.strip().startswith("- "):
                    raw[block["intent"]].append(len(line.strip()[2:]))
    shares = {intent: sum(n > 150 for n in raw[intent]) / len(raw[intent]) for intent in TOPIC_INTENTS}
    assert all(share >= 0.40 for share in shares.values()), shares
