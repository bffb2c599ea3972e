"""A private PostgreSQL and a private Redis on free loopback ports, for tests that restart them.

Restarting the machine's own PostgreSQL or Redis would disturb everything else using them, so the
outage tests start their own: PostgreSQL from ``initdb`` into a temporary directory (the binaries
of Debian's packages, under ``/usr/lib/postgresql/<version>/bin``, or ``$PG_BIN``), Redis as a
plain ``redis-server`` process without persistence. PostgreSQL refuses to run as root: as root,
it runs as the ``postgres`` user (the data directory is given to that user).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from ask_amy.cli.stack import free_port


def postgresql_bin() -> Optional[Path]:
    """The folder with ``initdb`` and ``pg_ctl`` (the newest version installed), or ``None``."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing() -> List[str]:
    """What these services need and the machine lacks (empty when both can run)."""
    lacking = []
    if postgresql_bin() is None or not (postgresql_bin() / "pg_ctl").exists():  # type: ignore[operator]
        lacking.append("PostgreSQL's initdb and pg_ctl (apt-get install postgresql)")
    if shutil.which("redis-server") is None:
        lacking.append("redis-server (apt-get install redis-server)")
    return lacking


def wait_for_port(port: int, timeout: float = 30) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@dataclass
class PrivatePostgreSQL:
    """A PostgreSQL cluster of its own: ``start()``, ``stop()``, ``remove()``."""

    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ask-amy-pg-")))

    def __post_init__(self) -> None:
        self.bin = postgresql_bin()
        self.data = self.root / "data"
        self.log = self.root / "postgresql.log"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)

    def _run(self, *args: str) -> None:
        result = subprocess.run(self.as_user + list(args), capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stderr or result.stdout}")

    def initdb(self) -> "PrivatePostgreSQL":
        """Create the cluster (user ``postgres``, no password on loopback)."""
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "--no-sync", "-E", "UTF8")
        return self

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")
        wait_for_port(self.port)

    def stop(self, mode: str = "fast") -> None:
        """Stop it (``fast``: connections are closed, as in a restart)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def remove(self) -> None:
        """Stop it if it runs, and delete its files."""
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except RuntimeError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A redis-server of its own, without persistence: ``start()``, ``stop()``."""

    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ask-amy-redis-")))
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root)],
            stdout=(self.root / "redis.log").open("a"), stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        """Stop it (SIGTERM) and wait."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def remove(self) -> None:
        """Stop it and delete its files."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
