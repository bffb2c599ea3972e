"""POST /webhooks/privacy/forget on the real Rasa server, with a SQLite and a PostgreSQL tracker store."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pytest
import sqlalchemy as sa

from ask_amy.channels.privacy import sender_to_forget
from ask_amy.channels.rest import BadRequest
from ask_amy.cli.stack import MODEL, Server, start_action_server, start_rasa_server, write_endpoints
from testkit import conversation_stores as stores
from testkit.live_servers import sqlite_tracker_store
from testkit.postgresql import throwaway_database
from testkit.rest_chat import RestChat

scratch_postgresql = stores.scratch_postgresql


def post(url: str, body: bytes, content_type: str = "application/json") -> Tuple[int, Dict[str, Any]]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def new_id() -> str:
    return f"amy-{uuid.uuid4().hex}"


@pytest.mark.parametrize("payload", [{"sender": "amy-" + "a" * 32}, {"sender": "x" * 128}])
def test_a_widget_id_is_accepted(payload: Dict[str, Any]) -> None:
    assert sender_to_forget(payload) == payload["sender"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"sender": None},
        {"sender": 12},
        {"sender": "short-id"},
        {"sender": "U0123456789"},
        {"sender": "x" * 129},
        {"sender": "amy-" + "a" * 31 + "/"},
        {"sender": "amy-%" + "a" * 32},
        {"sender": "amy-" + "a" * 32, "also": "other"},
    ],
)
def test_anything_else_is_refused(payload: Dict[str, Any]) -> None:
    with pytest.raises(BadRequest):
        sender_to_forget(payload)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Tuple[Server, Any]]:
    """An action server and a Rasa server on a tracker store of the given kind; and that store's engine."""
    if not MODEL.exists():
        pytest.fail("no trained model at models/ask-amy.tar.gz: run `make train`")
    workdir: Path = tmp_path_factory.mktemp(f"privacy-{request.param}")
    cleanup = contextlib.ExitStack()
    if request.param == "sqlite":
        db = workdir / "trackers.db"
        extra, url = sqlite_tracker_store(db), f"sqlite:///{db}"
    else:
        stores.require_postgresql()
        name = cleanup.enter_context(throwaway_database("askamy_priv", **stores.PG))
        pg = stores.PG
        extra = (
            f"tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: {pg['host']}\n  port: {pg['port']}\n"
            f"  db: {name}\n  username: {pg['user']}\n"
        )
        url = f"postgresql://{pg['user']}@{pg['host']}:{pg['port']}/{name}"
    actions = start_action_server(workdir)
    rasa = None
    engine = sa.create_engine(url, future=True)
    try:
        rasa = start_rasa_server(
            workdir, write_endpoints(workdir, actions.url, extra=extra), extra_args=["--debug"]
        )
        yield rasa, engine
    finally:
        engine.dispose()
        if rasa is not None:
            rasa.stop()
        actions.stop()
        cleanup.close()


def rows(engine: Any) -> Dict[str, list]:
    by_sender: Dict[str, list] = {}
    with engine.connect() as connection:
        for row in connection.execute(sa.text("SELECT * FROM events ORDER BY id")):
            by_sender.setdefault(row.sender_id, []).append(tuple(row))
    return by_sender


@pytest.mark.live
def test_the_endpoint_deletes_one_conversation_and_nothing_else(server: Tuple[Server, Any]) -> None:
    rasa, engine = server
    mine, other = RestChat(rasa.url, new_id()), RestChat(rasa.url, new_id())
    assert mine.say("should I call or email them?")
    assert other.say("should I send a thank-you note?")
    before = rows(engine)
    assert mine.sender in before and other.sender in before

    status, answer = post(f"{rasa.url}/webhooks/privacy/forget", json.dumps({"sender": mine.sender}).encode())
    assert (status, answer) == (200, {"deleted": len(before[mine.sender])})
    assert rows(engine) == {k: v for k, v in before.items() if k != mine.sender}

    status, answer = post(f"{rasa.url}/webhooks/privacy/forget", json.dumps({"sender": mine.sender}).encode())
    assert (status, answer) == (200, {"deleted": 0})
    # The same id starts a new conversation, with nothing of the old one.
    assert mine.say("hello")
    texts = [json.loads(r[-1]).get("text") for r in rows(engine)[mine.sender] if r[2] == "user"]
    assert texts == ["hello"]


@pytest.mark.live
@pytest.mark.parametrize(
    "body, content_type, message",
    [
        (b'{"sender": "short"}', "application/json", '"sender" must be'),
        (b'{"sender": ', "application/json", "not valid JSON"),
        (b"[]", "application/json", "JSON object"),
        (b'{"sender": "amy-0123456789abcdef0123456789abcdef"}', "text/plain", "Content-Type"),
    ],
)
def test_bad_requests_get_400_and_delete_nothing(
    server: Tuple[Server, Any], body: bytes, content_type: str, message: str
) -> None:
    rasa, engine = server
    before = rows(engine)
    status, answer = post(f"{rasa.url}/webhooks/privacy/forget", body, content_type)
    assert status == 400 and message in answer["error"]
    assert rows(engine) == before


@pytest.mark.live
def test_the_servers_log_masks_personal_data(server: Tuple[Server, Any]) -> None:
    rasa, _ = server
    chat = RestChat(rasa.url, new_id())
    chat.say("can I email jo.bloggs@example.com or ring 020 7946 0958, see https://jobs.example.com/42")
    assert chat.say("thanks")  # the first message's log lines are written by now
    log = rasa.log.read_text()
    assert chat.sender in log  # --debug: Rasa logs each message
    # the number's digits, not "7946" alone: the log's hex ids may hold any four digits
    for secret in ("jo.bloggs@example.com", "jobs.example.com", "020 7946 0958", "79460958", "7946 0958"):
        assert secret not in log, secret
    assert "<email>" in log and "<phone>" in log and "<url>" in log
