"""Hostile and bad input on every channel (REST, socket.io, Slack), against the live servers.

The REST and socket.io channels are tested on the shared live bot (``live_bot``, conftest.py).
Slack gets its own Rasa server in this module, with the project's credentials.yml, the Slack
stand-in, ``--debug`` logging (to check that no secret is ever logged), and non-default limits
(``ASK_AMY_MAX_MESSAGE_CHARS=1500``, ``SANIC_REQUEST_MAX_SIZE=300000``) to check that both
variables are honoured. See docs/security.md for the behaviour under test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

import pytest
import socketio
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ask_amy.channels.slack.format import to_mrkdwn
from ask_amy.channels.socketio import MALFORMED_REPLY
from ask_amy.cli.stack import MODEL, Server, start_action_server, start_rasa_server, write_endpoints
from ask_amy.guards.input_guard import COMMAND_REPLY, too_long_reply
from ask_amy.paths import ROOT
from testkit.rest_chat import RestChat
from testkit.slack_requests import click, mention_event, message_event, sign
from testkit.slack_session import ADVICE, QUESTION, Slack, texts
from testkit.slack_stand_in import CHANNEL, SECRET, TOKEN, SlackWebAPI, unique

pytestmark = pytest.mark.live

EMPTY_REPLY = "Your message came through empty"
NON_ENGLISH_REPLY = "I can only answer in English"
REST_LIMIT = 2000  # the default
SLACK_LIMIT = 1500  # ASK_AMY_MAX_MESSAGE_CHARS of the Slack server below
SLACK_BODY_LIMIT = 300_000  # its SANIC_REQUEST_MAX_SIZE
DEFAULT_BODY_LIMIT = 1_000_000
SHORTCUT = '/inform_competing_offer{"has_competing_offer":"yes"}'
OFFER_REPLY = "Congratulations on the offer"  # what Rasa answers when the shortcut gets through


# -- the three channels, one way to talk to each ------------------------------------------------


class SocketChat:
    """One conversation over the socket.io channel (polling transport, session persistence)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: "asyncio.Queue[Tuple[str, Any]]" = asyncio.Queue()
        self.session_id = ""
        self.client.on("bot_uttered", lambda data: self.events.put_nowait(("bot_uttered", data)))
        self.client.on("session_confirm", lambda data: self.events.put_nowait(("session_confirm", data)))

    async def __aenter__(self) -> "SocketChat":
        # python-engineio's websocket client needs a newer aiohttp than Rasa 3.6 pins: poll.
        await self.client.connect(self.base_url, socketio_path="/socket.io", transports=["polling"])
        self.session_id = await self.request_session({"session_id": uuid.uuid4().hex})
        return self

    async def __aexit__(self, *_: Any) -> None:
        # A polite polling disconnect waits for the pending long-poll (up to the 25 s ping interval).
        eio = self.client.eio
        disconnecting = asyncio.ensure_future(self.client.disconnect())
        done, _ = await asyncio.wait({disconnecting}, timeout=0.5)
        if not done:
            for task in (eio.read_loop_task, eio.write_loop_task):
                if task is not None:
                    task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await disconnecting
        if eio.http is not None and not eio.http.closed:
            await eio.http.close()

    async def request_session(self, data: Any) -> str:
        """Send ``session_request`` and return the confirmed session id."""
        await self.client.emit("session_request", data)
        kind, session_id = await asyncio.wait_for(self.events.get(), 10)
        assert kind == "session_confirm", (kind, session_id)
        return session_id

    async def emit(self, *data: Any, wait: float = 20) -> List[Dict[str, Any]]:
        """Emit ``user_uttered`` with ``data``; return the ``bot_uttered`` events of the answer
        (waiting up to ``wait`` seconds for the first, then until none comes for a second)."""
        await self.client.emit("user_uttered", *data)
        replies: List[Dict[str, Any]] = []
        try:
            while True:
                kind, reply = await asyncio.wait_for(self.events.get(), 1.0 if replies else wait)
                assert kind == "bot_uttered"
                replies.append(reply)
        except asyncio.TimeoutError:
            pass
        return replies

    async def replies_until(self, part: str, wait: float = 20) -> List[Dict[str, Any]]:
        """Return the ``bot_uttered`` events received up to and including the first whose text has
        ``part`` (an expected reply: nothing is confirmed by waiting for silence)."""
        replies: List[Dict[str, Any]] = []
        while not replies or part not in replies[-1].get("text", ""):
            kind, reply = await asyncio.wait_for(self.events.get(), wait)
            assert kind == "bot_uttered", (kind, reply)
            replies.append(reply)
        return replies

    async def say(self, text: str) -> str:
        """Send ``text`` in this session; return the answer's texts joined."""
        replies = await self.emit({"message": text, "session_id": self.session_id})
        return "\n".join(r.get("text", "") for r in replies)


@pytest.fixture(scope="module")
def slack_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[Slack, Server]]:
    """Action server, Rasa server (credentials.yml with Slack, --debug, custom limits), Slack stand-in."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    workdir: Path = tmp_path_factory.mktemp("slack-bad-input")
    api = SlackWebAPI().start()
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    credentials["ask_amy.channels.slack.channel.SlackChannel"]["slack_api_url"] = api.url
    credentials_file = workdir / "credentials.yml"
    credentials_file.write_text(yaml.safe_dump(credentials, sort_keys=False))
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_CHANNEL": CHANNEL,
           "ASK_AMY_MAX_MESSAGE_CHARS": str(SLACK_LIMIT), "SANIC_REQUEST_MAX_SIZE": str(SLACK_BODY_LIMIT),
           "LOG_LEVEL": "DEBUG"}
    env.update({name: "" for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")})
    actions = start_action_server(workdir)
    rasa = None
    try:
        rasa = start_rasa_server(workdir, write_endpoints(workdir, actions.url), credentials=credentials_file,
                                 env=env, extra_args=["--debug"])
        yield Slack(f"{rasa.url}/webhooks/slack/webhook", api), rasa
    finally:
        if rasa is not None:
            rasa.stop()
        actions.stop()
        api.stop()


@pytest.fixture
def slack(slack_bot: Tuple[Slack, Server]) -> Slack:
    return slack_bot[0]


def slack_say(slack: Slack, text: str, event: Optional[Dict[str, Any]] = None) -> str:
    """Send ``text`` as a direct message (or send ``event``); return the bot's posts joined."""
    dm = unique("D")
    if event is None:
        event = message_event(text, unique("U"), dm, channel_type="im")
    else:
        dm = event["event"]["channel"]
    return texts(slack.turn(event, dm))


@dataclass
class Talk:
    """A fresh conversation on one channel: ``say(text) -> the answer's texts``."""

    channel: str
    limit: int
    say: Callable[[str], Any]  # a coroutine function

    async def __call__(self, text: str) -> str:
        return await self.say(text)


@pytest.fixture(params=["rest", "socketio", "slack"])
async def talk(request: pytest.FixtureRequest) -> Any:
    """One conversation on each channel in turn."""
    if request.param == "slack":
        slack: Slack = request.getfixturevalue("slack")
        user, dm = unique("U"), unique("D")

        async def say_slack(text: str) -> str:
            return slack_say(slack, text, message_event(text, user, dm, channel_type="im"))

        yield Talk("slack", SLACK_LIMIT, say_slack)
        return
    base_url = request.getfixturevalue("live_bot")["rasa"].url
    if request.param == "rest":
        chat = RestChat(base_url)

        async def say_rest(text: str) -> str:
            return chat.say(text)

        yield Talk("rest", REST_LIMIT, say_rest)
    else:
        async with SocketChat(base_url) as chat_io:
            yield Talk("socketio", REST_LIMIT, chat_io.say)


# -- what a person types: the same table on every channel ---------------------------------------

Text = Union[str, Callable[[int], str]]  # a text, or a text made for the channel's length limit


def padded(limit: int) -> str:
    """QUESTION repeated to exactly ``limit`` characters."""
    return ((QUESTION + " ") * (limit // len(QUESTION) + 1))[:limit]


TEXT_CASES: Dict[str, Tuple[Text, Callable[[str, int], bool]]] = {
    "empty": ("", lambda r, _: EMPTY_REPLY in r),
    "whitespace only": ("   \n\t  ", lambda r, _: EMPTY_REPLY in r),
    "control characters only": ("\x00\x01\x07\x1b\x7f\x85\x9f", lambda r, _: EMPTY_REPLY in r),
    "long (100 KB)": ("please help me " * 6800, lambda r, limit: r == too_long_reply(limit)),
    "one character over the limit": (lambda limit: "a" * (limit + 1),
                                     lambda r, limit: r == too_long_reply(limit)),
    "exactly at the limit": (padded, lambda r, _: ADVICE in r),
    "control characters in a question": (
        "it's been three\x00 weeks since my\x07 interview,\x1b should I call\x7f or email?\x9f",
        lambda r, _: ADVICE in r),
    "CR and CRLF line breaks": ("it's been three weeks since my interview,\r\nshould I call\ror email?",
                                lambda r, _: ADVICE in r),
    "lone surrogate": (QUESTION + " \ud800", lambda r, _: ADVICE in r),
    "emoji": (QUESTION + " 📞📧 🙏🏽 👩\u200d💻", lambda r, _: ADVICE in r),
    "emoji only": ("😀😀 👍", lambda r, _: EMPTY_REPLY in r),
    "right-to-left text": ("مرحبا، هل يجب أن أتصل بهم أم أرسل بريدا إلكترونيا؟",
                           lambda r, _: NON_ENGLISH_REPLY in r),
    "bidi marks around English": ("\u202b" + QUESTION + "\u202c\u200f", lambda r, _: ADVICE in r),
    "intent shortcut with a slot": (SHORTCUT, lambda r, _: r == COMMAND_REPLY and OFFER_REPLY not in r),
    "restart shortcut": ("/restart", lambda r, _: r == COMMAND_REPLY),
    "shortcut after whitespace": ("  //greet@1.0", lambda r, _: r == COMMAND_REPLY),
    "slash before a question": ("/ " + QUESTION, lambda r, _: ADVICE in r),
}


@pytest.mark.parametrize("case", TEXT_CASES)
async def test_what_a_person_types(talk: Talk, case: str) -> None:
    text, expected = TEXT_CASES[case]
    sent = text(talk.limit) if callable(text) else text
    reply = await talk(sent)
    if talk.channel == "slack":  # mrkdwn: the replies above have no markup but quotes stay quotes
        reply = reply.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert expected(reply, talk.limit), f"{talk.channel}: {sent[:80]!r} -> {reply[:300]!r}"


# The draft form copies what the person typed into the email: there we can see the clean-up.
DRAFT_TURNS = ["write the follow-up email for me", "Jo\x00se\u0301 Perez\x07",
               "the analyst job at Acme\x1b", "we both laughed 😂 about the 👩\u200d💻 demo \u200fשלום"]


async def test_the_draft_shows_the_cleaned_text(talk: Talk) -> None:
    for text in DRAFT_TURNS:
        draft = await talk(text)
    assert "Hi Jos\u00e9," in draft  # the first name: NFC, control characters gone
    assert "the analyst job at Acme" in draft and "\x1b" not in draft
    assert "we both laughed 😂 about the 👩\u200d💻 demo \u200fשלום" in draft  # emoji and RTL intact


async def test_the_intent_shortcut_sets_no_slot(talk: Talk) -> None:
    assert await talk(SHORTCUT) == COMMAND_REPLY
    await talk("write the follow-up email for me")
    await talk("Dana")
    await talk("the analyst job at Initech")
    draft = await talk("skip")  # with has_competing_offer set, the form would ask for the deadline
    assert "Subject:" in draft and "Hi Dana," in draft, draft
    assert "offer" not in draft.split("Subject:", 1)[1].lower()


# -- REST: malformed requests get 400 and {"error": ...} ----------------------------------------


def post_raw(url: str, body: bytes, content_type: Optional[str] = "application/json",
             headers: Optional[Dict[str, str]] = None) -> Tuple[int, str, str]:
    """POST ``body`` as is; return (status, content type, body text)."""
    all_headers = dict(headers or {})
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def as_json(payload: Any) -> bytes:
    return json.dumps(payload).encode()


BAD_REST_REQUESTS: Dict[str, Tuple[bytes, Optional[str], str]] = {
    # name: (body, content type, a word of the error)
    "invalid JSON": (b'{"sender": "a", "message": ', "application/json", "JSON"),
    "empty body": (b"", "application/json", "JSON"),
    "JSON array": (as_json([{"sender": "a", "message": "hi"}]), "application/json", "object"),
    "JSON string": (as_json("hi"), "application/json", "object"),
    "JSON null": (b"null", "application/json", "object"),
    "text/plain": (as_json({"sender": "a", "message": "hi"}), "text/plain", "Content-Type"),
    "form-encoded": (b"sender=a&message=hi", "application/x-www-form-urlencoded", "Content-Type"),
    "invalid UTF-8": (b'{"sender": "a", "message": "caf\xe9 \xff"}', "application/json", "UTF-8"),
    "UTF-16": ('{"sender": "a", "message": "hi"}'.encode("utf-16"), "application/json", "UTF-8"),
    "missing message": (as_json({"sender": "a"}), "application/json", "message"),
    "null message": (as_json({"sender": "a", "message": None}), "application/json", "message"),
    "number message": (as_json({"sender": "a", "message": 5}), "application/json", "message"),
    "object message": (as_json({"sender": "a", "message": {"text": "hi"}}), "application/json", "message"),
    "missing sender": (as_json({"message": "hi"}), "application/json", "sender"),
    "empty sender": (as_json({"sender": "", "message": "hi"}), "application/json", "sender"),
    "blank sender": (as_json({"sender": "   ", "message": "hi"}), "application/json", "sender"),
    "number sender": (as_json({"sender": 5, "message": "hi"}), "application/json", "sender"),
    "sender with a newline": (as_json({"sender": "a\nINFO fake log line", "message": "hi"}),
                              "application/json", "sender"),
    "sender of 257 characters": (as_json({"sender": "a" * 257, "message": "hi"}),
                                 "application/json", "sender"),
    "metadata list": (as_json({"sender": "a", "message": "hi", "metadata": [1]}),
                      "application/json", "metadata"),
}


@pytest.mark.parametrize("case", BAD_REST_REQUESTS)
def test_malformed_rest_requests_get_400_and_a_json_error(live_bot: Dict[str, Any], case: str) -> None:
    body, content_type, word = BAD_REST_REQUESTS[case]
    url = f"{live_bot['rasa'].url}/webhooks/rest/webhook"
    for query in ("", "?stream=true"):
        status, response_type, text = post_raw(url + query, body, content_type)
        assert status == 400, (status, text)
        assert response_type.startswith("application/json")
        answer = json.loads(text)
        assert list(answer) == ["error"] and word in answer["error"] and len(answer["error"]) < 200


GOOD_REST_REQUESTS: Dict[str, Tuple[bytes, str]] = {
    "charset parameter": (as_json({"sender": unique("s"), "message": QUESTION}),
                          "application/json; charset=utf-8"),
    "byte order mark": (b"\xef\xbb\xbf" + as_json({"sender": unique("s"), "message": QUESTION}),
                        "application/json"),
    "non-ASCII sender and metadata": (as_json({"sender": "zoë-" + unique(""), "message": QUESTION,
                                               "metadata": {"page": "/jobs"}}), "application/json"),
    "escaped non-ASCII": (json.dumps({"sender": unique("s"), "message": QUESTION + " 👍"}).encode(),
                          "application/json"),
    "raw UTF-8": (json.dumps({"sender": unique("s"), "message": QUESTION + " 👍"},
                             ensure_ascii=False).encode(), "application/json"),
}


@pytest.mark.parametrize("case", GOOD_REST_REQUESTS)
def test_well_formed_variants_are_answered(live_bot: Dict[str, Any], case: str) -> None:
    body, content_type = GOOD_REST_REQUESTS[case]
    status, _, text = post_raw(f"{live_bot['rasa'].url}/webhooks/rest/webhook", body, content_type)
    assert status == 200 and ADVICE in "\n".join(r.get("text", "") for r in json.loads(text))


def test_the_client_cannot_choose_the_input_channel(live_bot: Dict[str, Any]) -> None:
    # Rasa takes input_channel from the body; the action server sends the draft as one Slack
    # code block (a "custom" message) when the input channel is "slack".
    url = f"{live_bot['rasa'].url}/webhooks/rest/webhook"
    sender = unique("s")
    replies: List[Dict[str, Any]] = []
    for text in ["write the follow-up email for me", "Dana", "the analyst job at Initech", "skip"]:
        payload = {"sender": sender, "message": text, "input_channel": "slack"}
        status, _, body = post_raw(url, as_json(payload))
        assert status == 200
        replies = json.loads(body)
    assert not any("custom" in r for r in replies) and any("Subject:" in r.get("text", "") for r in replies)


# -- request bodies over the limit: refused before they are read ---------------------------------


def raw_post(port: int, path: str, headers: Dict[str, str], body_parts: List[bytes]) -> Tuple[int, int]:
    """Send a request by hand; stop sending once the server answers. Returns (status, bytes sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
        sock.sendall(head.encode())
        sent = 0
        sock.settimeout(0.05)
        answer = b""
        for part in body_parts:
            try:
                answer += sock.recv(65536)
            except socket.timeout:
                pass
            if answer:
                break
            try:
                sock.sendall(part)
            except OSError:  # the server answered and closed the connection
                break
            sent += len(part)
        sock.settimeout(20)
        try:
            while b"\r\n" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    return int(answer.split(b" ", 2)[1]), sent


TEN_MB = 10 * 1024 * 1024
CHUNK = b"x" * 65536


def chunked(total: int) -> List[bytes]:
    return [b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)] * (total // len(CHUNK)) + [b"0\r\n\r\n"]


@pytest.mark.parametrize("framing", ["Content-Length", "chunked"])
@pytest.mark.parametrize("channel", ["rest", "slack"])
def test_a_10_mb_body_is_refused_without_being_read(request: pytest.FixtureRequest, channel: str,
                                                    framing: str) -> None:
    if channel == "rest":
        server, limit = request.getfixturevalue("live_bot")["rasa"], DEFAULT_BODY_LIMIT
    else:
        server, limit = request.getfixturevalue("slack_bot")[1], SLACK_BODY_LIMIT
    path = f"/webhooks/{channel}/webhook"
    headers = {"Content-Type": "application/json"}
    if framing == "chunked":
        headers["Transfer-Encoding"] = "chunked"
        parts = chunked(TEN_MB)
    else:
        headers["Content-Length"] = str(TEN_MB)
        parts = [CHUNK] * (TEN_MB // len(CHUNK))
    status, sent = raw_post(server.port, path, headers, parts)
    assert status == 413
    assert sent < limit + 4 * len(CHUNK), f"{sent} bytes went out before the 413"
    urllib.request.urlopen(f"{server.url}/", timeout=10).close()  # still up


def test_bodies_under_the_limit_are_read(live_bot: Dict[str, Any]) -> None:
    # 900 KB of message: under the 1 MB body limit, far over the length limit.
    payload = as_json({"sender": unique("s"), "message": "a" * 900_000})
    status, _, text = post_raw(f"{live_bot['rasa'].url}/webhooks/rest/webhook", payload)
    assert status == 200 and json.loads(text) == [{"recipient_id": json.loads(payload)["sender"],
                                                   "text": too_long_reply(REST_LIMIT)}]
    over = as_json({"sender": unique("s"), "message": "a" * DEFAULT_BODY_LIMIT})
    headers = {"Content-Type": "application/json", "Content-Length": str(len(over))}
    assert raw_post(live_bot["rasa"].port, "/webhooks/rest/webhook", headers, [over])[0] == 413


# -- rasa shell's client code works against the guarded REST channel -----------------------------
# (`rasa shell` itself serves Rasa's built-in "cmdline" channel on the same URL and ignores the
# channels in credentials.yml; this checks the protocol it speaks: ?stream=true and &token=.)


async def test_rasa_shell_client_protocol(live_bot: Dict[str, Any]) -> None:
    from rasa.core.channels.console import _send_message_receive_stream, send_message_receive_block

    url, sender = live_bot["rasa"].url, unique("shell")
    streamed = [r async for r in _send_message_receive_stream(url, "", sender, QUESTION)]
    assert ADVICE in "\n".join(r.get("text", "") for r in streamed)
    streamed = [r async for r in _send_message_receive_stream(url, "", sender, "x" * 5000)]
    assert streamed == [{"recipient_id": sender, "text": too_long_reply(REST_LIMIT)}]
    blocked = await send_message_receive_block(url, "", sender, "/restart")
    assert blocked == [{"recipient_id": sender, "text": COMMAND_REPLY}]


# -- socket.io: malformed events and sessions ---------------------------------------------------

MALFORMED_EVENTS: Dict[str, Callable[[str], Tuple[Any, ...]]] = {
    "no data": lambda sid: (),
    "data is a string": lambda sid: ("hello",),
    "data is a list": lambda sid: ([{"message": "hi", "session_id": sid}],),
    "message is a number": lambda sid: ({"message": 5, "session_id": sid},),
    "message is an object": lambda sid: ({"message": {"text": "hi"}, "session_id": sid},),
    "metadata is not JSON": lambda sid: ({"message": "hi", "metadata": "{nope", "session_id": sid},),
    "metadata is a list": lambda sid: ({"message": "hi", "metadata": [1, 2], "session_id": sid},),
    "metadata is a JSON list": lambda sid: ({"message": "hi", "metadata": "[1, 2]", "session_id": sid},),
}


@pytest.mark.parametrize("case", MALFORMED_EVENTS)
async def test_malformed_socketio_events_get_a_short_reply(live_bot: Dict[str, Any], case: str) -> None:
    async with SocketChat(live_bot["rasa"].url) as chat:
        replies = await chat.emit(*MALFORMED_EVENTS[case](chat.session_id))
        assert replies == [{"text": MALFORMED_REPLY}]
        assert ADVICE in await chat.say(QUESTION)  # the conversation goes on


SOCKETIO_EMPTY = {
    "message missing": lambda sid: {"session_id": sid},
    "message null": lambda sid: {"message": None, "session_id": sid},
    "metadata as a JSON string": lambda sid: {"message": "", "metadata": '{"page": "/jobs"}',
                                              "session_id": sid},
}


@pytest.mark.parametrize("case", SOCKETIO_EMPTY)
async def test_socketio_messages_without_text_are_empty(live_bot: Dict[str, Any], case: str) -> None:
    async with SocketChat(live_bot["rasa"].url) as chat:
        replies = await chat.emit(SOCKETIO_EMPTY[case](chat.session_id))
        assert EMPTY_REPLY in "\n".join(r["text"] for r in replies)


@pytest.mark.parametrize("session", [{"session_id": {"a": 1}}, {"session_id": "x" * 300},
                                     {"session_id": "a\nb"}, {"session_id": ""}, "not an object", None])
async def test_unusable_session_ids_are_replaced(live_bot: Dict[str, Any], session: Any) -> None:
    async with SocketChat(live_bot["rasa"].url) as chat:
        fresh = await chat.request_session(session)
        assert len(fresh) == 32 and all(c in "0123456789abcdef" for c in fresh)
        replies = await chat.emit({"message": QUESTION, "session_id": fresh})
        assert ADVICE in "\n".join(r["text"] for r in replies)  # the socket joined the new session's room


async def test_socketio_packets_over_the_limit_are_dropped(live_bot: Dict[str, Any]) -> None:
    base_url = live_bot["rasa"].url
    async with SocketChat(base_url) as sender:
        # The long-polling POST is refused (HTTP 413): python-engineio's client then ends its
        # sending side (the write loop returns), which confirms the refusal. The server keeps the
        # session, so this socket still receives what its room is sent.
        sending = sender.client.eio.write_loop_task
        big = {"message": "x" * 1_200_000, "session_id": sender.session_id}
        await sender.client.emit("user_uttered", big)
        # asyncio.wait, not wait_for: on a timeout wait_for cancels the loop, which then ends as if refused.
        await asyncio.wait({sending}, timeout=20)
        assert sending.done(), "the server took a packet over the limit"
        urllib.request.urlopen(f"{base_url}/", timeout=10).close()  # the server is still up
        # Confirm, not wait: a second socket joins the same session and asks a question there. Any
        # answer to the dropped packet would reach the session's room before the question's reply.
        async with SocketChat(base_url) as other:
            assert await other.request_session({"session_id": sender.session_id}) == sender.session_id
            await other.client.emit("user_uttered", {"message": QUESTION, "session_id": sender.session_id})
            answer = await other.replies_until(ADVICE)
            assert len(answer) == 1, answer
            assert await sender.replies_until(ADVICE) == answer  # exactly that one reply, nothing before it


# -- Slack: bodies with a valid signature ---------------------------------------------------------


def post_signed(slack: Slack, body: bytes, content_type: str = "application/json",
                secret: str = SECRET) -> Tuple[int, str, str]:
    timestamp = int(time.time())
    headers = {"X-Slack-Request-Timestamp": str(timestamp),
               "X-Slack-Signature": sign(secret, body, timestamp)}
    return post_raw(slack.webhook, body, content_type, headers)


def form_payload(payload: Any) -> bytes:
    """An interactive-component body, as Slack sends it."""
    return b"payload=" + urllib.parse.quote(json.dumps(payload)).encode()


BAD_SLACK_BODIES: Dict[str, Tuple[bytes, str]] = {
    "invalid JSON": (b'{"type": "event_callback", "event": ', "application/json"),
    "empty JSON body": (b"", "application/json"),
    "JSON array": (as_json([message_event("hi", "U1", "D1", "im")]), "application/json"),
    "invalid UTF-8": (b'{"type": "event_callback", "x": "\xff\xfe"}', "application/json"),
    "text/plain": (as_json(message_event("hi", "U1", "D1", "im")), "text/plain"),
    "form with invalid JSON payload": (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
    "form with a JSON list payload": (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
    "form with a malformed interaction": (form_payload({"type": "block_actions", "message": "not an object",
                                                        "actions": [{"type": "button", "value": "/affirm"}]}),
                                          "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize("case", BAD_SLACK_BODIES)
def test_malformed_slack_bodies_get_400_after_the_signature_check(slack: Slack, case: str) -> None:
    body, content_type = BAD_SLACK_BODIES[case]
    mark = slack.api.mark()
    status, response_type, text = post_signed(slack, body, content_type)
    assert status == 400 and response_type.startswith("application/json"), (status, text)
    assert list(json.loads(text)) == ["error"]
    # The signature is checked first: the same body, badly signed, gets the signature answer.
    status, _, text = post_signed(slack, body, content_type, secret="not-the-secret")
    assert status == 400 and "X-Slack-Signature" in text and "error" not in text
    # The bodies above carry U1's message in D1: that conversation goes on, nothing answered before.
    assert slack.posts_before_control(mark, "U1", "D1") == []
    assert all(c.method == "chat.postMessage" and c.args["channel"] == "D1" for c in slack.api.calls[mark:])


def test_slack_bare_mention_is_answered_as_empty(slack: Slack) -> None:
    elsewhere = unique("C")
    assert EMPTY_REPLY in slack_say(slack, "", mention_event("", unique("U"), elsewhere))


def test_slack_file_share_without_a_comment_is_answered_as_empty(slack: Slack) -> None:
    event = message_event("", unique("U"), unique("D"), channel_type="im", subtype="file_share")
    assert EMPTY_REPLY in slack_say(slack, "", event)


@pytest.mark.parametrize("value", ["/greet@0.9", SHORTCUT, "/restart"])
def test_slack_button_values_go_through_the_input_guard(slack: Slack, value: str) -> None:
    # A click on the bot's own buttons, its value forged: refused like the same text typed.
    dm, user = unique("D"), unique("U")
    post = slack.buttons(user, dm)
    mark = slack.api.mark()
    assert slack.click(click(post, user, value=value)) == 200
    [reply] = slack.api.wait_for("chat.postMessage", dm, mark, lambda p: True)
    assert reply.text == to_mrkdwn(COMMAND_REPLY) and OFFER_REPLY not in reply.text


def test_no_secret_is_logged_at_debug_level(slack_bot: Tuple[Slack, Server]) -> None:
    slack, rasa = slack_bot
    # Exercise the paths that log: a bad signature, a malformed body, and last an answer (Web API
    # calls): once it is in, the server has logged all three.
    assert slack.send(message_event("hi", unique("U"), unique("D"), "im"), secret="not-the-secret") == 400
    assert post_signed(slack, b"{nope")[0] == 400
    assert ADVICE in slack_say(slack, QUESTION)
    log = rasa.log.read_text(errors="replace")
    assert " DEBUG " in log and "slack_sdk" in log, "the server should log at debug level"
    for name, secret in (("bot token", TOKEN), ("signing secret", SECRET)):
        assert secret not in log, f"the {name} is in the server log"


# -- the HTTP API stays off -------------------------------------------------------------------


@pytest.mark.parametrize("method, path", [("GET", "/conversations/x/tracker"), ("GET", "/status"),
                                          ("POST", "/model/parse"), ("GET", "/domain"),
                                          ("POST", "/conversations/x/tracker/events")])
def test_the_http_api_is_off(live_bot: Dict[str, Any], method: str, path: str) -> None:
    url = live_bot["rasa"].url + path
    request = urllib.request.Request(url, data=b"{}" if method == "POST" else None, method=method,
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code in (401, 403, 404, 405)


def test_serve_sh_does_not_enable_the_api() -> None:
    for script in ("deploy/serve.sh", "deploy/chat.sh"):
        assert "enable-api" not in (ROOT / script).read_text()


# -- any text at all: the REST channel always answers well-formed JSON -------------------------

ANY_CHARACTER = st.characters(exclude_categories=())  # control characters and lone surrogates too
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F).filter(lambda c: not c.isalnum())
SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
INTENT = st.one_of(st.sampled_from(["restart", "session_start", "back", "stop", "greet", "nlu_fallback",
                                    "inform_competing_offer", "request_email_draft"]),
                   st.from_regex(r"[a-z_]{1,20}", fullmatch=True))
ENTITIES = st.one_of(st.sampled_from(["", "{}", '{"has_competing_offer": "yes"}', "@0.9", '[{"e": "x"}]']),
                     st.text(ANY_CHARACTER, max_size=50))
ODD = st.sampled_from(list("/{}@\" \u200d\u200f\u202eé👍مש"))
RANDOM_TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=3000),  # anything, up to past the length limit
    st.text(st.one_of(CONTROL, SURROGATE, ODD), max_size=200),
    st.text(st.one_of(SURROGATE, st.characters(max_codepoint=0x7F)), min_size=1, max_size=60),
    st.builds(lambda slashes, name, rest: slashes + name + rest, st.sampled_from(["/", " /", "//", "/ "]),
              INTENT, ENTITIES),  # Rasa's intent shortcut, and things like it
)


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=RANDOM_TEXT)
def test_any_text_gets_a_well_formed_answer(live_bot: Dict[str, Any], text: str) -> None:
    base_url = live_bot["rasa"].url
    sender = unique("h")
    status, content_type, body = post_raw(f"{base_url}/webhooks/rest/webhook",
                                          as_json({"sender": sender, "message": text}))
    assert status == 200 and content_type.startswith("application/json"), (status, body)
    replies = json.loads(body)
    assert isinstance(replies, list) and replies, f"no answer to {text!r}"  # [] is how Rasa hides a crash
    for reply in replies:
        assert isinstance(reply, dict) and reply.get("recipient_id") == sender
        assert isinstance(reply.get("text"), str) or "custom" in reply
    with urllib.request.urlopen(f"{base_url}/", timeout=10) as response:
        assert response.status == 200
