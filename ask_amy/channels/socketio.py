"""Ask Amy's socket.io channel: Rasa 3.6's ``SocketIOInput`` with its input checked and rooms fixed.

Registered in credentials.yml as ``ask_amy.channels.socketio.GuardedSocketIOInput``, with Rasa's
``socketio`` settings, name and path (``/socket.io``). Its ``user_uttered`` and ``session_request``
handlers are replaced: ``enter_room`` is awaited (Rasa 3.6 never joined the session room), malformed
events get a short reply, and messages go through the input guard, the admission queue and the
outage apology. The detail: docs/security.md, "Malformed requests"; docs/deploy.md, "Overload".
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from ask_amy.channels.gc_freeze import freeze_after_start
from ask_amy.channels.rest import valid_sender
from ask_amy.guards.admission import admitted
from ask_amy.guards.input_guard import cap_request_body, deliver, max_message_chars
from ask_amy.guards.outage import answered_or_apology, hook_tracker_store

logger = logging.getLogger(__name__)

MALFORMED_REPLY = (
    "Sorry, I couldn't read that message: it was not sent the way I expect. "
    "Could you type it again?"
)


class MalformedEvent(ValueError):
    """A user message event the channel cannot turn into a ``UserMessage``."""


def event_text(data: Dict[str, Any]) -> str:
    """Return the ``message`` of an event: a string, or "" when missing or null."""
    text = data.get("message")
    if text is None:
        return ""
    if not isinstance(text, str):
        raise MalformedEvent(f"message is a {type(text).__name__}, not a string")
    return text


def event_metadata(data: Dict[str, Any], key: Text) -> Dict[str, Any]:
    """Return the metadata of an event: an object, a JSON object string, or {} when missing or null."""
    metadata = data.get(key)
    if metadata is None or metadata == "":
        return {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            raise MalformedEvent("metadata is a string but not JSON") from None
    if not isinstance(metadata, dict):
        raise MalformedEvent(f"metadata is a {type(metadata).__name__}, not an object")
    return metadata


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with checked events, :mod:`ask_amy.guards.input_guard`, and working rooms."""

    @classmethod
    def name(cls) -> Text:
        """``socketio``, as Rasa's channel."""
        return "socketio"

    def __init__(self, *args: Any, max_chars: Optional[int] = None, **kwargs: Any) -> None:
        """Rasa's arguments; ``max_chars`` defaults to ``ASK_AMY_MAX_MESSAGE_CHARS`` or 2,000."""
        super().__init__(*args, **kwargs)
        self.max_chars = max_message_chars() if max_chars is None else max_chars

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint, with the ``session_request`` and user message handlers replaced."""
        webhook = super().blueprint(on_new_message)
        admit = admitted(answered_or_apology(on_new_message))
        sio = self.sio
        assert sio is not None  # set by SocketIOInput.blueprint

        async def session_request(sid: Text, data: Any = None, *_: Any) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not valid_sender(session_id):
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug(f"User {sid} connected to socketIO endpoint.")

        async def handle_message(sid: Text, data: Any = None, *_: Any) -> None:
            output_channel = SocketIOOutput(sio, self.bot_message_evt)
            try:
                if not isinstance(data, dict):
                    raise MalformedEvent(f"the event data is a {type(data).__name__}, not an object")
                if self.session_persistence:
                    if not valid_sender(data.get("session_id")):
                        logger.warning(
                            "A socket.io message without a valid session_id was ignored: "
                            "send session_request first."
                        )
                        return
                    sender_id = data["session_id"]
                else:
                    sender_id = sid
                text = event_text(data)
                metadata = event_metadata(data, self.metadata_key or "metadata")
            except MalformedEvent as error:
                logger.info(f"Malformed socket.io message from {sid}: {error}.")
                await output_channel.send_text_message(sid, MALFORMED_REPLY)
                return
            message = UserMessage(
                text, output_channel, sender_id, input_channel=self.name(), metadata=metadata
            )
            await deliver(message, admit, self.max_chars)

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return freeze_after_start(hook_tracker_store(cap_request_body(webhook)))
