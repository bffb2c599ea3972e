"""Erasure and access of one conversation, on real SQLite and PostgreSQL tracker stores."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ask_amy.cli.stack import base_env
from ask_amy.conversations import erasure
from ask_amy.paths import ROOT
from testkit import conversation_stores as stores
from testkit.conversation_stores import DAY, StoreUnderTest, Turn

tracker_db = stores.tracker_db  # fixtures
scratch_postgresql = stores.scratch_postgresql

NOW = time.time()
TURNS = [
    Turn("should I call or email them?", reply="Email first, then call."),
    Turn(
        "my name is Dana, dana@example.com",
        intent="inform",
        action="action_ask_company_role",
        reply="Which role and company?",
        slots={"recipient_name": "Dana"},
    ),
]


def filled(db: StoreUnderTest) -> StoreUnderTest:
    db.add("alice-0123456789abcdef0123456789abcdef", TURNS, NOW - DAY)
    db.add("bob-0123456789abcdef0123456789abcdef", TURNS[:1], NOW - 2 * DAY)
    db.add("alice-0123456789abcdef0123456789abcdef-2", TURNS[:1], NOW - 3 * DAY)  # a prefix of alice's id
    return db


def run(verb: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ask_amy.conversations.erasure", verb, *args],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_forget_deletes_every_event_of_one_conversation_and_nothing_else(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    alice = "alice-0123456789abcdef0123456789abcdef"
    assert erasure.forget(db.engine, alice) == len(before[alice])
    after = db.rows()
    assert alice not in after
    assert after == {k: v for k, v in before.items() if k != alice}


def test_forget_of_an_unknown_id_removes_nothing(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    assert erasure.forget(db.engine, "nobody-here") == 0
    assert erasure.forget(db.engine, "alice-%") == 0  # no pattern matching
    assert db.rows() == before


def test_make_forget_says_how_many_and_an_unknown_id_exits_1(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    bob = "bob-0123456789abcdef0123456789abcdef"
    result = run("forget", bob, "--endpoints", str(db.endpoints))
    assert result.returncode == 0, result.stderr
    assert f"{len(before[bob])} events removed" in result.stdout
    assert db.rows() == {k: v for k, v in before.items() if k != bob}

    again = run("forget", bob, "--endpoints", str(db.endpoints))
    assert again.returncode == 1
    assert f"No conversation with id '{bob}'" in again.stderr and "Traceback" not in again.stderr


def test_export_writes_the_conversation_as_readable_json(tracker_db: StoreUnderTest, tmp_path: Path) -> None:
    db = filled(tracker_db)
    before = db.rows()
    alice = "alice-0123456789abcdef0123456789abcdef"
    out = tmp_path / "alice.json"
    result = run("export", alice, "--endpoints", str(db.endpoints), "--out", str(out))
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text())
    assert exported["conversation"] == alice
    assert exported["stored_events"] == len(before[alice])
    said = [(m["from"], m["text"]) for m in exported["messages"]]
    assert said == [
        ("you", "should I call or email them?"),
        ("bot", "Email first, then call."),
        ("you", "my name is Dana, dana@example.com"),
        ("bot", "Which role and company?"),
    ]
    year = time.strftime("%Y-", time.gmtime(NOW - DAY))
    assert all(m["time"].startswith(year) for m in exported["messages"])
    assert {"detail": "recipient_name", "value": "Dana"}.items() <= exported["details_remembered"][0].items()
    assert db.rows() == before  # an export changes nothing

    unknown = run("export", "nobody-here", "--endpoints", str(db.endpoints))
    assert unknown.returncode == 1 and "No conversation with id 'nobody-here'" in unknown.stderr


def test_export_to_standard_output(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    result = run("export", "bob-0123456789abcdef0123456789abcdef", "--endpoints", str(db.endpoints))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["messages"][0]["text"] == "should I call or email them?"


def test_forget_in_a_live_rasa_tracker_store(tracker_db: StoreUnderTest) -> None:
    db = filled(tracker_db)
    before = db.rows()
    bob = "bob-0123456789abcdef0123456789abcdef"
    assert erasure.forget_in_tracker_store(db.rasa, bob) == len(before[bob])
    assert db.rows() == {k: v for k, v in before.items() if k != bob}


def test_forget_in_rasa_wrappers_and_the_in_memory_store() -> None:
    import asyncio

    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    from testkit.conversation_stores import conversation_events

    memory = InMemoryTrackerStore(None)
    for sender in ("one", "two"):
        events = conversation_events(sender, [Turn("hi")], NOW, 5)
        asyncio.run(memory.save(DialogueStateTracker.from_events(sender, events)))
    wrapped = FailSafeTrackerStore(memory)
    stored = len(conversation_events("one", [Turn("hi")], NOW, 5))
    assert erasure.forget_in_tracker_store(wrapped, "one") == stored
    assert list(memory.store) == ["two"]
    assert erasure.forget_in_tracker_store(memory, "one") == 0


def test_other_tracker_stores_get_a_clear_error() -> None:
    class DynamoTrackerStore:
        pass

    with pytest.raises(erasure.UnsupportedStore, match="DynamoTrackerStore"):
        erasure.forget_in_tracker_store(DynamoTrackerStore(), "x")


@pytest.mark.parametrize(
    "endpoints, message",
    [
        (None, "not found"),
        ("action_endpoint:\n  url: http://127.0.0.1:1/webhook\n", "configures no tracker store"),
        ("tracker_store:\n  type: redis\n", "'redis' tracker store"),
        ("tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: missing/trackers.db\n", "does not exist"),
        ("tracker_store: [\n", "not valid YAML"),
        (
            "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: ${NOT_SET_ANYWHERE}\n",
            "NOT_SET_ANYWHERE",
        ),
    ],
)
def test_a_store_that_cannot_be_read_gets_a_clear_message(
    tmp_path: Path, endpoints: str, message: str
) -> None:
    path = tmp_path / "endpoints.yml"
    if endpoints is not None:
        path.write_text(endpoints)
    result = run("forget", "someone", "--endpoints", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_forget_without_an_id_says_how() -> None:
    result = subprocess.run(
        ["make", "-s", "forget"], cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "make forget SENDER=<id>" in result.stderr and "Traceback" not in result.stderr
