"""`make review` on real SQLite and PostgreSQL tracker stores: the summary, the groups, the YAML."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from ask_amy.cli.stack import base_env
from ask_amy.conversations import review
from ask_amy.conversations.store import open_store
from ask_amy.paths import ROOT
from testkit import conversation_stores as stores
from testkit.conversation_stores import DAY, StoreUnderTest, Turn

tracker_db = stores.tracker_db  # fixtures
scratch_postgresql = stores.scratch_postgresql

NOW = time.time()
FALLBACK = dict(
    intent="nlu_fallback",
    confidence=0.4,
    action="action_handle_unclear",
    ranking=[("nlu_fallback", 0.4), ("ask_feedback", 0.3)],
    reply="Could you put it another way?",
)
ASKED_BACK = dict(
    intent="ask_call_or_email",
    confidence=0.35,
    action="action_handle_unclear",
    slots={"offered_topics": ["ask_call_or_email", "something_else"]},
)
DRAFT = [
    Turn(
        "write the follow-up email for me",
        intent="request_email_draft",
        action="email_draft_form",
        loop="email_draft_form",
        slots={"requested_slot": "recipient_name"},
    ),
    Turn(
        "Dana Whitfield",
        intent="inform",
        confidence=0.2,
        action="email_draft_form",
        slots={"recipient_name": "Dana Whitfield"},
    ),
    Turn("skip", intent="deny", confidence=0.9, action="email_draft_form", loop=None,
         reply="Hi Dana Whitfield, ...", slots={"draft_count": 1.0}),
    Turn("thanks", intent="thank_you", action="utter_you_are_welcome"),
    Turn("can dana reply to dana.w@example.com", **FALLBACK),
]


def row(table: str, label: str) -> str:
    """The value of one row of the printed summary."""
    found = re.search(rf"^{label}  +(.+)$", table, re.M)
    assert found, table
    return found.group(1)


def filled(db: StoreUnderTest) -> StoreUnderTest:
    """Five conversations yesterday and one a week ago."""
    db.add(
        "c1",
        [Turn("should I call or email them?"), Turn("do recruiters read cover letters twice", **FALLBACK)],
        NOW - DAY,
    )
    db.add(
        "c2",
        [
            Turn("do recruiters read cover letters twice?", **FALLBACK),
            Turn("they said they'd ring or write, which one", **ASKED_BACK),
        ],
        NOW - DAY + 600,
    )
    db.add(
        "c3",
        [
            Turn("Do recruiters read my cover letters twice", **FALLBACK),
            Turn("should I send a thank you note", intent="ask_thank_you_note", confidence=0.95),
        ],
        NOW - DAY + 1200,
    )
    db.add("c4", DRAFT, NOW - DAY + 1800)
    db.add(
        "c5",
        [Turn("my number is 020 7946 0958, call me", intent="out_of_scope", action="utter_out_of_scope")],
        NOW - DAY + 2400,
    )
    db.add("old", [Turn("an old question nobody should see", **FALLBACK)], NOW - 7 * DAY)
    return db


def test_the_review_of_a_period(tracker_db: StoreUnderTest) -> None:
    store = open_store(filled(tracker_db).endpoints)
    try:
        result = review.build(store, NOW - 2 * DAY, NOW)
    finally:
        store.close()
    assert result.conversations == 5 and result.messages == 12 and result.drafts == 1
    assert result.topics == {"ask_call_or_email": 2, "ask_thank_you_note": 1, "request_email_draft": 1}
    assert result.outcomes == {"on_topic": 3, "unclear": 4, "clarified": 1, "out_of_scope": 1, "other": 3}
    assert result.median_length == 2
    first = result.groups[0]
    assert (first.count, first.guess, first.example.text) == (
        3,
        "ask_feedback",
        "do recruiters read cover letters twice",
    )
    assert first.confidence == pytest.approx(0.4)
    texts = [g.example.text for g in result.groups]
    assert "can <name> reply to <email>" in texts
    assert "my number is <phone>, call me" in texts
    assert not any("nobody" in t or "Dana" in t for t in texts)


def test_the_files_mask_personal_data_and_the_yaml_is_rasa_nlu_data(
    tracker_db: StoreUnderTest, tmp_path: Path
) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    db = filled(tracker_db)
    out = tmp_path / "reviews"
    since = datetime.fromtimestamp(NOW - 2 * DAY).strftime("%Y-%m-%dT%H:%M")
    result = subprocess.run(
        ["make", "-s", "review", f"ENDPOINTS={db.endpoints}", f"ARGS=--since {since} --html --out {out}"],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert row(result.stdout, "Conversations") == "5"
    assert row(result.stdout, "Share answered on topic") == "25.0%"
    assert row(result.stdout, "Drafts written") == "1"
    day = datetime.fromtimestamp(time.time()).strftime("%Y-%m-%d")
    files = {p.suffix: p.read_text() for p in out.glob(f"review-{day}.*")}
    assert set(files) == {".md", ".yml", ".html"}
    for text in files.values():
        assert "dana.w@example.com" not in text and "7946 0958" not in text and "Dana" not in text
        assert "Whitfield" not in text
        assert "&lt;email&gt;" in text or "<email>" in text

    training = RasaYAMLReader().reads(files[".yml"])
    examples = {(m.get("intent"), m.get("text")) for m in training.intent_examples}
    assert ("ask_feedback", "do recruiters read cover letters twice") in examples
    assert ("ask_feedback", "can <name> reply to <email>") in examples
    assert ("out_of_scope", "my number is <phone>, call me") in examples
    assert len(training.intent_examples) == files[".yml"].count("\n    - ") == len(result_groups(db))


def result_groups(db: StoreUnderTest) -> list:
    store = open_store(db.endpoints)
    try:
        return review.build(store, NOW - 2 * DAY, NOW).groups
    finally:
        store.close()


def test_an_empty_period_gives_an_empty_review(tracker_db: StoreUnderTest, tmp_path: Path) -> None:
    db = filled(tracker_db)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ask_amy.conversations.review",
            "--endpoints",
            str(db.endpoints),
            "--since",
            "2001-01-01",
            "--until",
            "2001-01-02",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert row(result.stdout, "Conversations") == "0"
    assert yaml.safe_load((tmp_path / "review-2001-01-02.yml").read_text())["nlu"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "last tuesday"], "is not a date"),
        (["--since", "2024-05-02", "--until", "2024-05-01"], "must be before --until"),
    ],
)
def test_bad_arguments_get_a_clear_message(args: list, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ask_amy.conversations.review", *args],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_progress_is_shown_on_a_large_store(tmp_path: Path) -> None:
    from bench.review_store import generate

    db = tmp_path / "trackers.db"
    generate(f"sqlite:///{db}", conversations=1200, now=NOW)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{db}"\n')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ask_amy.conversations.review",
            "--endpoints",
            str(endpoints),
            "--since",
            "30d",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "read 120 of 1,200 conversations" in result.stderr
    assert "read 1,200 of 1,200 conversations" in result.stderr
    assert row(result.stdout, "Conversations") == "1,200"
