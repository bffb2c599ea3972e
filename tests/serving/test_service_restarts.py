"""PostgreSQL and Redis restarting mid-conversation in the scale-out profile (endpoints.scale.yml).

The person gets a clear apology, not silence and not a wrong answer, for the message that hit the
outage; nothing of that message is stored; once the service is back the conversation goes on
where it was. The services are private to this test (testkit/private_services.py): restarting the
machine's own would disturb other tests. Marker ``services``: skipped when PostgreSQL's binaries
or redis-server are missing, failed instead when CI=true.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from ask_amy.cli.stack import Server, start_action_server, start_gateway, start_rasa_server
from ask_amy.knowledge import apology_text
from ask_amy.paths import ROOT
from testkit.private_services import PrivatePostgreSQL, PrivateRedis, missing
from testkit.rest_chat import RestChat

pytestmark = [pytest.mark.services, pytest.mark.live]


@pytest.fixture(scope="module")
def services() -> Iterator[Dict[str, Any]]:
    """A private PostgreSQL and a private Redis, removed afterwards."""
    lacking = missing()
    if lacking:
        message = f"needs {' and '.join(lacking)}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    postgresql, redis = PrivatePostgreSQL(), PrivateRedis()
    try:
        postgresql.initdb().start()
        redis.start()
        yield {"postgresql": postgresql, "redis": redis}
    finally:
        redis.remove()
        postgresql.remove()


@pytest.fixture(scope="module")
def bot(services: Dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Server]]:
    """The action server behind the gateway, and a Rasa server on endpoints.scale.yml using them."""
    workdir: Path = tmp_path_factory.mktemp("outages")
    servers: Dict[str, Server] = {"actions": start_action_server(workdir)}
    try:
        servers["gateway"] = start_gateway(workdir, [servers["actions"].url])
        env = {
            "ACTION_SERVER_URL": f"{servers['gateway'].url}/webhook",
            "DB_HOST": "127.0.0.1", "DB_PORT": str(services["postgresql"].port), "DB_NAME": "postgres",
            "DB_USER": "postgres", "DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(services["redis"].port), "REDIS_PASSWORD": "", "REDIS_DB": "0",
            "REDIS_KEY_PREFIX": "askamyoutage",
        }
        servers["rasa"] = start_rasa_server(workdir, ROOT / "endpoints.scale.yml", env=env, timeout=240)
        yield servers
    finally:
        for server in reversed(list(servers.values())):
            server.stop()


def stored_user_messages(services: Dict[str, Any], sender: str) -> List[str]:
    """The user messages PostgreSQL holds for ``sender``, in order."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=services["postgresql"].port, user="postgres",
                                  dbname="postgres", connect_timeout=5)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        events = [json.loads(data) for (data,) in cursor.fetchall()]
    finally:
        connection.close()
    return [e["text"] for e in events if e["event"] == "user"]


def replies(chat: RestChat, text: str) -> List[str]:
    return [r.get("text", "") for r in chat.send(text)]


def test_postgresql_restarting_in_the_middle_of_the_email_form(
    bot: Dict[str, Server], services: Dict[str, Any]
) -> None:
    chat = RestChat(bot["rasa"].url)
    assert "Who should the email go to?" in chat.say("write the follow-up email for me")
    assert "Which role and company" in chat.say("Priya Patel")

    services["postgresql"].stop()
    try:
        assert replies(chat, "the analyst role at Acme") == [apology_text()]
    finally:
        services["postgresql"].start()

    # Sent again: the form goes on from where it was; the failed message left nothing behind.
    assert "moment in the interview" in chat.say("the analyst role at Acme")
    draft = chat.say("skip")
    assert "Hi Priya," in draft and "the analyst role at Acme" in draft
    assert stored_user_messages(services, chat.sender) == [
        "write the follow-up email for me", "Priya Patel", "the analyst role at Acme", "skip",
    ]


def test_redis_restarting_in_the_middle_of_a_conversation(
    bot: Dict[str, Server], services: Dict[str, Any]
) -> None:
    chat = RestChat(bot["rasa"].url)
    assert "email rather than by phone" in chat.say("it's been two weeks, should I call or email them?")

    services["redis"].stop()
    try:
        assert replies(chat, "where does that come from?") == [apology_text()]
    finally:
        services["redis"].start()

    assert "June 11, 2018" in chat.say("where does that come from?")  # the advice it refers to is kept
    assert stored_user_messages(services, chat.sender) == [
        "it's been two weeks, should I call or email them?", "where does that come from?",
    ]


@pytest.mark.parametrize("service", ["postgresql", "redis"])
def test_a_restart_between_two_messages_goes_unnoticed(
    bot: Dict[str, Server], services: Dict[str, Any], service: str
) -> None:
    """The connections the restart closed are replaced: the next message is answered as usual."""
    chat = RestChat(bot["rasa"].url)
    assert "email rather than by phone" in chat.say("it's been two weeks, should I call or email them?")
    services[service].stop()
    services[service].start()
    assert "June 11, 2018" in chat.say("where does that come from?")
    assert len(stored_user_messages(services, chat.sender)) == 2
