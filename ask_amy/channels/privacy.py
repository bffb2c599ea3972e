"""The widget's "Delete this conversation": ``POST /webhooks/privacy/forget`` with ``{"sender": "<id>"}``.

Registered in credentials.yml as ``ask_amy.channels.privacy.PrivacyInput``. The request carries only the
conversation's own id, which the browser holds: a random id of 128 bits (web/amy-widget.js), so
nobody can guess another person's. Ids shorter than :data:`MIN_SENDER_CHARS` characters (such as
Slack's user ids, which are not secret) cannot be deleted this way. Every event of the
conversation is deleted from the running server's own tracker store, holding the conversation's
lock so that a message being answered finishes first. Answers:

- 200 ``{"deleted": <events removed>}`` (0 when nothing was stored under that id);
- 400 ``{"error": ...}`` for a malformed request or id;
- 501 for a tracker store whose conversations cannot be deleted here, 503 when the store fails.

Creating the channel also masks personal data in every log line of the Rasa server
(:func:`ask_amy.conversations.masking.install_log_masking`): Rasa quotes user messages at debug level.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from ask_amy.channels.rest import BadRequest, error_response, parse_json_object
from ask_amy.conversations.erasure import UnsupportedStore, forget_in_tracker_store
from ask_amy.conversations.masking import install_log_masking

logger = logging.getLogger(__name__)

MIN_SENDER_CHARS = 32
MAX_SENDER_CHARS = 128
SENDER = re.compile(rf"[A-Za-z0-9_-]{{{MIN_SENDER_CHARS},{MAX_SENDER_CHARS}}}")


def sender_to_forget(payload: Dict[str, Any]) -> str:
    """Return the request's conversation id, or raise :class:`BadRequest` saying what is wrong."""
    if set(payload) != {"sender"}:
        raise BadRequest('The body must be {"sender": "<conversation id>"} and nothing else.')
    sender = payload["sender"]
    if not isinstance(sender, str) or not SENDER.fullmatch(sender):
        raise BadRequest(
            f'"sender" must be the conversation\'s id: {MIN_SENDER_CHARS} to {MAX_SENDER_CHARS} '
            "letters, digits, '-' or '_'."
        )
    return sender


class PrivacyInput(InputChannel):
    """Erasure requests from the widget (no messages come in through it)."""

    @classmethod
    def name(cls) -> Text:
        """``privacy``: the routes are under ``/webhooks/privacy/``."""
        return "privacy"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PrivacyInput":
        """Create the channel (it has no settings) and mask personal data in the server's logs."""
        install_log_masking()
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """``GET /`` (health) and ``POST /forget``."""
        privacy = Blueprint("privacy_webhook", __name__)

        @privacy.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @privacy.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            try:
                sender = sender_to_forget(parse_json_object(request))
            except BadRequest as error:
                return error_response(str(error))
            agent = request.app.ctx.agent
            try:
                async with agent.lock_store.lock(sender):
                    removed = forget_in_tracker_store(agent.tracker_store, sender)
            except UnsupportedStore as error:
                return error_response(str(error), HTTPStatus.NOT_IMPLEMENTED)
            except Exception:  # noqa: BLE001  (the database or the lock store failing)
                logger.exception("Deleting a conversation failed.")
                return error_response(
                    "The conversation could not be deleted right now; try again later.",
                    HTTPStatus.SERVICE_UNAVAILABLE,
                )
            logger.info(f"Conversation deleted on request: {removed} events removed.")
            return response.json({"deleted": removed})

        return privacy
