"""The tracker store the endpoints file configures, read through SQLAlchemy.

Rasa 3.6's ``SQLTrackerStore`` keeps every event of every conversation as one row of the table
``events`` (``id``, ``sender_id``, ``type_name``, ``timestamp``, ``intent_name``,
``action_name`` and ``data``, the event as JSON text). This module builds the database URL from
the endpoints file the way that store does (``dialect``, ``url`` or ``host``, ``port``, ``db``,
``username``, ``password``, ``query``; ``${VAR}``s expanded like Rasa, ``POSTGRESQL_SCHEMA``
honoured) and reads the rows in place: no copy of the data is made.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Union

import sqlalchemy as sa
import yaml

from ask_amy.cli.check_services import UnsetVariable, expand

metadata = sa.MetaData()
EVENTS = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
DEFAULT_ENDPOINTS = "endpoints.yml"


class StoreError(Exception):
    """The tracker store cannot be read; the message says why and what to do."""


def failure_reason(error: sa.exc.SQLAlchemyError) -> str:
    """Return the first line of what the database said (the driver's error, else SQLAlchemy's)."""
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


@dataclass
class Store:
    """An open tracker store: its engine and a description without secrets."""

    engine: sa.engine.Engine
    description: str
    has_events: bool = True

    def close(self) -> None:
        """Close the engine's connections."""
        self.engine.dispose()


@dataclass
class Event:
    """One stored event; ``data`` (the JSON text) is decoded on first use."""

    type_name: str
    timestamp: float
    intent_name: Optional[str]
    action_name: Optional[str]
    raw: str = field(repr=False, default="")
    _decoded: Optional[Dict[str, Any]] = field(default=None, repr=False)

    @property
    def data(self) -> Dict[str, Any]:
        """The event as Rasa stored it (an empty dict if the text is not JSON)."""
        if self._decoded is None:
            try:
                decoded = json.loads(self.raw or "{}")
            except ValueError:
                decoded = {}
            self._decoded = decoded if isinstance(decoded, dict) else {}
        return self._decoded


@dataclass
class Conversation:
    """The events of one conversation (one ``sender_id``), in the order they were stored."""

    sender_id: str
    events: List[Event]


def tracker_store_config(endpoints: Union[str, Path]) -> Dict[str, Any]:
    """Read the ``tracker_store`` section of ``endpoints``, with its ``${VAR}``s expanded."""
    path = Path(endpoints)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise StoreError(f"Endpoints file {path} not found (give another with --endpoints).") from None
    except yaml.YAMLError as error:
        raise StoreError(f"Endpoints file {path} is not valid YAML: {error}") from None
    section = raw.get("tracker_store") if isinstance(raw, dict) else None
    if not isinstance(section, dict):
        raise StoreError(
            f"{path} configures no tracker store, so Rasa keeps conversations in memory only and "
            "nothing is stored to review, prune, forget or export."
        )
    try:
        config = expand(section, "tracker_store")
    except UnsetVariable as error:
        raise StoreError(
            f"{path} uses variables that are not set: {error}. Set them in the environment "
            "or in .env (see .env.example)."
        ) from None
    kind = str(config.get("type") or "").lower()
    if kind != "sql" and not kind.endswith("sqltrackerstore"):
        raise StoreError(
            f"{path} configures a {config.get('type')!r} tracker store; these commands read "
            "Rasa's SQL tracker store only (SQLite or PostgreSQL)."
        )
    return config


def database_url(config: Dict[str, Any]) -> Union[str, sa.engine.URL]:
    """Build the SQLAlchemy URL for a ``tracker_store`` section, as ``SQLTrackerStore.get_db_url`` builds it.

    ``login_db`` is the database Rasa first logs in to in order to create ``db``: the events are
    in ``db``, so that is the one read here.
    """
    from urllib.parse import urlsplit

    dialect = str(config.get("dialect") or "sqlite")
    host = config.get("url") or config.get("host")
    port = config.get("port")
    if host and "://" in str(host):
        return str(host)
    if host:
        parsed = urlsplit(f"scheme://{host}")
        port = parsed.port or port
        host = parsed.hostname or host
    return sa.engine.URL.create(
        dialect,
        username=config.get("username") or None,
        password=str(config["password"]) if config.get("password") else None,
        host=str(host) if host else None,
        port=int(port) if port not in (None, "") else None,
        database=str(config.get("db") or "rasa.db"),
        query=config.get("query") or {},
    )


def describe(url: Union[str, sa.engine.URL]) -> str:
    """Say which store ``url`` is, without its password."""
    url = sa.engine.make_url(url)
    if url.get_backend_name() == "sqlite":
        return f"SQLite {url.database}"
    where = f"{url.host or 'localhost'}:{url.port or 5432}" if url.host or url.port else "localhost"
    name = "PostgreSQL" if url.get_backend_name() == "postgresql" else url.get_backend_name()
    return f"{name} database {url.database!r} on {where}"


def open_url(url: Union[str, sa.engine.URL]) -> Store:
    """Open the store at ``url``; an SQLite file that does not exist is an error, not created."""
    url = sa.engine.make_url(url)
    kwargs: Dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not Path(url.database).exists():
            raise StoreError(
                f"The SQLite tracker store {url.database} does not exist: no conversation "
                "has been stored yet (or --endpoints names another file)."
            )
    elif url.get_backend_name() == "postgresql" and os.environ.get("POSTGRESQL_SCHEMA"):
        kwargs["connect_args"] = {"options": f"-csearch_path={os.environ['POSTGRESQL_SCHEMA']}"}
    engine = sa.create_engine(url, future=True, **kwargs)
    try:
        has_events = sa.inspect(engine).has_table("events")
    except sa.exc.SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(
            f"Cannot read the tracker store ({describe(url)}): {failure_reason(error)}"
        ) from None
    return Store(engine, describe(url), has_events)


def open_store(endpoints: Union[str, Path] = DEFAULT_ENDPOINTS) -> Store:
    """Open the tracker store that the endpoints file ``endpoints`` configures."""
    return open_url(database_url(tracker_store_config(endpoints)))


def _period(since: Optional[float], until: Optional[float]) -> List[Any]:
    conditions = []
    if since is not None:
        conditions.append(EVENTS.c.timestamp >= since)
    if until is not None:
        conditions.append(EVENTS.c.timestamp < until)
    return conditions


def count_conversations(store: Store, since: Optional[float] = None, until: Optional[float] = None) -> int:
    """How many conversations have an event in the period (all if no bounds)."""
    if not store.has_events:
        return 0
    query = sa.select(sa.func.count(sa.distinct(EVENTS.c.sender_id))).where(*_period(since, until))
    with store.engine.connect() as connection:
        return int(connection.execute(query).scalar() or 0)


def read_conversations(
    store: Store,
    since: Optional[float] = None,
    until: Optional[float] = None,
    progress: Optional[Callable[[int], None]] = None,
) -> Iterator[Conversation]:
    """Each conversation's events in the period (``since`` <= timestamp < ``until``), one at a time.

    The rows are streamed in ``sender_id`` order, so memory holds one conversation at a time;
    ``progress`` is called with the number of conversations read so far.
    """
    if not store.has_events:
        return
    columns = [
        EVENTS.c.sender_id,
        EVENTS.c.type_name,
        EVENTS.c.timestamp,
        EVENTS.c.intent_name,
        EVENTS.c.action_name,
        EVENTS.c.data,
    ]
    query = sa.select(*columns).where(*_period(since, until)).order_by(EVENTS.c.sender_id, EVENTS.c.id)
    current: Optional[Conversation] = None
    done = 0
    with store.engine.connect() as connection:
        rows = connection.execution_options(stream_results=True, yield_per=2000).execute(query)
        for sender_id, type_name, timestamp, intent_name, action_name, data in rows:
            if current is None or sender_id != current.sender_id:
                if current is not None:
                    yield current
                    done += 1
                    if progress is not None:
                        progress(done)
                current = Conversation(sender_id, [])
            current.events.append(Event(type_name, timestamp or 0.0, intent_name, action_name, data or ""))
    if current is not None:
        yield current
        if progress is not None:
            progress(done + 1)


def read_conversation(store: Store, sender_id: str) -> Optional[Conversation]:
    """Every stored event of one conversation, or ``None`` if the store has none."""
    if not store.has_events:
        return None
    query = (
        sa.select(
            EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.intent_name, EVENTS.c.action_name, EVENTS.c.data
        )
        .where(EVENTS.c.sender_id == sender_id)
        .order_by(EVENTS.c.id)
    )
    with store.engine.connect() as connection:
        events = [Event(t, ts or 0.0, i, a, d or "") for t, ts, i, a, d in connection.execute(query)]
    return Conversation(sender_id, events) if events else None
