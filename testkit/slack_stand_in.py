"""A local stand-in for Slack, for the live Slack tests: ``SlackWebAPI``, its Web API on a loopback port.

It records every call (``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``, ...) and
answers ``{"ok": true, ...}`` as Slack does, with the posted message's ``ts``. What Slack sends to
the bot (events, clicks, signed requests) is testkit/slack_requests.py.
"""

from __future__ import annotations

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
from typing import Any, Callable, Dict, List, Optional

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
