"""The news people reported from the employer, counted in `make review`: per conversation, the latest."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import List

from ask_amy.cli.stack import base_env
from ask_amy.conversations import review
from ask_amy.conversations.news_counts import NewsCounts, reported
from ask_amy.conversations.store import Event, open_store, read_conversations
from ask_amy.paths import ROOT
from testkit import conversation_stores as stores
from testkit.conversation_stores import DAY, StoreUnderTest, Turn, as_conversation, conversation_events

tracker_db = stores.tracker_db  # fixtures
scratch_postgresql = stores.scratch_postgresql

NOW = time.time()


def news(value: str, text: str = "I heard back from them") -> Turn:
    return Turn(text, intent="inform", action="action_give_advice", slots={"heard_back": value})


def counted(*conversations: List[Turn]) -> NewsCounts:
    counts = NewsCounts()
    for index, turns in enumerate(conversations):
        counts.add(reported(as_conversation(f"s{index}", turns, NOW).events))
    return counts


def value(text: str, label: str) -> str:
    """The value of one row of the printed summary."""
    found = re.search(rf"^{re.escape(label)}  +(.+)$", text, re.M)
    assert found, text
    return found.group(1)


def test_each_conversation_counts_once_under_its_latest_news() -> None:
    counts = counted(
        [news("next_step"), Turn("should I follow up?"), news("rejection", "they said no")],
        [news("offer"), news("accepted", "I took it")],
        [news("status", "they said they are still deciding")],
        [Turn("should I call or email them?")],
    )
    assert counts.heard_back == 3
    assert counts.kinds == {"rejection": 1, "offer": 1, "next_step": 1}
    assert dict(counts.rows())["Latest news: next step or status"] == "1"
    assert "Latest news: other" not in dict(counts.rows())


def test_news_of_an_unknown_kind_is_counted_and_shown_apart() -> None:
    counts = counted([news("ghosted")], [news("offer")])
    rows = dict(counts.rows())
    assert rows["Heard back from the employer"] == "2"
    assert rows["Latest news: other"] == "1" and rows["Latest news: offer or accepted"] == "1"


def test_followed_up_and_called_as_yes_words_or_bools() -> None:
    counts = counted(
        [Turn("I emailed them last week", slots={"followed_up": "yes"})],
        [Turn("I rang her on monday", slots={"called": True, "followed_up": "no"})],
        [Turn("I emailed and called", slots={"followed_up": True, "called": "yes"})],
        [Turn("should I call them?")],
    )
    assert (counts.followed_up, counts.called, counts.heard_back) == (2, 2, 0)


def new_session(db: StoreUnderTest, sender: str, turns: List[Turn], start: float) -> None:
    """A new session of ``sender``'s conversation as Rasa starts it (every slot set again), then ``turns``."""
    from rasa.core.actions.action import ActionSessionStart
    from rasa.shared.core.events import ActionExecuted, SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker

    async def save() -> None:
        tracker = await db.rasa.retrieve_full_tracker(sender)
        carried = ActionSessionStart._slot_set_events_from_tracker(tracker)
        for event in carried:
            event.timestamp = start
        events = list(tracker.events) + [
            ActionExecuted("action_session_start", timestamp=start),
            SessionStarted(timestamp=start),
            *carried,
            ActionExecuted("action_listen", timestamp=start),
        ]
        events += conversation_events(sender, turns, start, 20.0)[3:]
        await db.rasa.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(save())


def test_slots_carried_into_a_new_session_are_not_news_again(tracker_db: StoreUnderTest) -> None:
    first = [news("offer", "they offered me the job"), Turn("I emailed them", slots={"followed_up": "yes"})]
    tracker_db.add("p", first, NOW - 3 * DAY)
    later = [Turn("thanks", intent="thank_you", action="utter_you_are_welcome")]
    new_session(tracker_db, "p", later, NOW - DAY)
    carried = [e.data.get("value") for e in stored_events(tracker_db) if e.type_name == "slot"]
    assert carried.count("offer") == 2  # the news, and Rasa setting it again in the new session
    store = open_store(tracker_db.endpoints)
    try:
        last_days = review.build(store, NOW - 2 * DAY, NOW)
        whole = review.build(store, NOW - 4 * DAY, NOW)
    finally:
        store.close()
    assert last_days.conversations == 1
    assert (last_days.news.heard_back, last_days.news.followed_up) == (0, 0)
    assert (whole.news.heard_back, whole.news.kinds, whole.news.followed_up) == (1, {"offer": 1}, 1)


def stored_events(db: StoreUnderTest) -> List[Event]:
    store = open_store(db.endpoints)
    try:
        return [e for c in read_conversations(store) for e in c.events]
    finally:
        store.close()


def test_the_printed_summary_the_markdown_and_the_page_show_the_counts(
    tracker_db: StoreUnderTest, tmp_path: Path
) -> None:
    tracker_db.add("c1", [news("offer", "they offered me the job")], NOW - DAY)
    tracker_db.add("c2", [news("next_step"), news("rejection", "they said no in the end")], NOW - DAY + 600)
    tracker_db.add(
        "c3",
        [Turn("I emailed them", slots={"followed_up": "yes"}), Turn("and called", slots={"called": "yes"})],
        NOW - DAY + 1200,
    )
    tracker_db.add("c4", [Turn("should I call or email them?")], NOW - DAY + 1800)
    tracker_db.add("old", [news("rejection")], NOW - 7 * DAY)
    out = tmp_path / "reviews"
    result = subprocess.run(
        [sys.executable, "-m", "ask_amy.conversations.review", "--endpoints", str(tracker_db.endpoints),
         "--since", "2d", "--html", "--out", str(out)],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    expected = {
        "Conversations": "4",
        "Heard back from the employer": "2",
        "Latest news: rejection": "1",
        "Latest news: offer or accepted": "1",
        "Latest news: next step or status": "0",
        "Had already followed up": "1",
        "Had already called": "1",
    }
    assert {label: value(result.stdout, label) for label in expected} == expected
    markdown = next(out.glob("review-*.md")).read_text()
    page = next(out.glob("review-*.html")).read_text()
    for label, count in expected.items():
        assert f"| {label} | {count} |" in markdown
        assert f"<tr><th>{label}</th><td>{count}</td></tr>" in page
