"""Ask Amy's REST channel: Rasa 3.6's ``RestInput`` with its input checked before Rasa sees it.

Registered in credentials.yml as ``ask_amy.channels.rest.GuardedRestInput``. Its name stays ``rest``, so
the URL stays ``POST /webhooks/rest/webhook`` (the widget, ``rasa shell`` and the tests use it) and
``GET /webhooks/rest/`` answers ``{"status": "ok"}``. Request and reply formats are Rasa's:
``{"sender": "...", "message": "..."}`` in, ``[{"recipient_id": "...", "text": "..."}, ...]`` out,
``?stream=true`` included (``rasa shell`` uses it).

What it changes:

- Malformed requests get HTTP 400 and ``{"error": "<what is wrong>"}`` (Rasa answers some with
  a 500, some with an empty list after logging a crash, some with Sanic's own error format):
  a Content-Type other than ``application/json``, a body that is not UTF-8, not JSON or not a
  JSON object, a missing or non-string ``message`` (``""`` is fine: the bot answers that it came
  through empty), a missing or bad ``sender`` (a non-empty printable string of at most
  :data:`MAX_SENDER_CHARS` characters; Rasa would otherwise put every sender-less request into
  one shared ``default`` conversation), and ``metadata`` that is not an object.
- The client can no longer choose ``input_channel`` (Rasa takes it from the request body):
  it is always ``rest``.
- Every message goes through :mod:`ask_amy.guards.input_guard`: control characters removed, NFC,
  leading ``/`` removed (no ``/intent{...}`` shortcuts), and messages over the length limit
  answered with a short reply without reaching the NLU.
- Request bodies over 1 MB are refused with 413 before they are read
  (:func:`ask_amy.guards.input_guard.cap_request_body`).
- When the server is overloaded, a message that cannot be answered within ``ASK_AMY_MAX_WAIT_S``
  gets the busy reply instead, and Rasa never sees it (:mod:`ask_amy.guards.admission`).
- When the tracker store or the lock store fails mid-message, the person gets an apology instead
  of ``[]``, and nothing of the message is stored (:mod:`ask_amy.guards.outage`).
- Once the server has started, what it loaded (Rasa, TensorFlow, the model) is frozen out of the
  garbage collector's full passes, which otherwise stop every reply for a moment
  (:mod:`ask_amy.channels.gc_freeze`).
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from ask_amy.channels.gc_freeze import freeze_after_start
from ask_amy.guards.admission import admitted
from ask_amy.guards.input_guard import cap_request_body, guard_handler, max_message_chars
from ask_amy.guards.outage import answered_or_apology, hook_tracker_store

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 256


class BadRequest(ValueError):
    """A request the webhook answers with HTTP 400 and ``{"error": str(error)}``."""


def error_response(message: str, status: int = HTTPStatus.BAD_REQUEST) -> HTTPResponse:
    """Return the JSON error answer: ``{"error": message}``."""
    return response.json({"error": message}, status=status)


def parse_json_object(request: Request) -> Dict[str, Any]:
    """Read the request body as a JSON object: strict UTF-8, ``application/json`` only."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise BadRequest("Content-Type must be application/json.")
    try:
        body = (request.body or b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest("The request body is not valid UTF-8.") from None
    try:
        payload = json.loads(body)
    except ValueError:
        raise BadRequest("The request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest("The request body must be a JSON object.")
    return payload


def valid_sender(sender: Any) -> bool:
    """Check a conversation id: a non-empty printable string of at most ``MAX_SENDER_CHARS`` characters."""
    return (
        isinstance(sender, str)
        and 0 < len(sender) <= MAX_SENDER_CHARS
        and sender.isprintable()
        and bool(sender.strip())
    )


def validate_message_request(payload: Dict[str, Any]) -> None:
    """Raise :class:`BadRequest` unless ``payload`` is a well-formed REST message."""
    if "sender" not in payload:
        raise BadRequest('Missing "sender" (the conversation id, a string).')
    if not valid_sender(payload["sender"]):
        raise BadRequest(
            f'"sender" must be a non-empty printable string of at most {MAX_SENDER_CHARS} characters.'
        )
    if "message" not in payload:
        raise BadRequest('Missing "message" (the text of the message, a string).')
    if not isinstance(payload["message"], str):
        raise BadRequest('"message" must be a string.')
    if payload.get("metadata") is not None and not isinstance(payload["metadata"], dict):
        raise BadRequest('"metadata" must be a JSON object.')


class GuardedRestInput(RestInput):
    """Rasa's REST channel with strict request checks and :mod:`ask_amy.guards.input_guard`."""

    @classmethod
    def name(cls) -> Text:
        """``rest``: the webhook stays ``/webhooks/rest/webhook``."""
        return "rest"

    def __init__(self, max_chars: Optional[int] = None) -> None:
        """Create the channel; ``max_chars`` defaults to ``ASK_AMY_MAX_MESSAGE_CHARS`` or 2,000."""
        super().__init__()
        self.max_chars = max_message_chars() if max_chars is None else max_chars

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's routes: the request checked, every message guarded, admitted, answered or apologised for."""
        handler = guard_handler(admitted(answered_or_apology(on_new_message)), self.max_chars)
        webhook = super().blueprint(handler)

        @webhook.on_request
        async def check_request(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                payload = parse_json_object(request)
                validate_message_request(payload)
            except BadRequest as error:
                logger.debug(f"Bad REST request: {error}")
                return error_response(str(error))
            request.parsed_json = payload  # Rasa's handler reads this (no second, lenient parse)
            return None

        return freeze_after_start(hook_tracker_store(cap_request_body(webhook)))
