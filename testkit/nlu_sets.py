"""The held-out NLU sets, how the bot parses them, and how they are scored (shared by tests and bench).

* ``tests/nlu_fresh/holdout.yml``: short chat-box messages, every intent (Rasa NLU YAML);
* ``tests/real_style/messages.yml``: messages written the way job seekers write (long, messy,
  several questions), with the main intent and any second topics (``also``);
* ``tests/real_letters/letters.yml``: long letters to a columnist by another writer, scored as
  served: answered on topic, the right topic in the top two or three, and *helpful* (on topic,
  or the right topic among the buttons offered);
* ``tests/nlu_fresh/facts.yml``: messages with the interview facts they state;
* ``tests/nlu_fresh/moving_on_facts.yml``: messages with the news, the deeds and the interviews
  elsewhere they state (``moving_on_scores`` scores the extractor on them).

All were written apart from the training data and are never trained or tuned on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence

import yaml

from ask_amy.cli.stack import MODEL
from ask_amy.nlu.facts import extract_facts
from ask_amy.paths import ROOT

SHORT = ROOT / "tests" / "nlu_fresh" / "holdout.yml"
REAL_STYLE = ROOT / "tests" / "real_style" / "messages.yml"
LETTERS = ROOT / "tests" / "real_letters" / "letters.yml"
LONG_CHARS = 150  # the long sets' messages are scored from this length
LONG_BANDS = (("150-400", 150, 400), ("400-800", 400, 800), ("800+", 800, 10**9))
FACTS = ROOT / "tests" / "nlu_fresh" / "facts.yml"
MOVING_ON = ROOT / "tests" / "nlu_fresh" / "moving_on_facts.yml"
# the annotation's label -> the extractor's entity
MOVING_ON_LABELS = {"heard_back": "heard_back", "followed_up": "followed_up", "called": "called",
                    "told_offer": "told_offer", "interviewing_elsewhere": "other_interview",
                    "sender_name": "sender_name"}
_VALUED = {"heard_back", "sender_name"}  # compared by value; the others are true or absent
CAUGHT = {"out_of_scope", "nlu_fallback"}
LENGTH_BANDS = (("under 80", 0, 80), ("80-200", 80, 201), ("over 200", 201, 10**9))


def rasa_examples(path: Path) -> List[Dict[str, str]]:
    """``{"text", "intent"}`` for every example of a Rasa NLU YAML file."""
    rows = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
        for line in str(block.get("examples", "")).splitlines():
            if "intent" in block and line.strip().startswith("- "):
                rows.append({"text": line.strip()[2:], "intent": block["intent"]})
    return rows


def short_set() -> List[Dict[str, Any]]:
    """The fresh short held-out split."""
    return rasa_examples(SHORT)


def real_style_set(path: Path = REAL_STYLE) -> List[Dict[str, Any]]:
    """The real-style held-out messages, or another set in its format (``text``, ``intent``, ``also``)."""
    messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    return [
        {"text": " ".join(str(m["text"]).split()), "intent": m["intent"], "also": list(m.get("also") or [])}
        for m in messages
    ]


def facts_set() -> Dict[str, Any]:
    """The held-out fact annotations (``today`` and ``messages``)."""
    return yaml.safe_load(FACTS.read_text(encoding="utf-8"))


def moving_on_scores(nlp: Any, path: Path = MOVING_ON) -> Dict[str, Dict[str, int]]:
    """True and false positives and false negatives per label of a moving-on annotation file.

    ``heard_back`` and ``sender_name`` count as found only with the annotated value; the other labels are
    true or absent.
    """
    entity_to_label = {entity: label for label, entity in MOVING_ON_LABELS.items()}
    counts = {label: {"tp": 0, "fp": 0, "fn": 0} for label in MOVING_ON_LABELS}
    for message in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]:
        expected = message.get("facts") or {}
        got: Dict[str, Any] = {}
        for entity in extract_facts(nlp(message["text"].lower()), dt.date(2024, 6, 13), text=message["text"]):
            if entity["entity"] in entity_to_label:
                label = entity_to_label[entity["entity"]]
                got[label] = entity["value"] if label in _VALUED else True
        for label, tally in counts.items():
            if label in expected and label in got and str(expected[label]).lower() == str(got[label]).lower():
                tally["tp"] += 1
                continue
            tally["fp"] += label in got
            tally["fn"] += label in expected
    return counts


def precision_recall(tally: Dict[str, int]) -> "tuple[float, float]":
    """Precision and recall from ``tp``, ``fp`` and ``fn`` counts (1.0 when nothing was there to get)."""
    tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def parse_all(texts: Sequence[str], model: Path = MODEL) -> List[Dict[str, Any]]:
    """Parse every text with the trained model exactly as the running bot does."""
    import structlog
    from rasa.core.agent import load_agent

    logging.getLogger("rasa").setLevel(logging.WARNING)
    # Rasa 3.6 also logs every parse through structlog at debug level.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    async def run() -> List[Dict[str, Any]]:
        agent = await load_agent(str(model))
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(run())


def letters_set() -> List[Dict[str, Any]]:
    """The held-out long letters (``text``, ``intent``, ``also``)."""
    return real_style_set(LETTERS)


def score(rows: Sequence[Dict[str, Any]], parses: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One row per message: its label, the bot's intent, and whether the bot was right.

    ``on_topic`` also counts a second topic the message asks (``also``); ``helpful`` counts the
    right topic offered as a button too (a clarifying question's choices or "you may also be
    asking about"); ``ranked`` is the served ranking's topics, best first.
    """
    scored = []
    for row, parsed in zip(rows, parses, strict=False):
        predicted = parsed["intent"]["name"]
        entities = parsed.get("entities", [])
        values = {kind: [v for e in entities if e["entity"] == kind for v in str(e["value"]).split(",")]
                  for kind in ("topic_choices", "also_asked")}
        right = predicted == row["intent"] or (row["intent"] == "out_of_scope" and predicted in CAUGHT)
        labels = {row["intent"], *row.get("also", [])}
        buttons = set(values["topic_choices"]) | set(values["also_asked"])
        scored.append(
            {
                **row,
                "predicted": predicted,
                "right": right,
                "offered": values["topic_choices"],
                "also_asked": values["also_asked"],
                "on_topic": predicted in labels,
                "helpful": predicted in labels or bool(buttons & labels),
                "ranked": [r["name"] for r in parsed.get("intent_ranking") or []
                           if r["name"] != "nlu_fallback"],
            }
        )
    return scored


def long_scores(rows: Sequence[Dict[str, Any]]) -> Dict[str, float]:
    """On-topic, top-2, top-3 and helpful shares of the on-topic long messages; the unclear count."""
    on = [r for r in rows if r["intent"] != "out_of_scope" and len(r["text"]) >= LONG_CHARS]
    labels = [{r["intent"], *r.get("also", [])} for r in on]
    share = lambda hits: sum(hits) / len(on) if on else float("nan")  # noqa: E731
    return {
        "n": len(on),
        "on_topic": share(r["on_topic"] for r in on),
        "main_topic": share(r["predicted"] == r["intent"] for r in on),
        "top2": share(bool(set(r["ranked"][:2]) & wanted) for r, wanted in zip(on, labels, strict=True)),
        "top3": share(bool(set(r["ranked"][:3]) & wanted) for r, wanted in zip(on, labels, strict=True)),
        "helpful": share(r["helpful"] for r in on),
        "unclear": sum(r["predicted"] == "nlu_fallback" and not r["offered"] for r in on),
        "buttons": share(len(r["offered"]) + len(r["also_asked"]) for r in on),
    }


def long_table(sets: Dict[str, Sequence[Dict[str, Any]]]) -> str:
    """A Markdown table of ``long_scores`` for each set, overall and by length."""
    lines = ["| set | length | messages | on topic | main topic | top 2 | top 3 | helpful | buttons |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, rows in sets.items():
        for band, low, high in (("all", LONG_CHARS, 10**9),) + LONG_BANDS:
            s = long_scores([r for r in rows if low <= len(r["text"]) < high])
            lines.append(f"| {name} | {band} | {s['n']} | {s['on_topic']:.1%} | {s['main_topic']:.1%} | "
                         f"{s['top2']:.1%} | {s['top3']:.1%} | {s['helpful']:.1%} | {s['buttons']:.2f} |")
    return "\n".join(lines)


def accuracy(rows: Iterable[Dict[str, Any]], on_topic: Optional[bool] = None) -> float:
    """Share of rows the bot got right (only on-topic rows, or only out-of-scope, if asked)."""
    chosen = [r for r in rows if on_topic is None or (r["intent"] != "out_of_scope") == on_topic]
    return sum(r["right"] for r in chosen) / len(chosen) if chosen else float("nan")


def by_length(rows: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """On-topic accuracy per length band (characters)."""
    bands = []
    for name, low, high in LENGTH_BANDS:
        band = [r for r in rows if low <= len(r["text"]) < high and r["intent"] != "out_of_scope"]
        bands.append({"band": name, "n": len(band), "accuracy": accuracy(band)})
    return bands


def summary(name: str, rows: Sequence[Dict[str, Any]]) -> str:
    """A few lines that say how the bot did on one set."""
    on = [r for r in rows if r["intent"] != "out_of_scope"]
    clarified = [r for r in on if r["predicted"] == "nlu_fallback" and r["offered"]]
    unclear = [r for r in on if r["predicted"] == "nlu_fallback" and not r["offered"]]
    lines = [
        f"{name}: {len(rows)} messages, on-topic accuracy {accuracy(rows, True):.3f} on {len(on)}, "
        f"out-of-scope recall {accuracy(rows, False):.3f}",
        f"  on-topic asked back {len(clarified)} "
        f"(right topic offered {sum(r['intent'] in r['offered'] for r in clarified)}),"
        f" 'didn't understand' {len(unclear)}, wrongly redirected as out of scope "
        f"{sum(r['predicted'] == 'out_of_scope' for r in on)}",
    ]
    lines += [f"  {b['band']:>8} chars: {b['accuracy']:.3f} on {b['n']}" for b in by_length(rows)]
    return "\n".join(lines)
