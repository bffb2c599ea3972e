"""The NLU data as files: no example under two intents, no repeated example, and no held-out
example in the training data, not even a near-duplicate (reordered words, one clause more), a
shared run of eight words, or the same scenario reworded (testkit/leaks.py).

Read straight from the YAML, because Rasa's loader silently merges duplicates across files.
Examples are compared after removing entity annotations, case, spacing and end punctuation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import numpy as np
import pytest
import yaml

from ask_amy.nlu.topic_choice import TOPIC_INTENTS
from ask_amy.paths import ROOT
from testkit.leaks import HELD_OUT_VECTORS, TRAINING_VECTORS, close_pairs, sentence_vectors, shared_runs

TRAINING = sorted((ROOT / "data" / "nlu").glob("*.yml"))
HELD_OUT = sorted((ROOT / "tests" / "nlu_fresh").glob("holdout*.yml"))
OTHER_HELD_OUT = {"real_style": ROOT / "tests" / "real_style" / "messages.yml",
                  "facts": ROOT / "tests" / "nlu_fresh" / "facts.yml"}
HELD_OUT_SETS = ["holdout", *OTHER_HELD_OUT]
NEAR = 0.75  # token-set Jaccard at or above this is a near-duplicate ...
MIN_WORDS = 5  # ... for messages of this many words or more
SHORT_REPLY = 3  # "yes", "hi there", "thanks so much": too short to be a leak when they repeat
CONTAINED = 6  # a training example of this many words or more inside a held-out one, or the reverse,
EXTRA = 2.0  # ... with at most this many times its words (one clause more, not a whole letter around it)
ANNOTATION = re.compile(r"\[([^\]]*)\]\{[^}]*\}|\[([^\]]*)\]\([^)]*\)")


def plain(example: str) -> str:
    """The text Rasa reads from an example: no entity annotations, single spaces."""
    text = ANNOTATION.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), example)
    return " ".join(text.split())


def normalise(example: str) -> str:
    """Plain text of an example, for comparison."""
    return plain(example).lower().rstrip(".!?… ").strip()


def plain_examples(path: Path) -> Iterator[Tuple[str, str]]:
    """``(intent, plain example)`` for every example in a Rasa NLU file."""
    for block in yaml.safe_load(path.read_text()).get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield block["intent"], plain(line[2:])


def examples(path: Path) -> Iterator[Tuple[str, str]]:
    """``(intent, normalised example)`` for every example in a Rasa NLU file."""
    return ((intent, normalise(text)) for intent, text in plain_examples(path))


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
    """Plain texts of a held-out set: ``holdout`` (the Rasa files) or one of ``OTHER_HELD_OUT``."""
    if name == "holdout":
        return [text for path in HELD_OUT for _, text in plain_examples(path)]
    return [plain(str(m["text"])) for m in yaml.safe_load(OTHER_HELD_OUT[name].read_text())["messages"]]


def training_texts() -> List[str]:
    """Plain texts of every training example, once each."""
    return sorted({text for path in TRAINING for _, text in plain_examples(path)})


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


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_no_held_out_example_nearly_repeats_a_training_example(name: str) -> None:
    found = near_duplicates([normalise(text) for text in held_out_texts(name)], list(where(TRAINING)))
    assert not found, found


def test_the_word_run_check_finds_a_clause_copied_into_another_message() -> None:
    training = ["I'm a welder and I interviewed at a shipyard on the 3rd. When can I call them?"]
    assert shared_runs(["Quick one: im a welder, and I interviewed at a shipyard. Email or call?"], training)
    assert not shared_runs(["I'm a welder; my interview at the shipyard was on the 3rd. Call?"], training)


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_no_held_out_message_shares_eight_words_in_a_row_with_a_training_example(name: str) -> None:
    found = shared_runs(held_out_texts(name), training_texts())
    assert not found, found


@pytest.fixture(scope="module")
def training_vectors() -> np.ndarray:
    """Sentence vectors of ``training_texts()``, in order (mostly from the featurizer's cache)."""
    return sentence_vectors(training_texts(), TRAINING_VECTORS)


def test_the_cosine_check_finds_a_scenario_told_again_in_other_words(tmp_path: Path) -> None:
    told = ("My uncle drives a tow truck and interviewed with a roadside assistance company nine days ago. "
            "The dispatcher promised a call by Friday and nothing came. Should he phone the dispatcher now?")
    retold = ("Nine days ago my uncle, a tow truck driver, had an interview at a roadside assistance firm. "
              "The dispatcher said they would ring him by Friday, but no call. Does he call him now?")
    same_question = ("I interviewed for a bookkeeping job at a dental practice nine days ago and the office "
                     "manager said she'd call by Friday. Nothing yet. Should I phone her now or wait?")
    short = ["what's the tallest mountain in peru", "what is the tallest mountain in peru",
             "how tall are the mountains in chile"]
    v = sentence_vectors([told, retold, same_question, *short], tmp_path)
    assert close_pairs([retold], [told], v[1:2], v[:1])
    assert not close_pairs([same_question], [told], v[2:3], v[:1])
    assert close_pairs(short[1:2], short[:1], v[4:5], v[3:4])
    assert not close_pairs(short[2:], short[:1], v[5:], v[3:4])


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_no_held_out_message_retells_a_training_example(name: str, training_vectors: np.ndarray) -> None:
    held = held_out_texts(name)
    found = close_pairs(held, training_texts(), sentence_vectors(held, HELD_OUT_VECTORS), training_vectors)
    assert not found, found


def test_every_topic_intent_is_trained_on_long_messages() -> None:
    """At least 40% of each topic intent's examples are over 150 characters, as people write."""
    raw: Dict[str, List[int]] = defaultdict(list)
    for path in TRAINING:
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                if block.get("intent") in TOPIC_INTENTS and line.strip().startswith("- "):
                    raw[block["intent"]].append(len(line.strip()[2:]))
    shares = {intent: sum(n > 150 for n in raw[intent]) / len(raw[intent]) for intent in TOPIC_INTENTS}
    assert all(share >= 0.40 for share in shares.values()), shares
