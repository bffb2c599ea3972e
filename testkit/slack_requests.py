"""What Slack sends to the bot, for the Slack tests (the Web API stand-in is testkit/slack_stand_in.py).

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
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import yaml

from ask_amy.channels.slack.interactions import Click
from ask_amy.paths import ROOT
from testkit.slack_stand_in import (
    BOT_USER,
    CHANNEL,
    SECRET,
    TEAM,
    TOKEN,
    TOPIC_PAYLOAD,
    ApiCall,
    next_ts,
    unique,
)


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
