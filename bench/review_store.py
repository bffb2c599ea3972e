"""``make bench-review``: how long the review takes on a generated store of 10,000 conversations.

Generates a tracker store in Rasa's own schema (the table created by Rasa's ``SQLTrackerStore``)
with synthetic conversations of about 30 events each (about 300,000 events), then runs the
review on it as ``make review`` does and prints the figure against the target (under a minute).
SQLite in a temporary folder by default; ``--postgresql`` also times a scratch PostgreSQL
database on 127.0.0.1 (dropped afterwards).

Usage: ``python -m bench.review_store [--conversations 10000] [--postgresql]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import sqlalchemy as sa

from ask_amy.conversations import review
from testkit.postgresql import throwaway_database

TARGET_SECONDS = 60.0
QUESTIONS = [
    ("should I call or email them", "ask_call_or_email"),
    ("how long should I wait before following up", "ask_wait_or_reach_out"),
    ("what should I write in my follow-up", "ask_what_to_write"),
    ("why haven't they replied yet", "ask_why_no_response"),
    ("I have another offer with a deadline", "inform_competing_offer"),
    ("should I keep applying while I wait", "ask_keep_searching"),
    ("can I ask them for feedback", "ask_feedback"),
    ("should I send a thank you note", "ask_thank_you_note"),
    ("I'm so nervous about this wait", "express_anxiety"),
]
UNSURE = [
    "do recruiters look at {thing} twice",
    "is it weird to mention {thing} when I follow up",
    "my friend said {thing} matters, true",
    "what if they lost {thing}",
]
THINGS = ["my portfolio", "the cover letter", "my references", "the salary", "my linkedin", "the test task"]
CONTACT = [
    "mail me at sam{n}@example.com",
    "my number is 555-01{n:02d}-7788",
    "see https://example.org/cv/{n}",
]


def _event(kind: str, at: float, **data: Any) -> Dict[str, Any]:
    return {"event": kind, "timestamp": at, **data}


def _turn(rng: random.Random, at: float) -> List[Dict[str, Any]]:
    """One synthetic exchange: the message, the action, the reply and action_listen."""
    roll = rng.random()
    if roll < 0.7:
        text, intent = rng.choice(QUESTIONS)
        confidence, action = rng.uniform(0.55, 0.99), "action_give_advice"
    elif roll < 0.9:
        text = rng.choice(UNSURE).format(thing=rng.choice(THINGS))
        intent, confidence, action = "nlu_fallback", rng.uniform(0.2, 0.45), "action_handle_unclear"
    else:
        text = rng.choice(CONTACT).format(n=rng.randrange(100))
        intent, confidence, action = "out_of_scope", rng.uniform(0.5, 0.9), "utter_out_of_scope"
    ranking = [
        {"name": intent, "confidence": confidence},
        {"name": rng.choice(QUESTIONS)[1], "confidence": 0.1},
    ]
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": ranking,
        "entities": [],
    }
    return [
        _event(
            "user",
            at,
            text=text,
            parse_data=parse,
            input_channel="rest",
            message_id=uuid.uuid4().hex,
            metadata={},
        ),
        _event(
            "action",
            at + 0.5,
            name=action,
            policy="RulePolicy",
            confidence=1.0,
            action_text=None,
            hide_rule_turn=False,
        ),
        _event("bot", at + 0.6, text="Here is what the column says about that.", data={}, metadata={}),
        _event(
            "action",
            at + 0.7,
            name="action_listen",
            policy="RulePolicy",
            confidence=1.0,
            action_text=None,
            hide_rule_turn=False,
        ),
    ]


def conversation_rows(rng: random.Random, sender: str, start: float, turns: int) -> Iterator[Dict[str, Any]]:
    """Yield the rows of one synthetic conversation, as Rasa's SQLTrackerStore writes them."""
    events = [
        _event("action", start, name="action_session_start", policy=None, confidence=1.0),
        _event("session_started", start),
        _event("action", start, name="action_listen", policy=None, confidence=1.0),
    ]
    for index in range(turns):
        events += _turn(rng, start + 30 * (index + 1))
    for event in events:
        yield {
            "sender_id": sender,
            "type_name": event["event"],
            "timestamp": event["timestamp"],
            "intent_name": (event.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": event.get("name"),
            "data": json.dumps(event),
        }


def generate(url: str, conversations: int = 10_000, now: Optional[float] = None, seed: int = 11) -> int:
    """Fill the store at ``url`` with synthetic conversations of the last day; return the events."""
    from rasa.core.tracker_store import SQLTrackerStore

    rng = random.Random(seed)
    now = time.time() if now is None else now
    engine = sa.create_engine(url, future=True)
    SQLTrackerStore.Base.metadata.create_all(engine)
    table = SQLTrackerStore.SQLEvent.__table__
    total, batch = 0, []
    with engine.begin() as connection:
        for index in range(conversations):
            start = now - rng.uniform(600, 86000)
            batch.extend(
                conversation_rows(
                    rng, f"amy-{uuid.UUID(int=rng.getrandbits(128)).hex}", start, rng.randint(5, 8)
                )
            )
            if len(batch) >= 20_000 or index == conversations - 1:
                connection.execute(table.insert(), batch)
                total += len(batch)
                batch = []
    engine.dispose()
    return total


def time_review(endpoints: Path, out: Path) -> float:
    """Run the review as ``make review`` does (its output to ``out``); return the seconds it took."""
    import contextlib
    import io

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = review.main(["--endpoints", str(endpoints), "--since", "2d", "--html", "--out", str(out)])
    elapsed = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"the review exited with {code}")
    return elapsed


def report(kind: str, conversations: int, events: int, seconds: float) -> str:
    """One line of the benchmark's table."""
    verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
    return (
        f"{kind:<11} {conversations:>13,} {events:>9,} {seconds:>9.1f} s {events / seconds:>10,.0f} "
        f"events/s   target < {TARGET_SECONDS:.0f} s: {verdict}"
    )


def main(argv: Optional[List[str]] = None) -> int:
    """Generate, review and print the figures."""
    parser = argparse.ArgumentParser(description="Time `make review` on a generated store.")
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--postgresql", action="store_true", help="also time a scratch PostgreSQL database")
    args = parser.parse_args(argv)
    print(f"{'store':<11} {'conversations':>13} {'events':>9} {'review':>11} {'speed':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "trackers.db"
        events = generate(f"sqlite:///{db}", args.conversations)
        endpoints = folder / "endpoints.yml"
        endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{db}"\n')
        print(
            report("SQLite", args.conversations, events, time_review(endpoints, folder / "out")), flush=True
        )
        if args.postgresql:
            print(_postgresql(folder, args.conversations))
    return 0


def _postgresql(folder: Path, conversations: int) -> str:
    with throwaway_database("askamy_bench", host="127.0.0.1", user="postgres") as name:
        events = generate(f"postgresql://postgres@127.0.0.1:5432/{name}", conversations)
        endpoints = folder / "endpoints.pg.yml"
        endpoints.write_text(
            "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n"
            f"  port: 5432\n  db: {name}\n  username: postgres\n"
        )
        return report("PostgreSQL", conversations, events, time_review(endpoints, folder / "out-pg"))


if __name__ == "__main__":
    sys.exit(main())
