"""The terminal chat of ``make chat``: a small client of the Rasa server's REST channel.

It replaces ``rasa shell``'s console, whose buttons are a questionary selection list. Here the
bot's buttons are numbered choices under its message::

    Want me to help you write it?
      1. Draft the email
      2. Where does that come from?

and the person answers with a number, with a button's title, or in their own words. A number
or a title stands for that button's payload only while its buttons are the latest ones shown;
anything else is sent as typed. Payloads are plain words ("draft the email") that the NLU reads
like typed text, or the closed topic-choice shape (:func:`actions.topics.payload`), so the
choices give no more power than typing. Messages go through the REST channel, and so through
the same input checks as the widget (``ask_amy/guards/input_guard.py``).

Replies are labelled, wrapped to the terminal's width (read again at every turn, so a resized
window is followed) with their paragraphs kept, and a blank line separates turns. A number that
matches no shown button gets "Choose 1-2, or type your answer" instead of being sent.

``python -m ask_amy.cli.shell --url http://127.0.0.1:5005``; "quit", "exit", ``/stop``, Ctrl-D or
Ctrl-C ends it, and "bye" ends it after the bot's goodbye.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import sys
import textwrap
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Sequence, Tuple

PROMPT = "Your input ->  "
WELCOME = "Bot loaded. Type a message and press enter ('quit' or Ctrl-D to leave): "
STOP = "/stop"
LEAVE = frozenset({STOP, "quit", "exit", "/quit", "/exit", "quit()", "exit()"})
GOODBYE = frozenset({"bye", "goodbye", "bye bye", "bye!", "goodbye!", "ciao"})
LABEL = "Amy: "
TIMEOUT = 60.0

Reply = Dict[str, Any]


@dataclass(frozen=True)
class Choice:
    """A button the bot just showed: its number, title and payload."""

    number: int
    title: str
    payload: str


def choices_in(replies: Sequence[Reply]) -> List[Choice]:
    """Return the buttons of one bot turn, numbered from 1 in the order shown."""
    buttons = [b for r in replies for b in (r.get("buttons") or []) if isinstance(b, dict)]
    choices = []
    for number, button in enumerate(buttons, start=1):
        title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
        choices.append(Choice(number, title or payload, payload or title))
    return choices


def render(replies: Sequence[Reply]) -> str:
    """Return the bot's turn as terminal text, each message followed by its numbered buttons."""
    lines: List[str] = []
    number = 0
    for reply in replies:
        if reply.get("text"):
            lines.append(str(reply["text"]))
        if reply.get("image"):
            lines.append(f"Image: {reply['image']}")
        if reply.get("custom") is not None:
            custom = reply["custom"]
            text = custom.get("text") if isinstance(custom, dict) else None
            lines.append(str(text) if text else json.dumps(custom, ensure_ascii=False))
        for button in reply.get("buttons") or []:
            if isinstance(button, dict):
                number += 1
                lines.append(f"  {number}. {button.get('title') or button.get('payload')}")
    return "\n".join(lines)


def width() -> int:
    """Return the width to wrap at: the terminal's, read now, less one column."""
    return max(shutil.get_terminal_size((100, 24)).columns - 1, 20)


_CHOICE = re.compile(r"^(\s*\d+\.\s+)")


def wrap(text: str, columns: int) -> str:
    """Wrap each line at ``columns``, never inside a word; blank lines stay, a choice hangs under its text."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= columns:
            lines.append(line.rstrip())
            continue
        hang = _CHOICE.match(line)
        indent = " " * len(hang.group(1)) if hang else ""
        lines.append(textwrap.fill(line, columns, subsequent_indent=indent, break_on_hyphens=False,
                                   break_long_words=False))
    return "\n".join(lines)


def out_of_range(typed: str, choices: Sequence[Choice]) -> str:
    """Return the hint for a number that matches no shown button ("" when it is not one)."""
    number = typed.strip().rstrip(".")
    if not choices or not number.isdigit() or 1 <= int(number) <= len(choices):
        return ""
    span = "1" if len(choices) == 1 else f"1-{len(choices)}"
    return f"Choose {span}, or type your answer."


def resolve(typed: str, choices: Sequence[Choice]) -> str:
    """Return what to send for ``typed``: a shown button's payload for its number or title, else it."""
    wanted = " ".join(typed.split()).casefold()
    for choice in choices:
        if wanted in (str(choice.number), " ".join(choice.title.split()).casefold()):
            return choice.payload
    return typed


def post(url: str, sender: str, text: str, timeout: float = TIMEOUT) -> List[Reply]:
    """Send one message to the REST webhook and return the bot's replies."""
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        replies = json.loads(response.read() or b"[]")
    return replies if isinstance(replies, list) else []


Send = Callable[[str], List[Reply]]


def turn(typed: str, choices: Sequence[Choice], send: Send) -> Tuple[str, List[Choice]]:
    """Send what ``typed`` stands for; return the text to print and the buttons now shown."""
    try:
        replies = send(resolve(typed, choices))
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")[:300]
        return f"The server refused that message ({error.code}): {detail}", list(choices)
    except (OSError, ValueError) as error:
        return f"The Rasa server did not answer ({error}). Is it still running?", list(choices)
    return render(replies) or "(no reply)", choices_in(replies)


def chat(send: Send, read: Callable[[str], str] = input, write: Callable[[str], Any] = print,
         columns: Callable[[], int] = width) -> None:
    """Run the read-send-print loop, until "quit", ``/stop``, "bye", Ctrl-D or Ctrl-C."""
    write(WELCOME)
    choices: List[Choice] = []
    while True:
        try:
            typed = read(PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        said = " ".join(typed.split()).casefold()
        if said in LEAVE:
            return
        hint = out_of_range(typed, choices)
        if hint:
            write(hint)
            continue
        text, choices = turn(typed, choices, send)
        write(wrap(LABEL + text, columns()))
        write("")
        if said in GOODBYE:
            return


def line_editor() -> Callable[[str], str]:
    """Return the function that reads a line: prompt_toolkit's on a terminal, else ``input``.

    prompt_toolkit (which Rasa already brings) keeps the history on the arrow keys and takes a
    pasted letter of several lines as one message (bracketed paste), where ``input`` would send
    each line on its own. Piped input, and a terminal it cannot drive, fall back to ``input``.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return input
    try:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory
    except ImportError:  # pragma: no cover - Rasa depends on it
        return input
    session: Any = PromptSession(history=InMemoryHistory())
    return lambda prompt: str(session.prompt(prompt))


def main(argv: Sequence[str] = ()) -> None:
    """Chat with the Rasa server at ``--url`` in one new conversation."""
    parser = argparse.ArgumentParser(prog="python -m ask_amy.cli.shell", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="the Rasa server")
    parser.add_argument("--sender", default="", help="the conversation id (default: a new one)")
    args = parser.parse_args(list(argv))
    # Ctrl-C ends the chat at once, by the signal's default action. A Python handler can miss it:
    # a SIGINT that arrives just before readline starts waiting for a key is only seen after the
    # next key. (chat.sh gives the terminal its settings back.)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    webhook = args.url.rstrip("/") + "/webhooks/rest/webhook"
    sender = args.sender or f"shell-{uuid.uuid4().hex[:12]}"
    chat(lambda text: post(webhook, sender, text), read=line_editor())


if __name__ == "__main__":
    main(sys.argv[1:])
