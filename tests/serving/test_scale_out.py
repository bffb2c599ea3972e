"""The scale-out profile: two Rasa servers behind nginx share PostgreSQL (trackers) and Redis (locks).

The live tests need PostgreSQL and Redis on 127.0.0.1 (marker ``services``) and Debian's nginx
(deploy/ensure_nginx.sh): they skip when one is missing, and fail instead when CI=true. nginx
runs the reference configuration, deploy/nginx.conf, on loopback (testkit.live_servers.start_nginx).
The service check (ask_amy/cli/check_services.py) is tested against closed ports without them.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterable, Iterator, List

import pytest

from ask_amy.cli import check_services
from ask_amy.cli.stack import (
    BIN,
    Server,
    base_env,
    free_port,
    restart,
    start_action_server,
    start_gateway,
    start_rasa_server,
)
from ask_amy.paths import ROOT
from testkit.live_servers import nginx_access_log, nginx_binary, start_nginx
from testkit.postgresql import throwaway_database
from testkit.rest_chat import RestChat
from testkit.slack_requests import click, message_event, post_event, slack_credentials
from testkit.slack_stand_in import SECRET, SlackWebAPI, unique

SCALE_ENDPOINTS = ROOT / "endpoints.scale.yml"
PG = {"host": "127.0.0.1", "port": int(os.environ.get("TEST_PG_PORT", "5432")), "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": int(os.environ.get("TEST_REDIS_PORT", "6379"))}
HOW_TO_START = {
    "PostgreSQL": "start PostgreSQL with `pg_ctlcluster <version> main start` (e.g. 15)",
    "Redis": "start Redis with `redis-server --daemonize yes`",
    "nginx": "run deploy/ensure_nginx.sh",
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
        [str(BIN / "python"), "-m", "ask_amy.cli.check_services", str(SCALE_ENDPOINTS), "--timeout", "2"],
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
        [str(BIN / "python"), "-m", "ask_amy.cli.check_services", str(SCALE_ENDPOINTS)],
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
        ["bash", str(ROOT / "deploy" / "serve.sh")],
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
    """Skip (or fail with CI=true) when PostgreSQL or Redis is not reachable, or nginx is missing."""
    missing = []
    if nginx_binary() is None:
        missing.append(("nginx", "this machine", "not installed"))
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
    import redis

    prefix = f"askamytest{uuid.uuid4().hex[:10]}"
    with throwaway_database("askamy_test", **PG) as name:
        try:
            yield {"DB_NAME": name, "REDIS_KEY_PREFIX": prefix}
        finally:
            client = redis.Redis(**REDIS)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)


@pytest.fixture(scope="module")
def slack_api() -> Iterator[SlackWebAPI]:
    """The stand-in for Slack's Web API that both Rasa servers' Slack channels answer to."""
    api = SlackWebAPI().start()
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture(scope="module")
def cluster(
    database: Dict[str, str], slack_api: SlackWebAPI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dict[str, Server]]:
    """An action server behind the gateway, and two Rasa servers on endpoints.scale.yml behind nginx,
    with the project's credentials.yml (its Slack channel answering to ``slack_api``)."""
    workdir = tmp_path_factory.mktemp("scale")
    credentials, slack_env = slack_credentials(workdir, slack_api.url)
    servers: Dict[str, Server] = {"actions": start_action_server(workdir)}
    servers["workdir"] = workdir  # type: ignore[assignment]
    try:
        servers["gateway"] = start_gateway(workdir, [servers["actions"].url])
        # These tests are about sharing conversations, not overload: a shared, busy test machine
        # must not turn a slow reply into the busy reply (tests/guards/test_overload.py covers that).
        env = scale_env(ACTION_SERVER_URL=f"{servers['gateway'].url}/webhook", ASK_AMY_MAX_WAIT_S="60",
                        **database, **slack_env)
        with ThreadPoolExecutor(2) as pool:
            starting = [
                pool.submit(start_rasa_server, workdir, SCALE_ENDPOINTS, credentials=credentials, env=env)
                for _ in range(2)
            ]
            for index, future in enumerate(starting):
                servers[f"rasa{index}"] = future.result()
        servers["nginx"] = start_nginx(workdir, [servers["rasa0"], servers["rasa1"]])
        yield servers
    finally:
        for server in servers.values():
            if isinstance(server, Server):
                server.stop()


def tagged(chat: RestChat, tag: str) -> RestChat:
    """Mark the chat's requests with ``?tag=<tag>`` in the URL: Rasa ignores it, nginx logs it."""
    chat.url = f"{chat.url.split('?')[0]}?tag={tag}"
    return chat


def logged(nginx: Server, tag: str, requests: int) -> List[str]:
    """nginx's access log lines of the requests tagged ``tag`` (waiting up to 5 s for ``requests``)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in nginx_access_log(nginx).read_text().splitlines() if f"tag={tag}" in line]
        if len(lines) >= requests or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def answered_by(nginx: Server, tag: str, requests: int) -> List[str]:
    """The server that answered each request tagged ``tag``, in the order they ended ("-": none was
    asked; after a refused connection nginx logs both, ``a, b``: the last one answered)."""
    found = (re.search(r'upstream="([^"]*)"', line) for line in logged(nginx, tag, requests))
    return [m.group(1).split(", ")[-1] for m in found if m]


def addresses(cluster: Dict[str, Server], *names: str) -> set:
    """The ``host:port`` of the named Rasa servers, as nginx logs them."""
    return {cluster[name].url.removeprefix("http://") for name in names}


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
def test_a_conversation_through_nginx_goes_to_both_servers(
    cluster: Dict[str, Server], database: Dict[str, str]
) -> None:
    """One message after another: least_conn with nothing in flight takes turns between the servers."""
    sender = f"alternating-{uuid.uuid4().hex[:8]}"
    chat = tagged(RestChat(cluster["nginx"].url, sender), sender)
    turns = [
        ("I got another offer and they need an answer by Friday", "(Friday)"),
        ("write the follow-up email for me", "Who should the email go to?"),
        ("Priya Patel", "Which role and company"),
        ("the analyst role at Acme", "moment in the interview"),
        ("we both laughed about the coffee machine", "Hi Priya,"),
        ("make the name Dana", "Hi Dana,"),
        ("where does that come from?", "June 11, 2018"),
    ]
    for text, expected in turns:
        replies = chat.send(text)
        assert replies, f"no reply to {text!r}"
        assert expected in "\n".join(r.get("text", "") for r in replies), text
    draft = chat.say("make the company Initech")
    assert "Hi Dana," in draft and "Initech" in draft and "respond by Friday" in draft
    users = [e["text"] for e in stored_events(database, sender) if e["event"] == "user"]
    assert users == [t for t, _ in turns] + ["make the company Initech"]
    upstreams = answered_by(cluster["nginx"], sender, len(turns) + 1)
    assert len(upstreams) == len(turns) + 1
    assert set(upstreams) == addresses(cluster, "rasa0", "rasa1")  # the conversation moved between them


@pytest.mark.services
@pytest.mark.live
def test_slack_on_two_servers_answers_each_message_once_and_a_click_on_either(
    cluster: Dict[str, Server], slack_api: SlackWebAPI
) -> None:
    """Slack's retry of an event, or the click on a button, can reach the other Rasa server: the
    Redis of the lock store tells it what the first one answered and offered
    (ask_amy/channels/slack/memory.py)."""
    first, second = (f"{cluster[name].url}/webhooks/slack/webhook" for name in ("rasa0", "rasa1"))
    user, dm = unique("U"), unique("D")
    event = message_event("help with my interview situation", user, dm, channel_type="im")
    mark = slack_api.mark()
    assert post_event(first, event, secret=SECRET)[0] == 200
    [offer] = [post for post in slack_api.wait_for_posts(dm, after=mark) if post.buttons]
    assert post_event(second, event, secret=SECRET) == (200, "Already answered.")  # the retry, elsewhere

    mark = slack_api.mark()
    assert post_event(second, click(offer, user), secret=SECRET, form=True)[0] == 200
    answer = slack_api.wait_for_posts(dm, after=mark)
    assert answer and "closed" not in "\n".join(post.text for post in answer)
    [update] = slack_api.updates(dm, after=mark)
    assert update.args["ts"] == offer.ts and "You chose" in json.dumps(update.blocks)

    mark = slack_api.mark()  # the double click, at the first server: no second answer
    assert post_event(first, click(offer, user), secret=SECRET, form=True)[0] == 200
    assert post_event(first, message_event("", user, dm, channel_type="im"), secret=SECRET)[0] == 200
    posts = slack_api.wait_for("chat.postMessage", dm, mark, lambda post: "came through empty" in post.text)
    assert posts[:-1] == [] and slack_api.updates(dm, after=mark) == []


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
    """10 messages at once through nginx, spread over both servers (Rasa's own RedisLockStore loses
    or fails some, mostly)."""
    sender = f"concurrent-{burst}-{uuid.uuid4().hex[:8]}"
    chat = RestChat(cluster["nginx"].url, sender)
    chat.send("hello")  # the session start, before the burst
    tagged(chat, sender)
    with ThreadPoolExecutor(len(CONCURRENT)) as pool:
        replies = list(pool.map(chat.send, CONCURRENT))
    assert all(replies), "every message got a reply"
    upstreams = answered_by(cluster["nginx"], sender, len(CONCURRENT))
    assert len(upstreams) == len(CONCURRENT) and set(upstreams) == addresses(cluster, "rasa0", "rasa1")

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


@pytest.mark.services
@pytest.mark.live
def test_nginx_refuses_a_body_over_the_limit_before_rasa_sees_it(cluster: Dict[str, Server]) -> None:
    import urllib.error
    import urllib.request

    tag = uuid.uuid4().hex
    body = json.dumps({"sender": "big", "message": "x" * 1_000_001}).encode()
    url = f"{cluster['nginx'].url}/webhooks/rest/webhook?tag={tag}"
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    assert answered_by(cluster["nginx"], tag, 1) == ["-"]  # no Rasa server was asked


async def socketio_conversation(base_url: str, texts: List[str], tag: str) -> List[str]:
    """A socket.io conversation over a websocket (engine.io 4 packets by hand): the replies' texts."""
    import websockets

    url = base_url.replace("http://", "ws://") + f"/socket.io/?EIO=4&transport=websocket&tag={tag}"
    session = uuid.uuid4().hex
    replies: List[str] = []
    async with websockets.connect(url, open_timeout=10) as socket:

        async def receive(event: str) -> object:
            while True:
                packet = await asyncio.wait_for(socket.recv(), 30)
                if packet == "2":  # engine.io ping
                    await socket.send("3")
                elif packet.startswith("42"):
                    name, data = json.loads(packet[2:])
                    if name == event:
                        return data

        assert (await socket.recv()).startswith("0{")  # engine.io open
        await socket.send("40")
        assert (await socket.recv()).startswith("40")  # socket.io connect
        await socket.send("42" + json.dumps(["session_request", {"session_id": session}]))
        assert await receive("session_confirm") == session
        for text in texts:
            await socket.send("42" + json.dumps(["user_uttered", {"message": text, "session_id": session}]))
            reply = await receive("bot_uttered")
            replies.append(reply.get("text", "") if isinstance(reply, dict) else "")
    return replies


@pytest.mark.services
@pytest.mark.live
def test_socketio_over_a_websocket_through_nginx(cluster: Dict[str, Server]) -> None:
    tag = uuid.uuid4().hex
    replies = asyncio.run(socketio_conversation(cluster["nginx"].url, ["am I talking to a bot?"], tag))
    assert "automated assistant" in replies[0]
    upgraded = logged(cluster["nginx"], tag, 1)  # logged when the websocket closes
    assert len(upgraded) == 1 and '" 101 ' in upgraded[0], upgraded


@pytest.mark.services
@pytest.mark.live
def test_a_killed_server_is_skipped_and_the_conversation_goes_on(
    cluster: Dict[str, Server], database: Dict[str, str]
) -> None:
    sender = f"failover-{uuid.uuid4().hex[:8]}"
    chat = RestChat(cluster["nginx"].url, sender)
    assert "Who should the email go to?" in chat.say("write the follow-up email for me")
    cluster["rasa1"].stop(signal.SIGKILL)
    try:
        tagged(chat, sender)
        assert "Which role and company" in chat.say("Priya Patel")
        assert "moment in the interview" in chat.say("the analyst role at Acme")
        assert "Hi Priya," in chat.say("skip")
        assert set(answered_by(cluster["nginx"], sender, 3)) == addresses(cluster, "rasa0")
    finally:
        cluster["rasa1"] = restart(cluster["rasa1"], cluster["workdir"])  # type: ignore[arg-type]
