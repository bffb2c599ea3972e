"""The README's example conversation, from a real run of the current bot.

``python -m testkit.transcript`` starts the action server and the Rasa server on free loopback
ports (as the tests do, ``ask_amy/cli/stack.py``), sends :data:`CONVERSATION` over REST, and
writes the conversation as ``make chat`` shows it (ask_amy/cli/shell.py: buttons as numbered choices)
into README.md between :data:`START` and :data:`END`. ``--check`` only says whether the README is
up to date. Run it again whenever the bot's answers change: ``tests/project/test_transcript.py`` fails
until the README shows what the bot says now.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Union

from ask_amy.cli import shell
from ask_amy.cli.stack import running_bot
from ask_amy.paths import ROOT

README = ROOT / "README.md"
START = "<!-- transcript: made by `python -m testkit.transcript`; do not edit by hand -->"
END = "<!-- end of transcript -->"
WIDTH = 100


@dataclass(frozen=True)
class Click:
    """Choosing the button called ``title`` among those the bot just showed (by its number)."""

    title: str


Turn = Union[str, Click]

CONVERSATION: List[Turn] = [
    "Dear Amy, long-time reader. I had a panel interview for a school librarian job, then the principal "
    "called my references, and that was almost three weeks ago. Nothing since. Meanwhile a public library "
    "offered me a job yesterday and wants an answer by Friday. should i just call the principal?",
    "ok, I emailed her and told her about the offer. she says the committee can't decide before next week",
    Click("Where does that come from?"),
]


class NotShown(LookupError):
    """A :class:`Click` on a button the bot did not show."""


def typed_for(turn: Turn, choices: Sequence[shell.Choice]) -> str:
    """Return what the person types for ``turn``: its text, or the number of the button it clicks."""
    if isinstance(turn, str):
        return turn
    for choice in choices:
        if choice.title == turn.title:
            return str(choice.number)
    raise NotShown(f"no button {turn.title!r} among {[c.title for c in choices]}")


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap long lines at ``width`` columns, as the terminal chat does (``shell.wrap``)."""
    return shell.wrap(text, width)


def record(send: Callable[[str], List[Dict[str, Any]]], conversation: Sequence[Turn] = CONVERSATION) -> str:
    """Hold ``conversation`` with the bot behind ``send``; return it as the terminal shows it."""
    shown: List[str] = []
    choices: List[shell.Choice] = []
    for turn in conversation:
        typed = typed_for(turn, choices)
        shown.append(wrap(shell.PROMPT + typed))
        replies = send(shell.resolve(typed, choices))
        shown.append(wrap(shell.LABEL + shell.render(replies)) + "\n")  # a blank line between turns
        choices = shell.choices_in(replies)
    return "\n".join(shown).rstrip("\n")


def block(transcript: str) -> str:
    """Return the README block for ``transcript``, markers included."""
    return f"{START}\n```text\n{transcript}\n```\n{END}"


def readme_block(readme: str) -> str:
    """Return the transcript block now in ``readme`` (``ValueError`` without its markers)."""
    start, end = readme.index(START), readme.index(END)
    return readme[start:end + len(END)]


def replace_block(readme: str, transcript: str) -> str:
    """``readme`` with its transcript block replaced by ``transcript``."""
    return readme.replace(readme_block(readme), block(transcript))


def over_rest(base_url: str) -> Callable[[str], List[Dict[str, Any]]]:
    """Return a ``send`` for :func:`record`: a new conversation with the Rasa server at ``base_url``."""
    webhook = f"{base_url}/webhooks/rest/webhook"
    sender = f"transcript-{uuid.uuid4().hex[:8]}"
    return lambda text: shell.post(webhook, sender, text)


def live_transcript() -> str:
    """Start both servers, hold :data:`CONVERSATION` over REST, stop them; the transcript."""
    with tempfile.TemporaryDirectory() as workdir, running_bot(Path(workdir)) as servers:
        return record(over_rest(servers["rasa"].url))


def main(argv: Sequence[str] = ()) -> int:
    """Write the README's transcript (or, with ``--check``, tell whether it is up to date)."""
    parser = argparse.ArgumentParser(prog="python -m testkit.transcript", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the README is stale")
    args = parser.parse_args(list(argv))
    readme = README.read_text(encoding="utf-8")
    updated = replace_block(readme, live_transcript())
    if args.check:
        print("README transcript is up to date." if updated == readme else "README transcript is stale.")
        return 0 if updated == readme else 1
    README.write_text(updated, encoding="utf-8")
    print("README transcript written." if updated != readme else "README transcript unchanged.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
