"""Retention: delete every conversation whose last event is older than the retention period.

``CONVERSATION_RETENTION_DAYS`` (default 30) sets the period. A conversation is judged by its
*last* event, so one that started long ago but was continued recently stays whole. Run daily
by ``make prune`` (cron or a systemd timer, docs/deploy.md).

Usage: ``python -m ask_amy.conversations.retention [--days N] [--endpoints FILE] [--dry-run]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from typing import List, Optional

import sqlalchemy as sa

from ask_amy.conversations.store import DEFAULT_ENDPOINTS, EVENTS, StoreError, failure_reason, open_store

RETENTION_VAR = "CONVERSATION_RETENTION_DAYS"
DEFAULT_DAYS = 30


@dataclass
class Pruned:
    """What a prune removed (or, in a dry run, would remove)."""

    conversations: int
    events: int
    cutoff: float


def retention_days(value: Optional[str] = None) -> float:
    """Return the retention period in days, from ``value`` or ``CONVERSATION_RETENTION_DAYS`` (default 30).

    Raises ``ValueError`` with a readable message for anything but a positive number.
    """
    raw = os.environ.get(RETENTION_VAR, "") if value is None else value
    if not str(raw).strip():
        return float(DEFAULT_DAYS)
    try:
        days = float(raw)
    except ValueError:
        raise ValueError(f"{RETENTION_VAR} must be a number of days, not {raw!r}.") from None
    if not days > 0 or days != days or days == float("inf"):
        raise ValueError(f"{RETENTION_VAR} must be more than 0 days, not {raw!r}.")
    return days


def prune(
    engine: sa.engine.Engine, days: float, now: Optional[float] = None, dry_run: bool = False
) -> Pruned:
    """Delete (unless ``dry_run``) the conversations whose last event is more than ``days`` old.

    One transaction: the conversations to delete are chosen and deleted by the same statement's
    subquery, so a conversation continued meanwhile is not cut in half.
    """
    cutoff = (time.time() if now is None else now) - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return Pruned(0, 0, cutoff)
    stale = (
        sa.select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(sa.func.max(EVENTS.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        counted = sa.select(sa.func.count()).select_from(stale.subquery())
        conversations = int(connection.execute(counted).scalar() or 0)
        if dry_run:
            events = connection.execute(
                sa.select(sa.func.count()).select_from(EVENTS).where(EVENTS.c.sender_id.in_(stale))
            ).scalar()
            return Pruned(conversations, int(events or 0), cutoff)
        # The subquery wrapped once more: MySQL refuses one that reads the table being deleted from.
        deleted = connection.execute(
            sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(sa.select(stale.subquery().c.sender_id)))
        ).rowcount
    return Pruned(conversations, int(deleted or 0), cutoff)


def main(argv: Optional[List[str]] = None) -> int:
    """Prune and say what went; exit 2 for a bad setting or an unreadable store."""
    parser = argparse.ArgumentParser(description="Delete conversations older than the retention period.")
    parser.add_argument("--days", help=f"retention period in days (default: ${RETENTION_VAR}, else 30)")
    parser.add_argument("--endpoints", default=DEFAULT_ENDPOINTS, help="endpoints file")
    parser.add_argument("--dry-run", action="store_true", help="only say what would be deleted")
    args = parser.parse_args(argv)
    try:
        days = retention_days(args.days)
        store = open_store(args.endpoints)
    except (ValueError, StoreError) as error:
        print(error, file=sys.stderr)
        return 2
    try:
        result = prune(store.engine, days, dry_run=args.dry_run)
    except sa.exc.SQLAlchemyError as error:
        print(
            f"The tracker store ({store.description}) failed: {failure_reason(error)}",
            file=sys.stderr,
        )
        return 2
    finally:
        store.close()
    since = time.strftime("%Y-%m-%d %H:%M", time.localtime(result.cutoff))
    verb = "Would delete" if args.dry_run else "Deleted"
    print(
        f"{verb} {result.conversations} conversations ({result.events} events) with no event since {since} "
        f"(retention {days:g} days) from {store.description}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
