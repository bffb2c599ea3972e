"""Which messages may skip the sentence encoder: paired 3-fold cross-validation on the training data.

One model per fold (fixed folds, seed 0). Each held-out example of a fold is parsed once with
the pipeline as configured, and the sparse classifier's two likeliest intents are recorded. A
variant that skips the encoder for a message answers with the sparse classifier alone, so every
variant is scored on the same folds and the same parses: the comparison is paired. The
parses themselves encode every unsure short message, whatever config.yml's ``small_talk_intents``.

Run: ``PYTHONPATH=. .venv/bin/python -m bench.cascade_cv`` (training data only; about 10 minutes).
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Set

from ask_amy.cli.stack import BIN
from ask_amy.paths import ROOT

OUT = ROOT / "build" / "cascade-cv"
FALLBACK = 0.45  # config.yml's FallbackClassifier threshold
VARIANTS: Dict[str, Set[str]] = {
    "encode every unsure message": set(),
    "skip greet/goodbye/thank_you": {"greet", "goodbye", "thank_you"},
    "skip all short-answer intents": {
        "greet", "goodbye", "thank_you", "affirm", "deny", "bot_challenge", "ask_capabilities",
        "cancel", "inform", "change_draft_field",
    },
}


def parse_fold(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    """Parse ``texts`` with ``model``; record, per text, whether it was encoded and the sparse top two."""
    from rasa.core.agent import load_agent
    from rasa.shared.nlu.constants import TEXT

    from ask_amy.nlu.encoder import sentence_featurizer

    seen: Dict[str, Dict[str, Any]] = {}
    needs_vector = sentence_featurizer.SentenceVectorFeaturizer.needs_vector

    def recording(self: Any, message: Any) -> bool:
        self._config["small_talk_intents"] = []  # the baseline: encode every unsure short message
        encoded = needs_vector(self, message)
        ranking = [(i["name"], i["confidence"]) for i in (message.get("intent_ranking") or [])[:2]]
        seen[message.get(TEXT)] = {"encoded": encoded, "sparse": ranking}
        return encoded

    sentence_featurizer.SentenceVectorFeaturizer.needs_vector = recording

    async def run() -> List[Dict[str, Any]]:
        agent = await load_agent(str(model))
        return [await agent.parse_message(text) for text in texts]

    try:
        parses = asyncio.run(run())
    finally:
        sentence_featurizer.SentenceVectorFeaturizer.needs_vector = needs_vector
    empty = {"encoded": False, "sparse": []}
    return [{"pred": p["intent"]["name"], **seen.get(t, empty)} for t, p in zip(texts, parses, strict=True)]


def skips(row: Dict[str, Any], small_talk: Set[str]) -> bool:
    """Say whether an encoded short message hesitated between two ``small_talk`` intents."""
    names = {name for name, _ in row["sparse"]}
    return row["encoded"] and len(row["text"]) <= 80 and len(row["sparse"]) == 2 and names <= small_talk


def variant_answer(row: Dict[str, Any], small_talk: Set[str]) -> str:
    """Return the intent the bot would give ``row`` if such messages skipped the encoder."""
    if skips(row, small_talk):
        top, confidence = row["sparse"][0]
        return top if confidence >= FALLBACK else "nlu_fallback"
    return row["pred"]


def main() -> None:
    """Train the folds, parse their held-out parts, print each variant's accuracy and encoder calls."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    OUT.mkdir(parents=True, exist_ok=True)
    examples = load_data(str(ROOT / "data" / "nlu")).intent_examples
    labels = [m.get("intent") for m in examples]
    rows: List[Dict[str, Any]] = []
    folds = StratifiedKFold(3, shuffle=True, random_state=0).split(examples, labels)
    for k, (train, test) in enumerate(folds):
        data = OUT / f"fold{k}.yml"
        data.write_text(RasaYAMLWriter().dumps(TrainingData([examples[i] for i in train])))
        subprocess.run(
            [str(BIN / "rasa"), "train", "nlu", "--nlu", str(data), "--config", str(ROOT / "config.yml"),
             "--out", str(OUT), "--fixed-model-name", f"fold{k}", "--quiet"],
            cwd=ROOT, check=True, capture_output=True,
        )
        texts = [examples[i].get("text") for i in test]
        for i, parsed in zip(test, parse_fold(OUT / f"fold{k}.tar.gz", texts), strict=True):
            rows.append({"text": examples[i].get("text"), "gold": labels[i], **parsed})
    for name, small_talk in VARIANTS.items():
        answers = [variant_answer(r, small_talk) for r in rows]
        right = sum(a == r["gold"] for a, r in zip(answers, rows, strict=True))
        encoded = sum(r["encoded"] and not skips(r, small_talk) for r in rows)
        changed = sum(a != r["pred"] for a, r in zip(answers, rows, strict=True))
        print(f"{name:32} accuracy {right / len(rows):.4f}  encoder calls {encoded}/{len(rows)}  "
              f"answers changed {changed}")


if __name__ == "__main__":
    main()
