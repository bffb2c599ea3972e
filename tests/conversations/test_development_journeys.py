"""The development journeys (tests/conversations/journeys_dev*.yml) played against the live bot.

Unlike the held-out set (tests/journeys/), these were read while the rules were improved, so they
guard against regressions rather than measure how well the bot generalises. Each was written by a
separate writer who saw only the column and the issue's categories.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ask_amy.cli.stack import MODEL
from testkit import journeys


def test_each_development_set_is_well_formed() -> None:
    for path in journeys.DEVELOPMENT:
        sets = journeys.load(path)
        assert len(sets) >= 100 and len({j.id for j in sets}) == len(sets), path.name
        assert all(j.turns[-1].expect for j in sets), path.name


@pytest.mark.live
def test_the_development_journeys_pass_at_their_floor(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    played = journeys.run_sets(tmp_path, journeys.DEVELOPMENT)
    for path, results in zip(journeys.DEVELOPMENT, played, strict=True):
        rate = sum(r.passed for r in results) / len(results)
        assert rate >= journeys.DEVELOPMENT_FLOORS[path], f"{path.name}\n{journeys.report(results)}"
