"""Start the real action server and Rasa server on free loopback ports, for tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

from ask_amy.cli.credentials import choose
from ask_amy.paths import ROOT
from deploy.nginx_conf import render

BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "ask-amy.tar.gz"


@lru_cache(maxsize=None)
def project_domain() -> Dict[str, Any]:
    """domain.yml as plain data, read once (the tests must not change it)."""
    import yaml

    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> Dict[str, str]:
    """The environment the servers run in."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONPATH=str(ROOT),
        SANIC_HOST="127.0.0.1",
    )
    env.update(extra)
    return env


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Poll ``url`` until it answers 200, failing early if the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not come up in {timeout} s:\n{log.read_text()[-3000:]}")


@dataclass
class Server:
    """A running server process and where it listens."""

    process: subprocess.Popen
    port: int
    log: Path
    args: List[str] = field(default_factory=list)
    env: Dict[str, str] = field(default_factory=dict)  # the extra environment it was started with
    health: str = "/"  # the path that answers 200 once it is up

    @property
    def url(self) -> str:
        """Base URL on loopback."""
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the process (and wait for it)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch(
    args: List[str], port: int, log: Path, env: Optional[Dict[str, str]] = None,
    health: str = "/", timeout: float = 120,
) -> Server:
    """Run ``args`` in the repository with the servers' environment (``env``: more variables),
    output to ``log``, and wait until ``health`` answers on ``port``; stop it if it never does.
    """
    process = subprocess.Popen(
        args, cwd=ROOT, env=base_env(**(env or {})), stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    server = Server(process, port, log, list(args), dict(env or {}), health)
    try:
        wait_until_up(f"{server.url}{health}", process, log, timeout=timeout)
    except BaseException:
        server.stop()
        raise
    return server


def start_action_server(
    workdir: Path, port: Optional[int] = None, env: Optional[Dict[str, str]] = None,
    extra_args: Optional[List[str]] = None,
) -> Server:
    """Start the rasa-sdk action server with this project's actions (``env``: more variables)."""
    port = port or free_port()
    log = workdir / f"actions-{port}.log"
    args = [str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    args += list(extra_args or [])
    return launch(args, port, log, env, "/health")


def write_endpoints(workdir: Path, action_url: str, extra: str = "") -> Path:
    """An endpoints file pointing at ``action_url``, plus any ``extra`` YAML."""
    path = workdir / "endpoints.yml"
    path.write_text(f'action_endpoint:\n  url: "{action_url}/webhook"\n{extra}')
    return path


def without_slack(workdir: Path) -> Path:
    """The project's credentials.yml without the Slack channel (its variables are unset here)."""
    return choose(ROOT / "credentials.yml", workdir / "credentials.yml", without_slack=True).path


def start_rasa_server(
    workdir: Path,
    endpoints: Path,
    credentials: Optional[Path] = None,
    port: Optional[int] = None,
    env: Optional[Dict[str, str]] = None,
    extra_args: Optional[List[str]] = None,
    timeout: float = 120,
    model: Path = MODEL,
) -> Server:
    """Start ``rasa run`` with the trained model (or ``model``) on loopback (``timeout``: seconds to wait)."""
    port = port or free_port()
    log = workdir / f"rasa-{port}.log"
    if credentials is None:
        credentials = without_slack(workdir)
    args = [str(BIN / "rasa")] + [
        "run", "--model", str(model), "--endpoints", str(endpoints),
        "--credentials", str(credentials),
        "--interface", "127.0.0.1", "--port", str(port),
    ] + list(extra_args or [])
    return launch(args, port, log, env, "/", timeout)


def start_gateway(
    workdir: Path, upstreams: List[str], port: Optional[int] = None, timeout: float = 5.0,
    env: Optional[Dict[str, str]] = None,
) -> Server:
    """Start the action gateway (:mod:`ask_amy.serving.action_gateway`) in front of ``upstreams``."""
    port = port or free_port()
    log = workdir / f"gateway-{port}.log"
    args = [str(BIN / "python"), "-m", "ask_amy.serving.action_gateway", "--port", str(port)]
    args += ["--timeout", str(timeout)]
    for upstream in upstreams:
        args += ["--upstream", upstream]
    return launch(args, port, log, env, "/health")


def restart(server: Server, workdir: Path) -> Server:
    """Start ``server``'s command again on the same port (after it was stopped or killed)."""
    server.stop()
    log = workdir / f"{server.log.stem}-again.log"
    return launch(server.args, server.port, log, server.env, server.health)


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


@contextmanager
def running_bot(workdir: Path) -> Iterator[Dict[str, Server]]:
    """Both servers, stopped again on exit."""
    actions = start_action_server(workdir)
    rasa = None
    try:
        rasa = start_rasa_server(workdir, write_endpoints(workdir, actions.url))
        yield {"actions": actions, "rasa": rasa}
    finally:
        if rasa is not None:
            rasa.stop()
        actions.stop()
