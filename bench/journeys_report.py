"""The held-out journeys by category (tests/journeys/), for the bench report beside the accuracy figures.

``python -m bench.journeys_report`` (or ``make bench``; ``--only journeys`` runs it alone) starts
the action server and a Rasa server with the project's model and a SQLite tracker store, plays
every journey as a new conversation over REST and prints the pass rate by category; then the
fact extractor's precision and recall on the held-out moving-on annotations.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ask_amy.cli.stack import MODEL
from testkit import journeys, nlu_sets


def main(model: Path = MODEL) -> int:
    """Print the journeys table for ``model``; return 0."""
    with tempfile.TemporaryDirectory(prefix="ask-amy-journeys-") as workdir:
        results = journeys.run_all(Path(workdir), model)
    print("\n## Held-out journeys: conversations with news in them (tests/journeys/)\n")
    print(journeys.report(results))
    print(f"\ntarget {journeys.TARGET:.0%}; `make test` holds the floor at {journeys.FLOOR:.0%}")
    print_moving_on_facts()
    return 0


def print_moving_on_facts() -> None:
    """Print the extractor's precision and recall on the held-out moving-on annotations."""
    import spacy

    counts = nlu_sets.moving_on_scores(spacy.load(nlu_sets.ROOT / "build" / "spacy-en-amy"))
    print("\n## What happened, read from held-out messages (tests/nlu_fresh/moving_on_facts.yml)\n")
    print("| fact | precision | recall | messages with it |\n|---|---|---|---|")
    for label, tally in counts.items():
        if not tally["tp"] + tally["fn"]:  # not annotated in this set
            continue
        precision, recall = nlu_sets.precision_recall(tally)
        print(f"| {label} | {precision:.2f} | {recall:.2f} | {tally['tp'] + tally['fn']} |")


if __name__ == "__main__":
    raise SystemExit(main())
