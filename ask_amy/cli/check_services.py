"""Check, before Rasa starts, that the services its endpoints file needs are reachable.

Reads the endpoints file (``RASA_ENDPOINTS`` or endpoints.yml), expands its ``${VAR}``s the
way Rasa does (an unset variable is an error), then tries the tracker store's database and the
lock store's Redis, with short timeouts. For PostgreSQL: connects and logs in. For SQLite:
creates the folder and the file if needed and switches the file to write-ahead logging (a
persistent setting: a commit then costs one fsync instead of several, and a reader never blocks
the writer). Prints one line per service; when one is missing, says what and how to fix it, and
exits with status 1 (2 for an unreadable endpoints file or unset variables).

Usage: ``python -m ask_amy.cli.check_services [endpoints.yml] [--timeout 3]``
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

DOCS = "docs/deploy.md"
_VAR = re.compile(r"\$\{([^}]*)\}")


class UnsetVariable(Exception):
    """A ``${VAR}`` in the endpoints file is not set."""


def expand(value: Any, path: str = "") -> Any:
    """Expand ``${VAR}``s in every string of ``value`` (raises ``UnsetVariable`` like Rasa does)."""
    if isinstance(value, dict):
        return {k: expand(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v, path) for v in value]
    if isinstance(value, str):
        missing = [name for name in _VAR.findall(value) if name not in os.environ]
        if missing:
            raise UnsetVariable(", ".join(missing) + f" (used by {path})")
        return _VAR.sub(lambda m: os.environ[m.group(1)], value)
    return value


def unset_variables(value: Any) -> List[str]:
    """Every ``${VAR}`` in ``value`` that the environment does not set, in order."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return list(dict.fromkeys(name for item in value for name in unset_variables(item)))
    return [name for name in variables(value) if name not in os.environ]


def variables(raw: Any) -> List[str]:
    """Return the ``${VAR}`` names in a raw (unexpanded) value."""
    return _VAR.findall(raw) if isinstance(raw, str) else []


def setting_hint(raw: Dict[str, Any], keys: Tuple[str, ...], section: str, endpoints: str) -> str:
    """How to change the host/port settings: the variables if the file uses some, else the file."""
    names = [name for key in keys for name in variables(raw.get(key))]
    if names:
        return f"set {'/'.join(names)} in .env"
    return f"change {'/'.join(keys)} under {section} in {endpoints}"


def reason(error: BaseException) -> str:
    """Give a short human reason for a connection failure."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "unknown host"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "no answer"
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    fatal = [line.split("FATAL:", 1)[1].strip() for line in lines if "FATAL:" in line]
    return fatal[0] if fatal else lines[0] if lines else error.__class__.__name__


def tcp_probe(host: str, port: int, timeout: float) -> Optional[str]:
    """``None`` if something accepts TCP connections at host:port, else why not."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as error:
        return reason(error) + (f" within {timeout:g} s" if isinstance(error, socket.timeout) else "")


@dataclass
class Result:
    """One service's check."""

    ok: bool
    message: str


def check_postgresql(config: Dict[str, Any], raw: Dict[str, Any], endpoints: str, timeout: float) -> Result:
    """Connect to the PostgreSQL tracker store and log in to its database."""
    host = str(config.get("url") or "localhost")
    port = int(config.get("port") or 5432)
    if "://" in host:  # a full URL in `url`
        from urllib.parse import urlsplit

        parts = urlsplit(host)
        host, port = parts.hostname or "localhost", parts.port or port
    where = f"PostgreSQL tracker store at {host}:{port}"
    fix = setting_hint(raw, ("url", "port"), "tracker_store", endpoints)
    problem = tcp_probe(host, port, timeout)
    if problem:
        return Result(False, f"{where} is unreachable ({problem}). Start PostgreSQL or {fix}; see {DOCS}.")
    import psycopg2

    db = str(config.get("login_db") or config.get("db") or "postgres")
    user = config.get("username") or None
    try:
        psycopg2.connect(
            host=host, port=port, dbname=db, user=user, password=config.get("password") or None,
            connect_timeout=max(1, int(timeout)),
        ).close()
    except psycopg2.OperationalError as error:
        text = reason(error)
        if "does not exist" in text and "database" in text:
            names = "/".join(variables(raw.get("db"))) or "db"
            return Result(False, f"{where}: {text}. Create it (createdb -h {host} -p {port} {db}) "
                                 f"or set {names}; see {DOCS}.")
        names = "/".join(variables(raw.get("username")) + variables(raw.get("password")))
        names = names or "username/password"
        return Result(False, f"{where} refused the login ({text}). Check {names}; see {DOCS}.")
    return Result(True, f"{where}: reachable, database {db!r} ok.")


def check_sqlite(config: Dict[str, Any], endpoints: str) -> Result:
    """Check that the SQLite file's folder exists (created if needed) and the file opens, in WAL mode."""
    import sqlite3

    path = Path(str(config.get("db") or "rasa.db"))
    full = path if path.is_absolute() else Path.cwd() / path
    fix = f"Change db under tracker_store in {endpoints}."
    try:
        full.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problem = f"cannot create {full.parent} ({reason(error)})"
        return Result(False, f"SQLite tracker store {path}: {problem}. {fix}")
    if not os.access(full.parent, os.W_OK):
        return Result(False, f"SQLite tracker store {path}: {full.parent} is not writable. {fix}")
    try:
        connection = sqlite3.connect(str(full), timeout=10)
        try:
            mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return Result(False, f"SQLite tracker store {path}: cannot open it ({reason(error)}). {fix}")
    return Result(True, f"SQLite tracker store {path}: ok (journal {mode}).")


def check_redis(config: Dict[str, Any], raw: Dict[str, Any], endpoints: str, timeout: float) -> Result:
    """Connect to the Redis lock store and PING it."""
    host = str(config.get("url") or "localhost")
    port = int(config.get("port") or 6379)
    where = f"Redis lock store at {host}:{port}"
    fix = setting_hint(raw, ("url", "port"), "lock_store", endpoints)
    problem = tcp_probe(host, port, timeout)
    if problem:
        return Result(False, f"{where} is unreachable ({problem}). Start Redis or {fix}; see {DOCS}.")
    import redis

    try:
        client = redis.Redis(
            host=host, port=port, db=int(config.get("db") or 0), username=config.get("username") or None,
            password=config.get("password") or None, ssl=bool(config.get("use_ssl")),
            socket_timeout=timeout, socket_connect_timeout=timeout,
        )
        client.ping()
        client.close()
    except redis.AuthenticationError as error:
        names = "/".join(variables(raw.get("password"))) or "password"
        return Result(False, f"{where} refused the login ({reason(error)}). Check {names}; see {DOCS}.")
    except redis.RedisError as error:
        problem = f"did not answer PING ({reason(error)})"
        return Result(False, f"{where} {problem}. Check that it is Redis; see {DOCS}.")
    return Result(True, f"{where}: reachable.")


def check(endpoints: Path, timeout: float = 3.0) -> List[Result]:
    """Check every service ``endpoints`` needs."""
    name = str(endpoints)
    raw_all = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    unset = unset_variables([raw_all.get(s) for s in ("action_endpoint", "tracker_store", "lock_store")])
    if unset:
        raise UnsetVariable(", ".join(unset))
    results: List[Result] = []
    for section in ("tracker_store", "lock_store"):
        raw = raw_all.get(section)
        if not isinstance(raw, dict):
            continue
        config = expand(raw, section)
        kind = str(config.get("type") or "").lower()
        if section == "tracker_store" and kind in ("sql",):
            dialect = str(config.get("dialect") or "sqlite").lower()
            if dialect.startswith("postgres"):
                results.append(check_postgresql(config, raw, name, timeout))
            elif dialect == "sqlite":
                results.append(check_sqlite(config, name))
        elif section == "lock_store" and (kind == "redis" or kind.endswith("redislockstore")):
            results.append(check_redis(config, raw, name, timeout))
    return results


def main(argv: Optional[List[str]] = None) -> int:
    """Check, print, and exit 0 when everything is reachable."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("endpoints", nargs="?", default=os.environ.get("RASA_ENDPOINTS") or "endpoints.yml")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds per connection attempt")
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    path = Path(args.endpoints)
    try:
        results = check(path, args.timeout)
    except FileNotFoundError:
        print(f"Endpoints file {path} not found (RASA_ENDPOINTS); see {DOCS}.", file=sys.stderr)
        return 2
    except yaml.YAMLError as error:
        print(f"Endpoints file {path} is not valid YAML: {error}", file=sys.stderr)
        return 2
    except UnsetVariable as error:
        print(f"{path} uses variables that are not set: {error}. Set them in .env (see .env.example) or in "
              f"the environment; see {DOCS}.", file=sys.stderr)
        return 2
    for result in results:
        if not result.ok:
            print(result.message, file=sys.stderr)
        elif not args.quiet:
            print(result.message)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
