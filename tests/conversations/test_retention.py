"""Retention: conversations past CONVERSATION_RETENTION_DAYS go, on real SQLite and PostgreSQL stores."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from ask_amy.cli.stack import base_env
from ask_amy.conversations import retention
from ask_amy.paths import ROOT
from testkit import conversation_stores as stores
from testkit.conversation_stores import DAY, StoreUnderTest, Turn

tracker_db = stores.tracker_db  # fixtures
scratch_postgresql = stores.scratch_postgresql

NOW = time.time()
TURNS = [
    Turn("should I call or email them?"),
    Turn("thanks", intent="thank_you", action="utter_you_are_welcome"),
]


def filled(db: StoreUnderTest) -> StoreUnderTest:
    db.add("old-1", TURNS, NOW - 45 * DAY)
    db.add("old-2", TURNS, NOW - 31 * DAY)
    db.add("recent", TURNS, NOW - 2 * DAY)
    db.add("continued", TURNS, NOW - 60 * DAY)  # started two months ago ...
    db.add("continued", TURNS, NOW - DAY)  # ... and continued yesterday
    return db


def test_old_conversations_go_recent_and_continued_ones_stay_whole(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    assert min(row[3] for row in before["continued"]) < NOW - 59 * DAY  # the old start is stored
    result = retention.prune(db.engine, 30, now=NOW)
    assert (result.conversations, result.events) == (2, len(before["old-1"]) + len(before["old-2"]))
    assert db.rows() == {k: before[k] for k in ("recent", "continued")}


def test_a_dry_run_deletes_nothing(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    result = retention.prune(db.engine, 30, now=NOW, dry_run=True)
    assert (result.conversations, result.events) == (2, len(before["old-1"]) + len(before["old-2"]))
    assert db.rows() == before


def test_make_prune_reads_the_retention_days_from_the_environment(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    result = subprocess.run(
        ["make", "-s", "prune", f"ENDPOINTS={db.endpoints}"],
        cwd=ROOT,
        env=base_env(CONVERSATION_RETENTION_DAYS="40"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 conversations" in result.stdout and "retention 40 days" in result.stdout
    assert db.rows() == {k: v for k, v in before.items() if k != "old-1"}


@pytest.mark.parametrize("value", ["thirty", "0", "-3", "nan", "inf"])
def test_a_bad_retention_setting_is_refused_and_nothing_is_deleted(
    tracker_db: StoreUnderTest, value: str
) -> None:
    db = filled(tracker_db)
    before = db.rows()
    result = subprocess.run(
        [sys.executable, "-m", "ask_amy.conversations.retention", "--endpoints", str(db.endpoints)],
        cwd=ROOT,
        env=base_env(CONVERSATION_RETENTION_DAYS=value),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "CONVERSATION_RETENTION_DAYS must be" in result.stderr and "Traceback" not in result.stderr
    assert db.rows() == before


def test_the_default_is_30_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(retention.RETENTION_VAR, raising=False)
    assert retention.retention_days() == 30
    monkeypatch.setenv(retention.RETENTION_VAR, "7")
    assert retention.retention_days() == 7
    assert retention.retention_days("1.5") == 1.5
