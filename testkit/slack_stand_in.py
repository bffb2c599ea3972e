"""A local stand-in for Slack, for the live Slack tests.

- ``SlackWebAPI``: Slack's Web API on a free loopback port. It records every call
  (``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``, ...) and answers
  ``{"ok": true, ...}`` as Slack does, with the posted message's ``ts``.
- ``sign`` / ``signed_request`` / ``post_event``: send an Events API request (or, with ``form=True``, an
  interaction) to the Rasa server, signed exactly as Slack signs it (``v0:{timestamp}:{body}``,
  HMAC-SHA256 with the signing secret).
- ``message_event`` / ``mention_event``: Events API payloads with unique event ids and ``ts``.
- ``click``: the ``block_actions`` payload Slack sends when a person clicks a button of a
  message the bot posted; ``a_click``: such a click as the channel reads it.
- ``slack_credentials``: the project's credentials.yml, its replies sent to the stand-in, and the
  environment its ``${VAR}``s need, for a Rasa server started by the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import yaml

from ask_amy.channels.slack.interactions import Click
from ask_amy.paths import ROOT

TEAM = "TAMYTEST1"
BOT_USER = "UAMYBOT01"
BOT_ID = "BAMYBOT01"
CHANNEL = "CAMYJOBS01"  # the channel the bot is configured for
TOPIC_PAYLOAD = '/choose_topic{"topic":"ask_call_or_email"}'  # the payload of a topic button
TOKEN = "xoxb-test-0000-amy"
SECRET = "test-signing-secret-8f1c2d"
_counter = itertools.count(1)


@dataclass
class ApiCall:
    """One Web API call the bot made."""

    method: str
    args: Dict[str, Any]
    authorization: str
    answer: Dict[str, Any] = field(default_factory=dict)  # what the stand-in answered
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """The posted text ("" if none)."""
        return str(self.args.get("text", ""))

    @property
    def blocks(self) -> List[Dict[str, Any]]:
        """The posted Block Kit blocks (JSON or, form-encoded, a JSON string)."""
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def buttons(self) -> List[Dict[str, Any]]:
        """The button elements of the posted blocks."""
        return [element for block in self.blocks if block.get("type") == "actions"
                for element in block.get("elements", []) if element.get("type") == "button"]

    @property
    def ts(self) -> str:
        """The ``ts`` Slack gave the posted message."""
        return str(self.answer.get("ts", ""))


class SlackWebAPI:
    """Slack's Web API, answering on ``http://127.0.0.1:<port>/api/<method>``."""

    def __init__(self) -> None:
        self.calls: List[ApiCall] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(body or b"{}")
                else:
                    args = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
                method = self.path.rsplit("/", 1)[-1].split("?")[0]
                answer = stand_in.answer(method, args)
                stand_in.record(ApiCall(method, args, self.headers.get("Authorization", ""), answer))
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give the bot as ``slack_api_url``."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def start(self) -> "SlackWebAPI":
        """Start answering."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop answering."""
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method: str, args: Dict[str, Any]) -> Dict[str, Any]:
        """What Slack answers to ``method`` (the fields the bot and the tests read)."""
        answer: Dict[str, Any] = {"ok": True}
        if method in ("chat.postMessage", "chat.update"):
            ts = next_ts() if method == "chat.postMessage" else args.get("ts")
            message = {"type": "message", "text": args.get("text", ""), "user": BOT_USER,
                       "bot_id": BOT_ID, "ts": ts, "team": TEAM}
            if args.get("blocks"):
                message["blocks"] = ApiCall(method, args, "").blocks
            if args.get("thread_ts"):
                message["thread_ts"] = args["thread_ts"]
            answer.update(channel=args.get("channel"), ts=ts, message=message)
        elif method == "chat.postEphemeral":
            answer.update(message_ts=next_ts())
        return answer

    def record(self, call: ApiCall) -> None:
        """Remember one call."""
        with self._lock:
            self.calls.append(call)

    def mark(self) -> int:
        """A position in the call log; pass it as ``after`` to see only later calls."""
        with self._lock:
            return len(self.calls)

    def made(self, method: str, channel: Optional[str] = None, after: int = 0) -> List[ApiCall]:
        """``method`` calls (to ``channel``) made after position ``after``."""
        with self._lock:
            calls = list(self.calls[after:])
        return [c for c in calls if c.method == method and channel in (None, c.args.get("channel"))]

    def posts(self, channel: Optional[str] = None, after: int = 0) -> List[ApiCall]:
        """``chat.postMessage`` calls (to ``channel``) made after position ``after``."""
        return self.made("chat.postMessage", channel, after)

    def updates(self, channel: Optional[str] = None, after: int = 0) -> List[ApiCall]:
        """``chat.update`` calls (to ``channel``) made after position ``after``."""
        return self.made("chat.update", channel, after)

    def wait_for(
        self, method: str, channel: Optional[str], after: int, until: Callable[[ApiCall], bool],
        timeout: float = 20.0,
    ) -> List[ApiCall]:
        """Wait for a ``method`` call to ``channel`` for which ``until`` holds; return the calls up to it."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.made(method, channel, after)
            for index, call in enumerate(calls):
                if until(call):
                    return calls[: index + 1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no matching {method} to {channel} within {timeout} s; got "
                                     f"{[c.args for c in calls]}")
            time.sleep(0.02)

    def wait_for_posts(
        self, channel: str, after: int = 0, count: int = 1, timeout: float = 10.0, settle: float = 1.0
    ) -> List[ApiCall]:
        """Wait for ``count`` posts to ``channel``, then until none has come for ``settle`` seconds.

        Rasa answers Slack in the background, one post per paragraph; this returns all of one answer.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            posts = self.posts(channel, after)
            if len(posts) >= count and time.monotonic() - posts[-1].at >= settle:
                return posts
            time.sleep(0.05)
        posts = self.posts(channel, after)
        if len(posts) < count:
            raise AssertionError(f"expected {count} post(s) to {channel} within {timeout} s, got {posts}")
        return posts


def unique(prefix: str) -> str:
    """A Slack-looking id that no other test uses (e.g. ``U1A2B3C4D5``)."""
    return f"{prefix}{uuid.uuid4().hex[:10].upper()}"


def next_ts() -> str:
    """A unique Slack message timestamp."""
    return f"{int(time.time())}.{next(_counter):06d}"


def envelope(event: Dict[str, Any], event_id: Optional[str] = None) -> Dict[str, Any]:
    """The Events API ``event_callback`` around ``event``."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "AAMYTEST1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or unique("Ev"),
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True,
             "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
        "event_context": unique("4-"),
    }


def message_event(
    text: str, user: str, channel: str, channel_type: str = "channel", **extra: Any
) -> Dict[str, Any]:
    """A ``message`` event (``message.channels`` or, with ``channel_type="im"``, ``message.im``)."""
    ts = extra.pop("ts", None) or next_ts()
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
             "event_ts": ts, "team": TEAM, "channel_type": channel_type}
    event.update(extra)
    return envelope({k: v for k, v in event.items() if v is not None})


def mention_event(text: str, user: str, channel: str, **extra: Any) -> Dict[str, Any]:
    """An ``app_mention`` event: ``text`` gets the bot's mention in front, as Slack sends it."""
    ts = extra.pop("ts", None) or next_ts()
    event = {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{BOT_USER}> {text}",
             "ts": ts, "event_ts": ts, "team": TEAM}
    event.update(extra)
    return envelope(event)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """Slack's ``X-Slack-Signature`` for ``body`` sent at ``timestamp``."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def click(post: ApiCall, user: str, button: int = 0, **action: Any) -> Dict[str, Any]:
    """The ``block_actions`` payload of ``user`` clicking button number ``button`` of ``post``.

    ``action`` overrides fields of the clicked action (e.g. a forged ``value``).
    """
    message = dict(post.answer["message"])
    channel = post.answer["channel"]
    element = post.buttons[button]
    container = {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False}
    if message.get("thread_ts"):
        container["thread_ts"] = message["thread_ts"]
    clicked = {"action_id": element["action_id"], "block_id": unique("b"), "text": element["text"],
               "value": element.get("value"), "type": "button", "action_ts": f"{time.time():.6f}"}
    clicked.update(action)
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "AAMYTEST1",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": unique("trigger-"),
        "team": {"id": TEAM, "domain": "amy-test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "job-search"},
        "message": message,
        "state": {"values": {}},
        "response_url": "https://hooks.slack.invalid/actions/T/1/x",
        "actions": [clicked],
    }


def signed_request(
    payload: Dict[str, Any],
    secret: Optional[str],
    timestamp: Optional[int] = None,
    signature: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
    form: bool = False,
) -> Tuple[bytes, Dict[str, str]]:
    """The body and headers Slack sends for ``payload``; ``secret=None`` sends no signature.

    ``form``: an interaction, ``payload=<json>`` form-encoded (else an event, JSON). ``signature``
    replaces the computed one; ``headers`` are added last (a ``Content-Type`` of their own included).
    """
    if form:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    else:
        body = json.dumps(payload).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    all_headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/json",
                   "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
                   "X-Slack-Request-Timestamp": str(timestamp)}
    if signature is not None:
        all_headers["X-Slack-Signature"] = signature
    elif secret is not None:
        all_headers["X-Slack-Signature"] = sign(secret, body, timestamp)
    all_headers.update(headers or {})
    return body, all_headers


def post_event(
    webhook_url: str,
    payload: Dict[str, Any],
    secret: Optional[str],
    timestamp: Optional[int] = None,
    signature: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
    form: bool = False,
) -> Tuple[int, str]:
    """POST ``payload`` as Slack does (the arguments are :func:`signed_request`'s). Returns (status, body)."""
    body, all_headers = signed_request(payload, secret, timestamp, signature, headers, form)
    request = urllib.request.Request(webhook_url, data=body, headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def a_click(user: str = "U1", channel: str = "C1", ts: str = "9.1") -> Click:
    """A click on the topic button of message ``ts``, as the channel's ``parse_click`` reads it."""
    return Click(user, channel, ts, TOPIC_PAYLOAD, "Call or email?", "choice-0", {"ts": ts})


def slack_credentials(workdir: Path, api_url: str) -> Tuple[Path, Dict[str, str]]:
    """The project's credentials.yml with ``slack_api_url`` set to ``api_url``, written to ``workdir``,
    and the environment for its ``${VAR}``s (token, signing secret, the configured channel).
    """
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    slack_section = credentials["ask_amy.channels.slack.channel.SlackChannel"]
    assert slack_section["slack_token"] == "${SLACK_BOT_TOKEN}", "secrets must come from the environment"
    slack_section["slack_api_url"] = api_url
    credentials_file = workdir / "credentials.yml"
    credentials_file.write_text(yaml.safe_dump(credentials, sort_keys=False))
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_CHANNEL": CHANNEL}
    # slack_sdk would send the replies through a proxy named in these (it ignores NO_PROXY).
    env.update({name: "" for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")})
    return credentials_file, env
