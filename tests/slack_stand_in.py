"""A local stand-in for Slack, for the live Slack tests.

- ``SlackWebAPI``: Slack's Web API on a free loopback port. It records every call (above all
  ``chat.postMessage``) and answers ``{"ok": true, ...}`` as Slack does.
- ``sign`` / ``post_event``: send an Events API request to the Rasa server, signed exactly as
  Slack signs it (``v0:{timestamp}:{body}``, HMAC-SHA256 with the signing secret).
- ``message_event`` / ``mention_event``: Events API payloads with unique event ids and ``ts``.
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
from typing import Any, Dict, List, Optional, Tuple

TEAM = "TAMYTEST1"
BOT_USER = "UAMYBOT01"
BOT_ID = "BAMYBOT01"
_counter = itertools.count(1)


@dataclass
class ApiCall:
    """One Web API call the bot made."""

    method: str
    args: Dict[str, Any]
    authorization: str
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """The posted text ("" if none)."""
        return str(self.args.get("text", ""))


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
                stand_in.record(ApiCall(method, args, self.headers.get("Authorization", "")))
                answer: Dict[str, Any] = {"ok": True}
                if method == "chat.postMessage":
                    ts = f"{time.time():.6f}"
                    answer.update(
                        channel=args.get("channel"),
                        ts=ts,
                        message={"type": "message", "text": args.get("text", ""), "user": BOT_USER,
                                 "bot_id": BOT_ID, "ts": ts},
                    )
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

    def record(self, call: ApiCall) -> None:
        """Remember one call."""
        with self._lock:
            self.calls.append(call)

    def mark(self) -> int:
        """A position in the call log; pass it as ``after`` to see only later calls."""
        with self._lock:
            return len(self.calls)

    def posts(self, channel: Optional[str] = None, after: int = 0) -> List[ApiCall]:
        """``chat.postMessage`` calls (to ``channel``) made after position ``after``."""
        with self._lock:
            calls = list(self.calls[after:])
        return [c for c in calls
                if c.method == "chat.postMessage" and channel in (None, c.args.get("channel"))]

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

    def assert_no_posts(self, channel: Optional[str], after: int, wait: float = 3.0) -> None:
        """Nothing is posted to ``channel`` (``None``: anywhere) for ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            posts = self.posts(channel, after)
            assert not posts, f"unexpected reply: {[p.args for p in posts]}"
            time.sleep(0.05)


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


def post_event(
    webhook_url: str,
    payload: Dict[str, Any],
    secret: Optional[str],
    timestamp: Optional[int] = None,
    signature: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
) -> Tuple[int, str]:
    """POST ``payload`` as Slack does; ``secret=None`` sends no signature. Returns (status, body)."""
    body = json.dumps(payload).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    all_headers = {"Content-Type": "application/json",
                   "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
                   "X-Slack-Request-Timestamp": str(timestamp)}
    if signature is not None:
        all_headers["X-Slack-Signature"] = signature
    elif secret is not None:
        all_headers["X-Slack-Signature"] = sign(secret, body, timestamp)
    all_headers.update(headers or {})
    request = urllib.request.Request(webhook_url, data=body, headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
