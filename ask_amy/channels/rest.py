"""Ask Amy's REST channel: Rasa 3.6's ``RestInput`` with its input checked before Rasa sees it.

Registered in credentials.yml as ``ask_amy.channels.rest.GuardedRestInput``; its name stays ``rest``
and its URL ``POST /webhooks/rest/webhook`` (request and reply formats are Rasa's, ``?stream=true``
included). What it changes (HTTP 400 for malformed requests, the input guard, the body limit, the
admission queue, the outage apology, the frozen GC): docs/security.md, "Malformed requests", and
docs/deploy.md, "Overload" and "When something fails".
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
