"""Block Kit for the bot's quick replies on Slack (pure functions, no Slack or Rasa imports).

A reply with buttons (Rasa's ``{"title", "payload"}`` dicts) becomes one message:

- ``section`` blocks with the text as mrkdwn (at most 3,000 characters each, Slack's limit);
- ``actions`` blocks of ``button`` elements (at most 25 each): ``text`` is the title as
  ``plain_text`` (at most 75 characters), ``value`` is the payload, and ``action_id`` is unique
  within the message (``choice-0``, ``choice-1``, ...);
- the message's ``text`` (what notifications, screen readers and old clients show) is the same
  mrkdwn text, which reads as a whole without the buttons.

Once a button is used, :func:`closed_message` rebuilds the message without its ``actions`` blocks
and with a ``context`` line saying what was chosen ("You chose: Draft the email"), or that the
choices are closed, for ``chat.update``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Tuple

from ask_amy.channels.slack.format import escape, split_messages

Block = Dict[str, Any]

MAX_SECTION_CHARS = 3000  # a section's text
MAX_BUTTON_TITLE_CHARS = 75  # a button's text
MAX_BUTTON_VALUE_CHARS = 2000  # a button's value
MAX_ACTIONS_ELEMENTS = 25  # elements in one actions block
MAX_CONTEXT_CHARS = 3000
ACTION_ID_PREFIX = "choice-"

EXPIRED_NOTE = "These choices have closed. Just type your answer instead."


def shorten(text: str, limit: int) -> str:
    """Return ``text`` cut to at most ``limit`` characters, ending with an ellipsis if cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def sections(mrkdwn: str) -> List[Block]:
    """Section blocks holding ``mrkdwn``: paragraphs grouped up to Slack's 3,000 characters."""
    blocks: List[str] = []
    for paragraph in split_messages(mrkdwn):
        while len(paragraph) > MAX_SECTION_CHARS:
            cut = paragraph.rfind(" ", 0, MAX_SECTION_CHARS)
            cut = cut if cut > 0 else MAX_SECTION_CHARS
            blocks.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        if blocks and len(blocks[-1]) + 2 + len(paragraph) <= MAX_SECTION_CHARS:
            blocks[-1] = f"{blocks[-1]}\n\n{paragraph}"
        elif paragraph:
            blocks.append(paragraph)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in blocks]


def button_fields(button: Mapping[str, Any]) -> Tuple[str, str]:
    """Return a Rasa button's (title, value); either stands in for the other when one is missing."""
    title = str(button.get("title") or "").strip()
    payload = button.get("payload")
    value = str(payload).strip() if payload is not None else ""
    return title or value, value or title


def button_elements(buttons: Sequence[Mapping[str, Any]]) -> List[Block]:
    """Slack ``button`` elements for Rasa's buttons (ones with neither title nor payload are left out).

    A payload longer than Slack allows in a value would be cut, and so changed: that button is
    left out too.
    """
    elements: List[Block] = []
    for button in buttons:
        title, value = button_fields(button)
        if not title or len(value) > MAX_BUTTON_VALUE_CHARS:
            continue
        elements.append({
            "type": "button",
            "action_id": f"{ACTION_ID_PREFIX}{len(elements)}",
            "text": {"type": "plain_text", "text": shorten(title, MAX_BUTTON_TITLE_CHARS), "emoji": True},
            "value": value,
        })
    return elements


def button_message(mrkdwn: str, buttons: Sequence[Mapping[str, Any]]) -> Tuple[str, List[Block]]:
    """Return the (fallback text, blocks) of a reply: its text as mrkdwn sections, then its buttons.

    The fallback is the text itself; a reply with buttons but no text has no section, and falls
    back to the titles.
    """
    elements = button_elements(buttons)
    actions = [
        {"type": "actions", "block_id": f"choices-{start // MAX_ACTIONS_ELEMENTS}",
         "elements": elements[start : start + MAX_ACTIONS_ELEMENTS]}
        for start in range(0, len(elements), MAX_ACTIONS_ELEMENTS)
    ]
    text = mrkdwn.strip() or " / ".join(escape(e["text"]["text"]) for e in elements)
    return text, sections(mrkdwn) + actions


def has_buttons(message: Mapping[str, Any]) -> bool:
    """Tell whether ``message`` (as Slack sent it back) still has an ``actions`` block."""
    blocks = message.get("blocks")
    return isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "actions"
                                            for b in blocks)


def chosen_note(title: str) -> str:
    """Return the context line that replaces the buttons once ``title`` was clicked."""
    return shorten(f"You chose: {title}", MAX_CONTEXT_CHARS)


def closed_message(message: Mapping[str, Any], note: str) -> Tuple[str, List[Block]]:
    """Return the (text, blocks) that update ``message`` (as Slack sent it) to show ``note``, buttons removed.

    Every block but the ``actions`` blocks stays; the note is a ``plain_text`` context line.
    Without usable blocks the message is rebuilt from its text.
    """
    text = str(message.get("text") or "").strip()
    blocks = message.get("blocks")
    if isinstance(blocks, list) and all(isinstance(b, dict) for b in blocks):
        kept = [b for b in blocks if b.get("type") != "actions"]
    else:
        kept = sections(text)
    context = {"type": "context", "elements": [{"type": "plain_text", "text": note, "emoji": True}]}
    return (f"{text}\n{escape(note)}" if text else escape(note)), kept + [context]
