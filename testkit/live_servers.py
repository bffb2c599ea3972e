"""The tests' server helpers: nginx in front of Rasa servers, the domain as data.

ask_amy/cli/stack.py starts the action server, the gateway and the Rasa servers.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

from ask_amy.cli.stack import Server, free_port, launch
from ask_amy.paths import ROOT
from deploy.nginx_conf import render


@lru_cache(maxsize=None)
def project_domain() -> Dict[str, Any]:
    """domain.yml as plain data, read once (the tests must not change it)."""
    import yaml

    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def sqlite_tracker_store(db: Path) -> str:
    """Endpoints YAML for Rasa's SQLTrackerStore on the SQLite file ``db`` (for ``extra``)."""
    return f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{db}"\n'


def nginx_binary() -> Optional[str]:
    """Return Debian's nginx (or ``$NGINX``), or ``None`` when it is not installed."""
    candidate = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    return candidate if os.access(candidate, os.X_OK) else None


def start_nginx(
    workdir: Path, upstreams: List[Server], port: Optional[int] = None, worker_processes: int = 1
) -> Server:
    """Start nginx on loopback with deploy/nginx.conf for the Rasa servers ``upstreams``.

    Its prefix directory (config, pid, logs, temp files) is ``workdir/nginx-<port>``: nothing
    outside it is written, no privilege is needed. Its health check is ``GET /`` through it, so it
    counts as up once it reaches a Rasa server.
    """
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed: run deploy/ensure_nginx.sh")
    port = port or free_port()
    prefix = workdir / f"nginx-{port}"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    servers = [s.url for s in upstreams]
    conf.write_text(render(servers, f"127.0.0.1:{port}", worker_processes=worker_processes))
    args = [binary, "-p", f"{prefix}/", "-c", str(conf), "-e", str(prefix / "logs" / "error.log"),
            "-g", "daemon off;"]
    return launch(args, port, prefix / "nginx.out", health="/")


def nginx_access_log(nginx: Server) -> Path:
    """The access log of an nginx started by :func:`start_nginx` (one line per request)."""
    return nginx.log.parent / "logs" / "access.log"


