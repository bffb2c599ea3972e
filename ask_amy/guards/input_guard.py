r"""What every channel does to a user's text before Rasa sees it (one place, shared by all channels).

:func:`check` takes the text a person sent and returns a :class:`Verdict`: the text to hand to Rasa
(Unicode cleaned up, NFC, no leading ``/`` shortcut), or the reason it must not be (too long, an
``/intent{...}`` command) with the reply. The rules, the limits and the two payloads that pass:
docs/security.md, "Limits" and "What happens to the text". The rest is the glue the channels share
(:func:`guard_handler`, :func:`cap_request_body`); it imports nothing from Rasa or Sanic at run time.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Mapping, Optional, Tuple

from ask_amy.nlu.topic_choice import CHOOSABLE, SOMETHING_ELSE

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rasa.core.channels.channel import UserMessage
    from sanic import Blueprint

logger = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_CHARS = 2000
MAX_MESSAGE_CHARS_VAR = "ASK_AMY_MAX_MESSAGE_CHARS"
DEFAULT_REQUEST_MAX_SIZE = 1_000_000  # bytes; the same as python-engineio's max_http_buffer_size
REQUEST_MAX_SIZE_VAR = "SANIC_REQUEST_MAX_SIZE"  # Sanic reads it itself (SANIC_ prefix)

EMPTY = "empty"
TOO_LONG = "too_long"
COMMAND = "command"
NOT_FORWARDED = frozenset({TOO_LONG, COMMAND})

COMMAND_REPLY = (
    'Commands that start with "/" don\'t work here. Just tell me in your own words, for example '
    '"it\'s been two weeks since my interview, should I email them?"'
)

# What check() changed, for logs and tests.
SURROGATES = "surrogates"
LINE_BREAKS = "line_breaks"
CONTROL_CHARACTERS = "control_characters"
NORMALISED = "normalised"
INTENT_SHORTCUT = "intent_shortcut"
START_PAYLOAD = "start_payload"

# A chat client's conventional first message (rule 3), exactly as sent, and what Rasa gets for it.
START_PAYLOADS = frozenset({"/get_started", "/greet"})
GREETING = "/greet"

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Cc except \t (09) and \n (0a)
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x1c-\x1f\x85]")
# What is left of Rasa's "/intent@confidence{entities}" once the slashes are gone (rule 3).
_TOPIC_PAYLOAD = re.compile(r'/choose_topic\{"topic":"(?P<topic>[a-z_]+)"\}')
_SHORTCUT = re.compile(r"[\w.:-]+(?:@[0-9.]*)?(?:\s*[{\[].*)?", re.S)


def too_long_reply(max_chars: int) -> str:
    """Return the bot's answer to a message longer than ``max_chars`` characters."""
    return (
        f"That message is too long for me (over {max_chars:,} characters). "
        f"Could you ask your question in a few sentences?"
    )


@dataclass(frozen=True)
class Verdict:
    """The outcome of :func:`check`.

    Attributes:
        text: the cleaned text to give Rasa ("" when the message is not forwarded).
        problem: ``None``; ``"empty"`` (still forwarded: the NLU answers it); ``"too_long"`` or
            ``"command"`` (not forwarded: the channel sends :attr:`reply` instead).
        length: the length in characters of the cleaned text (also when too long).
        max_chars: the limit that was applied.
        changes: what the clean-up changed (``"control_characters"``, ``"intent_shortcut"``, ...).

    """

    text: str
    problem: Optional[str] = None
    length: int = 0
    max_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    changes: Tuple[str, ...] = field(default_factory=tuple)

    @property
    def forward(self) -> bool:
        """True when the text goes to Rasa (everything but over-long messages and intent shortcuts)."""
        return self.problem not in NOT_FORWARDED

    @property
    def reply(self) -> Optional[str]:
        """What the channel answers itself instead of asking Rasa (``None`` when Rasa answers)."""
        if self.problem == TOO_LONG:
            return too_long_reply(self.max_chars)
        return COMMAND_REPLY if self.problem == COMMAND else None


def max_message_chars(environ: Optional[Mapping[str, str]] = None) -> int:
    """Return the longest message (in characters) the NLU gets: ``ASK_AMY_MAX_MESSAGE_CHARS`` or 2,000.

    Raises ``ValueError`` when the variable is set but is not a positive whole number, so that a
    typo stops the server at start-up instead of silently changing the limit.
    """
    environ = os.environ if environ is None else environ
    raw = (environ.get(MAX_MESSAGE_CHARS_VAR) or "").strip().replace("_", "").replace(",", "")
    if not raw:
        return DEFAULT_MAX_MESSAGE_CHARS
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(
            f"{MAX_MESSAGE_CHARS_VAR} must be a positive whole number of characters, not {raw!r}"
        )
    return int(raw)


def request_max_size(environ: Optional[Mapping[str, str]] = None) -> Optional[int]:
    """Return the request body limit (bytes) the channels set.

    ``None`` when ``SANIC_REQUEST_MAX_SIZE`` is set (Sanic then applies that value itself).
    """
    environ = os.environ if environ is None else environ
    return None if (environ.get(REQUEST_MAX_SIZE_VAR) or "").strip() else DEFAULT_REQUEST_MAX_SIZE


def strip_intent_prefix(text: str) -> str:
    """Remove the leading ``/`` characters (and surrounding whitespace) Rasa reads as an intent."""
    text = text.lstrip()
    while text.startswith("/"):
        text = text[1:].lstrip()
    return text


def is_topic_payload(text: str) -> bool:
    """Tell whether ``text`` is exactly a quick-reply payload that chooses one of the bot's topics."""
    match = _TOPIC_PAYLOAD.fullmatch(text.strip())
    return bool(match) and match.group("topic") in (*CHOOSABLE, SOMETHING_ELSE)


def is_start_payload(text: str) -> bool:
    """Tell whether ``text`` is exactly a chat client's conventional start payload (rule 3)."""
    return text in START_PAYLOADS


def is_intent_shortcut(text: str) -> bool:
    """Tell whether ``text`` is in Rasa's ``/intent@confidence{entities}`` form (module docstring, rule 3)."""
    stripped = text.strip()
    return stripped.startswith("/") and bool(_SHORTCUT.fullmatch(strip_intent_prefix(stripped).rstrip()))


def clean(text: str) -> Tuple[str, Tuple[str, ...]]:
    """Rule 1 of the module docstring: surrogates, line breaks, control characters, NFC."""
    changes = []
    for pattern, replacement, change in (
        (_SURROGATE, "\ufffd", SURROGATES),
        (_LINE_BREAK, "\n", LINE_BREAKS),
        (_CONTROL, "", CONTROL_CHARACTERS),
    ):
        text, count = pattern.subn(replacement, text)
        if count:
            changes.append(change)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        changes.append(NORMALISED)
    return text, tuple(changes)


def check(text: Optional[str], max_chars: Optional[int] = None) -> Verdict:
    """Clean a user's message and decide whether Rasa gets it (see the module docstring).

    Args:
        text: the text as the channel received it (``None`` counts as empty).
        max_chars: the length limit; default :func:`max_message_chars`.

    Returns:
        The :class:`Verdict`. Never raises for any ``str`` (or ``None``) input.

    """
    if text is not None and not isinstance(text, str):
        raise TypeError(f"check() takes the message text as a str, not {type(text).__name__}")
    limit = max_message_chars() if max_chars is None else max_chars
    cleaned, changes = clean(text or "")
    length = len(cleaned)
    if length > limit:
        return Verdict("", TOO_LONG, length, limit, changes)
    if is_start_payload(text or ""):  # as sent: nothing cleaned away
        return Verdict(GREETING, None, len(GREETING), limit, (START_PAYLOAD,))
    if cleaned.lstrip().startswith("/") and not is_topic_payload(cleaned):
        if is_intent_shortcut(cleaned):
            return Verdict("", COMMAND, length, limit, changes + (INTENT_SHORTCUT,))
        cleaned = strip_intent_prefix(cleaned)
        length = len(cleaned)
        changes += (INTENT_SHORTCUT,)
    problem = EMPTY if not cleaned.strip() else None
    return Verdict(cleaned, problem, length, limit, changes)


# -- glue shared by the channels (duck-typed: no Rasa import at run time) -------------------------

OnNewMessage = Callable[["UserMessage"], Awaitable[Any]]


async def deliver(
    message: "UserMessage",
    on_new_message: OnNewMessage,
    max_chars: Optional[int] = None,
) -> None:
    """Check ``message.text``; hand the cleaned message to Rasa, or answer it here.

    Over-long messages and intent shortcuts are answered here (:attr:`Verdict.reply`), through
    the message's own output channel, so the answer has the channel's usual format (a REST reply
    object, a socket.io ``bot_uttered`` event, a Slack post). Rasa never sees them: the
    conversation (tracker, active form) is left as it was.
    """
    verdict = check(message.text, max_chars)
    if verdict.changes:
        logger.debug(f"Message from {message.sender_id!r} cleaned: {', '.join(verdict.changes)}.")
    if not verdict.forward:
        logger.info(
            f"Message from {message.sender_id!r} not sent to the NLU: {verdict.problem} "
            f"({verdict.length} characters, limit {verdict.max_chars})."
        )
        if message.output_channel is not None and verdict.reply:
            await message.output_channel.send_text_message(message.sender_id, verdict.reply)
        return
    message.text = verdict.text
    await on_new_message(message)


def guard_handler(on_new_message: OnNewMessage, max_chars: Optional[int] = None) -> OnNewMessage:
    """``on_new_message`` with :func:`deliver` in front: what a channel passes to Rasa's code."""
    limit = max_message_chars() if max_chars is None else max_chars

    async def guarded(message: "UserMessage") -> None:
        await deliver(message, on_new_message, limit)

    return guarded


def cap_request_body(blueprint: "Blueprint", environ: Optional[Mapping[str, str]] = None) -> "Blueprint":
    """Make the server refuse request bodies over :func:`request_max_size` bytes (HTTP 413).

    Sanic compares ``Content-Length`` (or the bytes of a chunked body as they arrive) with the
    app's ``REQUEST_MAX_SIZE`` before any handler runs, so an oversized body is never buffered.
    Its default is 100 MB; this sets 1 MB when the server starts, unless ``SANIC_REQUEST_MAX_SIZE``
    is set (Sanic reads that variable itself). The limit is server-wide: it covers every channel.
    """
    limit = request_max_size(environ)

    async def set_limit(app: Any, _loop: Any) -> None:
        if limit is not None and app.config.REQUEST_MAX_SIZE != limit:
            logger.debug(f"Request bodies limited to {limit} bytes (set {REQUEST_MAX_SIZE_VAR} to change).")
            app.config.REQUEST_MAX_SIZE = limit

    blueprint.listener("before_server_start")(set_limit)
    return blueprint
