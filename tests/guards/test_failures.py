"""When the action server is down or slow, the person gets an apology and the conversation stays intact.

Rasa 3.6 alone answers nothing at all (an empty REST reply) when the action server is down, and
waits five minutes for a slow one; the action gateway (ask_amy/serving/action_gateway.py) answers in the
action server's place within ACTION_TIMEOUT, apologises and undoes what the message changed.
"""

from __future__ import annotations

import signal
import textwrap
import time
from pathlib import Path
from typing import Any, Dict, Iterator, Optional

import pytest

from ask_amy.cli.stack import (
    BIN,
    free_port,
    launch,
    restart,
    start_action_server,
    start_gateway,
    start_rasa_server,
    write_endpoints,
)
from ask_amy.knowledge import DEFAULT_APOLOGY
from ask_amy.serving.action_gateway import already_apologised, fallback_response, undo_events
from testkit.live_servers import project_domain
from testkit.rest_chat import RestChat

TIMEOUT = 2.0  # the gateway's ACTION_TIMEOUT in these tests
APOLOGY = "Please send your message again"


# The gateway's answer in the action server's place (pure functions, no servers).


def call(*events: Dict, slots: Optional[Dict] = None) -> Dict:
    """An action call as Rasa sends it: the tracker's events and the domain's slots."""
    return {
        "next_action": "validate_email_draft_form",
        "sender_id": "someone",
        "tracker": {"events": list(events)},
        "domain": {"slots": slots or {"offered_draft": {"initial_value": False}, "recipient_name": {}}},
    }


def test_the_fallback_undoes_the_slots_and_the_form_the_message_changed() -> None:
    request = call(
        {"event": "slot", "name": "offered_draft", "value": True},
        {"event": "user", "text": "yes please"},
        {"event": "slot", "name": "offered_draft", "value": False},
        {"event": "action", "name": "email_draft_form"},
        {"event": "active_loop", "name": "email_draft_form"},
        {"event": "slot", "name": "requested_slot", "value": "recipient_name"},
    )
    assert undo_events(request) == [
        {"event": "slot", "name": "offered_draft", "value": True},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "active_loop", "name": None},
    ]
    answer = fallback_response(request, "Sorry!")
    assert answer["responses"] == [{"text": "Sorry!"}]
    assert answer["events"][-1] == {"event": "followup", "name": "action_listen"}


def test_the_fallback_restores_an_earlier_value_and_the_domain_default() -> None:
    request = call(
        {"event": "active_loop", "name": "email_draft_form"},
        {"event": "slot", "name": "recipient_name", "value": "Sam"},
        {"event": "user", "text": "Priya"},
        {"event": "slot", "name": "recipient_name", "value": "Priya"},
        {"event": "slot", "name": "offered_draft", "value": True},
    )
    assert undo_events(request) == [
        {"event": "slot", "name": "recipient_name", "value": "Sam"},
        {"event": "slot", "name": "offered_draft", "value": False},
    ]


def test_one_apology_per_turn() -> None:
    first = call({"event": "user", "text": "Priya"})
    assert not already_apologised(first)
    events = first["tracker"]["events"] + fallback_response(first, "Sorry!")["events"]
    second = call(*events)
    assert already_apologised(second)
    assert fallback_response(second, "Sorry!") == {"events": [], "responses": []}
    listen, user = {"event": "action", "name": "action_listen"}, {"event": "user", "text": "Priya"}
    next_turn = call(*events, listen, user)
    assert not already_apologised(next_turn)


def test_the_default_apology_asks_to_try_again() -> None:
    assert "Sorry" in DEFAULT_APOLOGY and APOLOGY in DEFAULT_APOLOGY


# Live: the real Rasa server, the gateway and the action server.


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    """The action server behind the gateway (ACTION_TIMEOUT 2 s), and Rasa calling the gateway."""
    workdir = tmp_path_factory.mktemp("failures")
    servers: Dict[str, Any] = {"workdir": workdir, "actions": start_action_server(workdir)}
    try:
        servers["gateway"] = start_gateway(workdir, [servers["actions"].url], timeout=TIMEOUT)
        endpoints = write_endpoints(workdir, servers["gateway"].url)
        servers["rasa"] = start_rasa_server(workdir, endpoints)
        yield servers
    finally:
        for name in ("rasa", "gateway", "actions"):
            if name in servers:
                servers[name].stop()


RECIPIENT_QUESTION = " ".join(project_domain()["responses"]["utter_ask_recipient_name"][0]["text"].split())


def timed(chat: RestChat, text: str) -> tuple:
    """Send ``text``; return the reply texts and the seconds it took."""
    start = time.monotonic()
    replies = [r.get("text", "") for r in chat.send(text)]
    return replies, time.monotonic() - start


@pytest.mark.live
def test_action_server_killed_in_the_middle_of_the_form(bot: Dict[str, Any]) -> None:
    chat = RestChat(bot["rasa"].url)
    assert "Who should the email go to?" in chat.say("write the follow-up email for me")

    bot["actions"].stop(signal.SIGKILL)
    replies, seconds = timed(chat, "Priya")
    # The apology, then the form's pending question again (a domain response: Rasa sends it itself).
    assert APOLOGY in replies[0] and replies[1:] == [RECIPIENT_QUESTION]
    assert seconds < TIMEOUT + 1.0
    # Still down: every message gets the apology, never silence.
    replies, _ = timed(chat, "Priya")
    assert APOLOGY in replies[0] and replies[1:] == [RECIPIENT_QUESTION]

    bot["actions"] = restart(bot["actions"], bot["workdir"])
    # The failed messages were undone: the form still waits for the name.
    assert "Which role and company" in chat.say("Priya")
    assert "moment in the interview" in chat.say("the analyst job at Acme")
    draft = chat.say("skip")
    assert "Hi Priya," in draft and "the analyst job at Acme" in draft


@pytest.mark.live
def test_action_server_down_when_the_form_would_start(bot: Dict[str, Any]) -> None:
    chat = RestChat(bot["rasa"].url)
    bot["actions"].stop(signal.SIGKILL)
    replies, _ = timed(chat, "write the follow-up email for me")
    assert len(replies) == 1 and APOLOGY in replies[0]
    replies, _ = timed(chat, "should I call or email them?")
    assert len(replies) == 1 and APOLOGY in replies[0]
    # A reply that needs no action server still works meanwhile, and the form did not half-start.
    assert "automated assistant" in chat.say("am I talking to a bot?")

    bot["actions"] = restart(bot["actions"], bot["workdir"])
    assert "email rather than by phone" in chat.say("should I call or email them?")
    assert "Who should the email go to?" in chat.say("write the follow-up email for me")
    assert "Which role and company" in chat.say("Dana")


SLOW_ACTION_SERVER = textwrap.dedent('''
    import asyncio, sys
    from aiohttp import web

    async def health(request):
        return web.json_response({"status": "ok"})

    async def webhook(request):
        await request.read()
        await asyncio.sleep(float(sys.argv[2]))
        return web.json_response({"events": [], "responses": [{"text": "too late"}]})

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_post("/webhook", webhook)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
''')


@pytest.mark.live
def test_a_slow_action_server_gets_the_apology_within_the_timeout(tmp_path: Path) -> None:
    script = tmp_path / "slow_action_server.py"
    script.write_text(SLOW_ACTION_SERVER)
    port = free_port()
    log = tmp_path / "slow.log"
    slow = launch([str(BIN / "python"), str(script), str(port), "30"], port, log, health="/health")
    gateway = rasa = None
    try:
        gateway = start_gateway(tmp_path, [slow.url], timeout=1.5)
        endpoints = write_endpoints(tmp_path, gateway.url)
        rasa = start_rasa_server(tmp_path, endpoints)
        chat = RestChat(rasa.url)
        replies, seconds = timed(chat, "should I call or email them?")
        assert len(replies) == 1 and APOLOGY in replies[0]
        assert 1.5 <= seconds < 1.5 + 1.5
        assert "too late" not in " ".join(replies)
    finally:
        for server in (rasa, gateway, slow):
            if server is not None:
                server.stop()


@pytest.mark.live
def test_without_the_gateway_rasa_answers_nothing(tmp_path: Path) -> None:
    """Why the gateway exists: Rasa 3.6 drops the action's events and sends no reply at all."""
    rasa = start_rasa_server(tmp_path, write_endpoints(tmp_path, f"http://127.0.0.1:{free_port()}"))
    try:
        chat = RestChat(rasa.url)
        assert chat.send("should I call or email them?") == []
        assert "automated assistant" in chat.say("am I talking to a bot?")
    finally:
        rasa.stop()
