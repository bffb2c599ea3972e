"""The held-out journeys by category (tests/journeys/), for the bench report beside the accuracy figures.

``python -m bench.journeys_report`` (or ``make bench``; ``--only journeys`` runs it alone) starts
the action server and a Rasa server with the project's model and a SQLite tracker store, plays
every journey as a new conversation over REST and prints the pass rate by category.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ask_amy.cli.stack import MODEL
from testkit import journeys


def main(model: Path = MODEL) -> int:
    """Print the journeys table for ``model``; return 0."""
    with tempfile.TemporaryDirectory(prefix="ask-amy-journeys-") as workdir:
        results = journeys.run_all(Path(workdir), model)
    print("\n## Held-out journeys: conversations with news in them (tests/journeys/)\n")
    print(journeys.report(results))
    print(f"\ntarget {journeys.TARGET:.0%}; `make test` holds the floor at {journeys.FLOOR:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
