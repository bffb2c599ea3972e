"""Conversations survive a crash of the Rasa server: the default SQLite tracker store."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest
import yaml

from ask_amy.cli import check_services
from ask_amy.cli.stack import start_action_server, start_rasa_server, write_endpoints
from ask_amy.paths import ROOT
from testkit.live_servers import sqlite_tracker_store
from testkit.rest_chat import RestChat

pytestmark = pytest.mark.live


def test_the_default_endpoints_keep_conversations_in_sqlite_under_var() -> None:
    store = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]
    assert store["type"] == "SQL" and store["dialect"] == "sqlite"
    assert Path(store["db"]).parts[0] == "var"
    assert "var/" in (ROOT / ".gitignore").read_text().split()
    serve = (ROOT / "deploy" / "serve.sh").read_text()
    assert serve.index("mkdir -p var") < serve.index("rasa run --model")


def test_the_service_check_creates_the_sqlite_folder(tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(sqlite_tracker_store(tmp_path / "not-yet" / "trackers.db"))
    results = check_services.check(endpoints)
    assert [r.ok for r in results] == [True]
    assert (tmp_path / "not-yet").is_dir()
    # Write-ahead logging: one fsync per commit, and `rasa shell` can read while the server writes.
    connection = sqlite3.connect(tmp_path / "not-yet" / "trackers.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_a_half_filled_form_survives_a_killed_rasa_server(tmp_path: Path) -> None:
    db = tmp_path / "var" / "trackers.db"
    db.parent.mkdir()
    actions = start_action_server(tmp_path)
    rasa = None
    try:
        endpoints = write_endpoints(tmp_path, actions.url, extra=sqlite_tracker_store(db))
        assert all(r.ok for r in check_services.check(endpoints))  # as deploy/serve.sh does
        rasa = start_rasa_server(tmp_path, endpoints)
        chat = RestChat(rasa.url)
        assert "Who should the email go to?" in chat.say("write the follow-up email for me")
        assert "Which role and company" in chat.say("Priya")

        rasa.stop(signal.SIGKILL)  # no chance to save anything on the way out
        assert rasa.process.returncode == -signal.SIGKILL
        rasa = start_rasa_server(tmp_path, endpoints, port=rasa.port)

        assert "moment in the interview" in chat.say("the analyst job at Acme")
        draft = chat.say("skip")
        assert "Hi Priya," in draft
        assert "the analyst job at Acme" in draft
    finally:
        if rasa is not None:
            rasa.stop()
        actions.stop()
    assert db.stat().st_size > 0
