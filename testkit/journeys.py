"""The held-out journeys (tests/journeys/): short conversations with news in them, run and scored.

Each journey is a few turns; a turn may say what its reply must and must not contain and what the
bot's state must be afterwards, and no reply may repeat the one before it word for word. The set
was written apart from the bot (tests/journeys/README.md). ``tests/project/test_journeys.py``
runs it against the live bot and ``make bench`` reports it by category.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from ask_amy.cli.stack import MODEL, running_bot
from ask_amy.paths import ROOT
from testkit.live_servers import sqlite_tracker_store
from testkit.rest_chat import RestChat

JOURNEYS = ROOT / "tests" / "journeys" / "journeys.yml"
TARGET = 0.90  # the share of journeys the issue that asked for the set wants to pass: not reached yet
FLOOR = 0.82  # what `make test` holds the bot to today (59.9% when the set landed, 84.6% now)
# Development sets, each by another writer, that the rules were improved on (tests/conversations/README.md),
# with the share each must keep passing (measured 94.0%, 91.7%, 91.5%, 87.3% and 61.8%)
DEVELOPMENT_FLOORS = {ROOT / "tests" / "conversations" / f"journeys_dev{n}.yml": floor
                      for n, floor in (("", 0.90), ("2", 0.88), ("3", 0.88), ("4", 0.84), ("5", 0.58))}
DEVELOPMENT = tuple(DEVELOPMENT_FLOORS)


@dataclass(frozen=True)
class Turn:
    """One message of a journey and what its reply must show."""

    user: str
    expect: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Journey:
    """A short conversation of one category."""

    id: str
    category: str
    turns: Tuple[Turn, ...]


@dataclass
class Result:
    """How one journey went: its replies, and what was wrong with them (nothing when it passed)."""

    journey: Journey
    replies: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Tell whether every turn met its expectations."""
        return not self.problems


def load(path: Path = JOURNEYS) -> List[Journey]:
    """Read the journeys file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Journey(j["id"], j["category"], tuple(Turn(t["user"], t.get("expect") or {}) for t in j["turns"]))
        for j in document["journeys"]
    ]


def check_reply(reply: str, previous: Optional[str], expect: Mapping[str, Any],
                slots: Mapping[str, Any]) -> List[str]:
    """Return what is wrong with one reply (empty when it meets ``expect``)."""
    problems: List[str] = []
    low = reply.lower()
    if previous is not None and reply.strip() and reply.strip() == previous.strip():
        problems.append("repeats the previous reply")
    for key in ("any", "also_any"):
        stems = expect.get(key)
        if stems and not any(str(s).lower() in low for s in stems):
            problems.append(f"none of {key} {stems}")
    for phrase in expect.get("none") or []:
        if str(phrase).lower() in low:
            problems.append(f"says {phrase!r}")
    for name, value in (expect.get("slots") or {}).items():
        held = slots.get(SLOT_NAMES.get(name, name), "")
        if _spelled(held) != _spelled(value):
            problems.append(f"slot {name}={held!r}, expected {value!r}")
    return problems


# The writers never saw the domain, so a slot is named in their words; this maps such a name to the
# domain's own (the fact checked is the same: the person holds a real competing offer).
SLOT_NAMES = {"competing_offer": "has_competing_offer"}
_TRUE, _FALSE = {"yes", "true", "1"}, {"no", "false", "0"}


def _spelled(value: Any) -> str:
    """A slot value as compared: lower case, and a yes/no fact as "true" or "false" however it is spelled."""
    text = str(value).strip().lower()
    return "true" if text in _TRUE else "false" if text in _FALSE else text


def run(journey: Journey, send: Callable[[str], str], slots: Callable[[], Mapping[str, Any]]) -> Result:
    """Play ``journey`` through ``send`` (one message in, the reply's text out) and check each turn."""
    result = Result(journey)
    previous: Optional[str] = None
    for number, turn in enumerate(journey.turns, start=1):
        reply = send(turn.user)
        result.replies.append(reply)
        wanted = dict(turn.expect)
        state = slots() if wanted.get("slots") else {}
        result.problems += [f"turn {number}: {p}" for p in check_reply(reply, previous, wanted, state)]
        previous = reply
    return result


def run_over_rest(journey: Journey, rasa_url: str, db: Path) -> Result:
    """Play ``journey`` as a new conversation over REST; its slots are read from the SQLite store ``db``."""
    chat = RestChat(rasa_url)
    return run(journey, chat.say, lambda: slots_in_sqlite(db, chat.sender))


def run_all(workdir: Path, model: Path = MODEL, path: Path = JOURNEYS) -> List[Result]:
    """Start the bot with ``model`` and a SQLite store in ``workdir``; play every journey of ``path``."""
    return run_sets(workdir, [path], model)[0]


def run_sets(workdir: Path, paths: Sequence[Path], model: Path = MODEL) -> List[List[Result]]:
    """Start the bot once and play every journey of each file in ``paths``; one result list per file."""
    db = workdir / "trackers.db"
    with running_bot(workdir, model, sqlite_tracker_store(db)) as servers:
        return [[run_over_rest(journey, servers["rasa"].url, db) for journey in load(path)] for path in paths]


def slots_in_sqlite(db: Path, sender: str) -> Dict[str, Any]:
    """The conversation's slot values, replayed from the slot events of a SQLite tracker store."""
    values: Dict[str, Any] = {}
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot' ORDER BY id", (sender,)
        ).fetchall()
    for (data,) in rows:
        event = yaml.safe_load(data)
        values[event.get("name")] = event.get("value")
    return values


def by_category(results: Sequence[Result]) -> Dict[str, Tuple[int, int]]:
    """Passed and total journeys per category."""
    counts: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        counts[result.journey.category][0] += result.passed
        counts[result.journey.category][1] += 1
    return {category: (passed, total) for category, (passed, total) in sorted(counts.items())}


def report(results: Sequence[Result]) -> str:
    """A table of the pass rate by category, and overall."""
    lines = ["| category | passed | journeys | rate |", "|---|---|---|---|"]
    for category, (passed, total) in by_category(results).items():
        lines.append(f"| {category} | {passed} | {total} | {passed / total:.0%} |")
    passed = sum(r.passed for r in results)
    lines.append(f"| **all** | {passed} | {len(results)} | {passed / max(len(results), 1):.1%} |")
    return "\n".join(lines)
