"""The scale-out profile: two Rasa servers share PostgreSQL (tracker store) and Redis (lock store).

The live tests need PostgreSQL and Redis on 127.0.0.1 (marker ``services``): they skip when one is
missing, and fail instead when CI=true. The service check (scripts/check_services.py) is tested
against closed ports without them.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterable, Iterator, List

import pytest

from scripts import check_services
from tests.conftest import RestChat
from tests.live_servers import (
    BIN,
    ROOT,
    Server,
    base_env,
    free_port,
    start_action_server,
    start_gateway,
    start_rasa_server,
)

SCALE_ENDPOINTS = ROOT / "endpoints.scale.yml"
PG = {"host": "127.0.0.1", "port": int(os.environ.get("TEST_PG_PORT", "5432")), "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": int(os.environ.get("TEST_REDIS_PORT", "6379"))}
HOW_TO_START = {
    "PostgreSQL": "start PostgreSQL with `pg_ctlcluster <version> main start` (e.g. 15)",
    "Redis": "start Redis with `redis-server --daemonize yes`",
}


def scale_env(**overrides: str) -> Dict[str, str]:
    """Every variable endpoints.scale.yml uses, for the local services."""
    env = {
        "ACTION_SERVER_URL": "http://127.0.0.1:1/webhook", "DB_HOST": PG["host"], "DB_PORT": str(PG["port"]),
        "DB_NAME": "postgres", "DB_USER": PG["user"], "DB_PASSWORD": "", "REDIS_HOST": REDIS["host"],
        "REDIS_PORT": str(REDIS["port"]), "REDIS_PASSWORD": "", "REDIS_DB": "0",
        "REDIS_KEY_PREFIX": "askamytest",
    }
    env.update(overrides)
    return env


# The service check: a closed port for each service, no services needed.


def run_check(env: Dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "python"), "-m", "scripts.check_services", str(SCALE_ENDPOINTS), "--timeout", "2"],
        cwd=ROOT, env=base_env(**env), capture_output=True, text=True, timeout=60,
    )


def test_the_check_names_an_unreachable_postgresql_and_how_to_fix_it() -> None:
    port = free_port()
    result = run_check(scale_env(DB_PORT=str(port)))
    assert result.returncode == 1
    assert (f"PostgreSQL tracker store at 127.0.0.1:{port} is unreachable (connection refused). "
            "Start PostgreSQL or set DB_HOST/DB_PORT in .env; see docs/deploy.md.") in result.stderr


def test_the_check_names_an_unreachable_redis_and_how_to_fix_it() -> None:
    port = free_port()
    result = run_check(scale_env(REDIS_PORT=str(port)))
    assert result.returncode == 1
    assert (f"Redis lock store at 127.0.0.1:{port} is unreachable (connection refused). "
            "Start Redis or set REDIS_HOST/REDIS_PORT in .env; see docs/deploy.md.") in result.stderr


def test_the_check_lists_unset_variables(tmp_path: Path) -> None:
    env = {k: v for k, v in base_env().items() if k not in scale_env()}
    result = subprocess.run(
        [str(BIN / "python"), "-m", "scripts.check_services", str(SCALE_ENDPOINTS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "DB_HOST" in result.stderr and "REDIS_HOST" in result.stderr and ".env" in result.stderr


def test_serve_sh_stops_before_starting_rasa_when_postgresql_is_unreachable(tmp_path: Path) -> None:
    port = free_port()
    env = base_env(
        RASA_ENDPOINTS="endpoints.scale.yml", DB_PORT=str(port), RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()), ACTION_GATEWAY_PORT=str(free_port()),
    )
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "serve.sh")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert f"PostgreSQL tracker store at 127.0.0.1:{port} is unreachable" in result.stderr
    assert "Rasa on" not in result.stderr


def test_the_check_expands_variables_like_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_HOST", "db.internal")
    expanded = check_services.expand({"url": "${SOME_HOST}", "port": 5432})
    assert expanded == {"url": "db.internal", "port": 5432}
    monkeypatch.delenv("SOME_HOST")
    with pytest.raises(check_services.UnsetVariable):
        check_services.expand({"url": "${SOME_HOST}"})


# Two live Rasa servers on PostgreSQL + Redis.


def require_services() -> None:
    """Skip (or fail with CI=true) when PostgreSQL or Redis is not reachable."""
    missing = []
    try:
        import psycopg2

        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except Exception as error:  # noqa: BLE001
        missing.append(("PostgreSQL", f"{PG['host']}:{PG['port']}", str(error).strip().splitlines()[0]))
    try:
        import redis

        redis.Redis(socket_connect_timeout=3, **REDIS).ping()
    except Exception as error:  # noqa: BLE001
        missing.append(("Redis", f"{REDIS['host']}:{REDIS['port']}", str(error)))
    if missing:
        message = "; ".join(
            f"needs {name} on {where} ({why}): {HOW_TO_START[name]}" for name, where, why in missing
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def database() -> Iterator[Dict[str, str]]:
    """A fresh PostgreSQL database and Redis key prefix for this test run; dropped afterwards."""
    require_services()
    import psycopg2
    import redis

    name = f"askamy_test_{uuid.uuid4().hex[:10]}"
    prefix = f"askamytest{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DB_NAME": name, "REDIS_KEY_PREFIX": prefix}
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        client = redis.Redis(**REDIS)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.fixture(scope="module")
def cluster(
    database: Dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dict[str, Server]]:
    """An action server behind the gateway, and two Rasa servers on endpoints.scale.yml."""
    workdir = tmp_path_factory.mktemp("scale")
    servers: Dict[str, Server] = {"actions": start_action_server(workdir)}
    try:
        servers["gateway"] = start_gateway(workdir, [servers["actions"].url])
        env = scale_env(ACTION_SERVER_URL=f"{servers['gateway'].url}/webhook", **database)
        with ThreadPoolExecutor(2) as pool:
            starting = [
                pool.submit(
                    start_rasa_server, workdir, SCALE_ENDPOINTS, env=env
                )
                for _ in range(2)
            ]
            for index, future in enumerate(starting):
                servers[f"rasa{index}"] = future.result()
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def stored_events(database: Dict[str, str], sender: str) -> List[Dict]:
    """The conversation's events as stored in PostgreSQL, in order."""
    import psycopg2

    connection = psycopg2.connect(dbname=database["DB_NAME"], **PG)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return [json.loads(row[0]) for row in cursor.fetchall()]
    finally:
        connection.close()


@pytest.mark.services
@pytest.mark.live
def test_a_conversation_alternating_between_two_servers(
    cluster: Dict[str, Server], database: Dict[str, str]
) -> None:
    sender = f"alternating-{uuid.uuid4().hex[:8]}"
    chats = [RestChat(cluster["rasa0"].url, sender), RestChat(cluster["rasa1"].url, sender)]
    turns = [
        ("I got another offer and they need an answer by Friday", "(Friday)"),
        ("write the follow-up email for me", "Who should the email go to?"),
        ("Priya Patel", "Which role and company"),
        ("the analyst role at Acme", "moment in the interview"),
        ("we both laughed about the coffee machine", "Hi Priya,"),
        ("make the name Dana", "Hi Dana,"),
        ("where does that come from?", "June 11, 2018"),
    ]
    for index, (text, expected) in enumerate(turns):
        replies = chats[index % 2].send(text)
        assert replies, f"no reply to {text!r}"
        assert expected in "\n".join(r.get("text", "") for r in replies), text
    draft = "\n".join(r.get("text", "") for r in chats[0].send("make the company Initech"))
    assert "Hi Dana," in draft and "Initech" in draft and "respond by Friday" in draft
    users = [e["text"] for e in stored_events(database, sender) if e["event"] == "user"]
    assert users == [t for t, _ in turns] + ["make the company Initech"]


CONCURRENT = [
    "hi",
    "should I call or email them?",
    "why haven't they replied yet?",
    "should I keep applying while I wait?",
    "am I talking to a bot?",
    "what can you help me with?",
    "should I send a thank-you note?",
    "I'm so anxious about this wait",
    "should I ask for feedback?",
    "thank you!",
]


@pytest.mark.services
@pytest.mark.live
@pytest.mark.parametrize("burst", [1, 2, 3])
def test_concurrent_messages_of_one_conversation_are_handled_one_at_a_time(
    cluster: Dict[str, Server], database: Dict[str, str], burst: int
) -> None:
    """10 messages at once, 5 to each server (Rasa's own RedisLockStore loses or fails some, mostly)."""
    sender = f"concurrent-{burst}-{uuid.uuid4().hex[:8]}"
    chats = [RestChat(cluster["rasa0"].url, sender), RestChat(cluster["rasa1"].url, sender)]
    chats[0].send("hello")  # the session start, before the burst
    with ThreadPoolExecutor(len(CONCURRENT)) as pool:
        replies = list(pool.map(lambda item: chats[item[0] % 2].send(item[1]), enumerate(CONCURRENT)))
    assert all(replies), "every message got a reply"

    events = stored_events(database, sender)
    users = [e for e in events if e["event"] == "user"]
    assert sorted(e["text"] for e in users) == sorted(CONCURRENT + ["hello"])  # none lost, none twice
    # No interleaving: after each user message come its own action(s) and bot replies, ending with
    # action_listen, before the next user message.
    turns: List[List[Dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        elif turns:
            turns[-1].append(event)
    assert len(turns) == len(CONCURRENT) + 1
    for turn in turns:
        names = [e.get("name") for e in turn if e["event"] == "action"]
        assert names and names[-1] == "action_listen" and names.count("action_listen") == 1, names
        assert any(e["event"] == "bot" for e in turn), turn
    # And each REST reply is the reply to its own message.
    by_text = {e["text"]: turn for e, turn in zip(users, turns, strict=True)}
    for text, reply in zip(CONCURRENT, replies, strict=True):
        stored = [e.get("text") or "" for e in by_text[text] if e["event"] == "bot"]
        assert words(r.get("text", "") for r in reply) == words(stored), text


def words(texts: Iterable[str]) -> str:
    """Texts joined, whitespace normalised (the REST channel splits a reply at blank lines)."""
    return " ".join(" ".join(texts).split())
