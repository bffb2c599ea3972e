"""``make review``: what people asked that the bot could not answer well, ready to label.

Reads the tracker store the endpoints file configures (Rasa's own ``events`` table, in place)
for a period, and writes into ``var/reviews/`` (git-ignored, like the store itself):

* ``review-<date>.md``  - the summary (with the news people reported: news_counts) and the unsure
  messages, near-duplicates grouped, each group with its count, the bot's guess, its confidence
  and one example;
* ``review-<date>.yml`` - Rasa NLU training data, one block per guessed intent, to correct and
  move into ``data/nlu/``;
* ``review-<date>.html`` (``--html``) - the same as one self-contained page with a topic chart.

It prints the summary as a table. Personal data is masked everywhere (ask_amy.conversations.masking).

Usage: ``python -m ask_amy.conversations.review [--since WHEN] [--until WHEN] [--html] [--endpoints FILE]``
where WHEN is a date (2024-05-01), a local date and time (2024-05-01T09:30) or ``N days`` ago (7d).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, List, Optional, TextIO

import sqlalchemy as sa

from ask_amy.conversations import grouping, news_counts, outcomes, report_html
from ask_amy.conversations.review_model import Review, format_time
from ask_amy.conversations.store import (
    DEFAULT_ENDPOINTS,
    Store,
    StoreError,
    count_conversations,
    failure_reason,
    open_store,
    read_conversations,
)

OUT_DIR = Path("var") / "reviews"
def parse_when(value: str, now: Optional[float] = None) -> float:
    """Return the timestamp of ``2024-05-01``, ``2024-05-01T09:30`` (local time) or ``7d`` (days ago)."""
    value = value.strip()
    relative = re.fullmatch(r"(\d+(?:\.\d+)?)\s*d(ays?)?", value)
    if relative:
        return (time.time() if now is None else now) - float(relative.group(1)) * 86400
    try:
        return datetime.fromisoformat(value.replace(" ", "T")).timestamp()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (2024-05-01), a date and time (2024-05-01T09:30) or days ago (7d)"
        ) from None


def build(
    store: Store,
    since: float,
    until: float,
    low_confidence: float = outcomes.LOW_CONFIDENCE,
    progress: Optional[Callable[[int], None]] = None,
) -> Review:
    """Read the period's conversations and put the review together."""
    review = Review(since, until, store.description)
    unsure: List[outcomes.Message] = []
    for conversation in read_conversations(store, since, until, progress):
        facts = outcomes.analyse(conversation, low_confidence)
        review.conversations += 1
        review.messages += facts.messages
        review.drafts += facts.drafts
        review.outcomes.update(facts.outcomes)
        review.topics.update(facts.topics)
        review.news.add(news_counts.reported(conversation.events))
        if facts.messages:
            review.lengths.append(facts.messages)
        unsure.extend(facts.unsure)
    unsure.sort(key=lambda m: m.timestamp)
    review.groups = grouping.group(unsure)
    return review


def summary_table(review: Review) -> str:
    """Return the summary, then the topics asked, as aligned plain-text tables."""
    rows = review.summary_rows()
    width = max(len(label) for label, _ in rows)
    lines = [f"{label:<{width}}  {value}" for label, value in rows]
    if review.topics:
        lines += ["", "Topics asked"]
        topic_width = max(len(t) for t in review.topics)
        lines += [f"  {t:<{topic_width}}  {n:>6,}" for t, n in review.topics.most_common()]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(review: Review) -> str:
    """Return the review as Markdown: the summary, the topics, the groups of unsure messages."""
    lines = [
        f"# Ask Amy review, {format_time(review.since)} to {format_time(review.until)}",
        "",
        f"Read from {review.store} on {format_time(time.time())}. Personal data is masked.",
        "",
        "## Summary",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {label} | {value} |" for label, value in review.summary_rows()]
    lines += ["", "## Topics asked", ""]
    lines += [f"- {topic}: {count:,}" for topic, count in review.topics.most_common()] or ["(none)"]
    lines += [
        "",
        f"## What the bot was unsure about ({review.unsure:,} messages, {len(review.groups):,} groups)",
        "",
        "| Count | Bot's guess | Confidence | Why | Example |",
        "|---:|---|---:|---|---|",
    ]
    for g in review.groups:
        lines.append(
            f"| {g.count} | {g.guess} | {g.confidence:.2f} | {', '.join(g.reasons)} | "
            f"{_cell(g.example.text)} |"
        )
    return "\n".join(lines) + "\n"


def _example(text: str) -> str:
    """One example line: one line, no entity markup, nothing YAML or Rasa would misread."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def nlu_yaml(review: Review) -> str:
    """Rasa NLU YAML: one block per guessed intent, one example per group (the largest first)."""
    by_intent: Dict[str, List[str]] = {}
    for g in review.groups:
        examples = by_intent.setdefault(g.guess, [])
        example = _example(g.example.text)
        if example and example not in examples:
            examples.append(example)
    lines = [
        f"# Messages Ask Amy was unsure about, {format_time(review.since)} to {format_time(review.until)}.",
        "# Each block holds the examples the bot GUESSED to be that intent: move each example to the",
        "# block of its right intent (or delete it), then move the blocks into data/nlu/ and run",
        "# `make train`. Personal data is masked as <email>, <phone>, <url> and <name>.",
        'version: "3.1"',
        "nlu:" if by_intent else "nlu: []",
    ]
    for intent, examples in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {e}" for e in examples]
    return "\n".join(lines) + "\n"


def write(review: Review, out_dir: Path, html: bool) -> List[Path]:
    """Write the dated review files into ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"review-{datetime.fromtimestamp(review.until).strftime('%Y-%m-%d')}"
    files = {stem.with_suffix(".md"): markdown(review), stem.with_suffix(".yml"): nlu_yaml(review)}
    if html:
        files[stem.with_suffix(".html")] = report_html.render(review)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def progress_printer(total: int, stream: TextIO) -> Optional[Callable[[int], None]]:
    """Report reading progress on a large store, every tenth of the way."""
    if total < 1000:
        return None
    step = max(1, total // 10)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            print(f"  read {done:,} of {total:,} conversations", file=stream, flush=True)

    return report


def main(argv: Optional[List[str]] = None) -> int:
    """Build, print and write the review; exit 2 for bad arguments or an unreadable store."""
    parser = argparse.ArgumentParser(description="Review what the bot was unsure about, ready to label.")
    parser.add_argument(
        "--since", type=parse_when, help="start of the period (default: a day before --until)"
    )
    parser.add_argument("--until", type=parse_when, help="end of the period (default: now)")
    parser.add_argument("--html", action="store_true", help="also write the review as an HTML page")
    parser.add_argument("--endpoints", default=DEFAULT_ENDPOINTS, help="endpoints file")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the review files")
    parser.add_argument(
        "--low-confidence",
        type=float,
        default=outcomes.LOW_CONFIDENCE,
        help="intent confidence below which a message is listed",
    )
    args = parser.parse_args(argv)
    until = args.until if args.until is not None else time.time()
    since = args.since if args.since is not None else until - 86400
    if since >= until:
        parser.error(f"--since ({format_time(since)}) must be before --until ({format_time(until)})")
    try:
        store = open_store(args.endpoints)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        total = count_conversations(store, since, until)
        print(f"Reviewing {total:,} conversations from {store.description}...", file=sys.stderr)
        review = build(store, since, until, args.low_confidence, progress_printer(total, sys.stderr))
    except sa.exc.SQLAlchemyError as error:
        print(f"Reading the tracker store ({store.description}) failed: {failure_reason(error)}",
              file=sys.stderr)
        return 2
    finally:
        store.close()
    print(summary_table(review))
    for path in write(review, args.out, args.html):
        print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
