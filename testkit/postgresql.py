"""A throwaway PostgreSQL database: created under a random name, dropped (``WITH (FORCE)``) afterwards."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Any, Iterator


@contextmanager
def throwaway_database(prefix: str, **connect: Any) -> Iterator[str]:
    """Create the database ``<prefix>_<random>`` and yield its name; drop it on exit.

    ``connect``: psycopg2's connection arguments (host, port, user, connect_timeout, ...) for the
    server's ``postgres`` database, from which it is created and dropped.
    """
    import psycopg2  # only the PostgreSQL tests and bench runs need the driver

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **connect)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
