"""The tracker store named by the endpoints file, reached and read the way Rasa's SQLTrackerStore does."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from ask_amy.conversations.store import (
    StoreError,
    count_conversations,
    database_url,
    open_store,
    read_conversations,
    tracker_store_config,
)
from ask_amy.paths import ROOT
from testkit import conversation_stores as stores
from testkit.conversation_stores import DAY, PG, StoreUnderTest, Turn

tracker_db = stores.tracker_db  # fixtures
scratch_postgresql = stores.scratch_postgresql
NOW = time.time()


def test_the_default_endpoints_name_the_sqlite_file_under_var() -> None:
    url = sa.engine.make_url(database_url(tracker_store_config(ROOT / "endpoints.yml")))
    assert (url.get_backend_name(), url.database) == ("sqlite", "var/trackers.db")


def test_the_scale_out_profile_expands_its_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "DB_HOST": "db.internal:6543",
        "DB_PORT": "5432",
        "DB_NAME": "askamy",
        "DB_USER": "amy",
        "DB_PASSWORD": "s3cret",
    }.items():
        monkeypatch.setenv(name, value)
    url = sa.engine.make_url(database_url(tracker_store_config(ROOT / "endpoints.scale.yml")))
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql",
        "db.internal",
        6543,
        "askamy",
        "amy",
        "s3cret",
    )  # a port in the url wins, as in Rasa


def test_a_full_url_is_used_as_it_is() -> None:
    config = {"type": "SQL", "dialect": "postgresql", "url": "postgresql://u@h:1/d"}
    assert database_url(config) == "postgresql://u@h:1/d"


def test_the_description_hides_the_password(tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n  port: 1\n"
        "  db: x\n  username: u\n  password: hunter2\n"
    )
    with pytest.raises(StoreError) as error:
        open_store(endpoints)
    assert "127.0.0.1:1" in str(error.value) and "hunter2" not in str(error.value)


def test_reading_a_period_one_conversation_at_a_time(tracker_db: StoreUnderTest) -> None:
    tracker_db.add("b-recent", [Turn("hi", intent="greet")], NOW - DAY)
    tracker_db.add("a-old", [Turn("hello", intent="greet")], NOW - 9 * DAY)
    tracker_db.add("c-both", [Turn("first")], NOW - 9 * DAY)
    tracker_db.add("c-both", [Turn("second")], NOW - DAY)
    store = open_store(tracker_db.endpoints)
    try:
        seen = []
        period = list(read_conversations(store, NOW - 2 * DAY, NOW, progress=seen.append))
        assert [c.sender_id for c in period] == ["b-recent", "c-both"] and seen == [1, 2]
        texts = [e.data["text"] for e in period[1].events if e.type_name == "user"]
        assert texts == ["second"]  # only the period's events
        assert count_conversations(store, NOW - 2 * DAY, NOW) == 2 and count_conversations(store) == 3
    finally:
        store.close()


@pytest.mark.services
def test_the_scale_out_profile_reads_postgresql(
    scratch_postgresql: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = stores.postgresql_store(tmp_path, scratch_postgresql)
    db.add("someone", [Turn("should I call or email them?")], NOW - DAY)
    for name, value in {
        "DB_HOST": PG["host"],
        "DB_PORT": str(PG["port"]),
        "DB_NAME": scratch_postgresql,
        "DB_USER": PG["user"],
        "DB_PASSWORD": "",
    }.items():
        monkeypatch.setenv(name, value)
    store = open_store(ROOT / "endpoints.scale.yml")
    try:
        assert [c.sender_id for c in read_conversations(store)] == ["someone"]
        assert store.description == f"PostgreSQL database '{scratch_postgresql}' on {PG['host']}:{PG['port']}"
    finally:
        store.close()
        db.engine.dispose()
