"""Start the action server, the gateway and Rasa servers on loopback; wait until each answers; stop them.

The one starter of the server stack: the tests, the bench and the scripts' helpers use it. Each
server runs in the repository, its output in a log file of ``workdir``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from ask_amy.cli.credentials import choose
from ask_amy.paths import ROOT

BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "ask-amy.tar.gz"


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> Dict[str, str]:
    """Return the environment the servers run in (``extra``: more variables)."""
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
    """Run ``args`` in the repository and wait until ``health`` answers on ``port``.

    The process gets the servers' environment (``env``: more variables) and writes to ``log``; it is
    stopped if it never answers.
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
    extra_args: Optional[List[str]] = None, package: str = "actions",
) -> Server:
    """Start the rasa-sdk action server with this project's actions (or ``package``'s).

    ``env``: more environment variables; ``extra_args``: more arguments of ``python -m rasa_sdk``.
    """
    port = port or free_port()
    log = workdir / f"actions-{port}.log"
    args = [str(BIN / "python"), "-m", "rasa_sdk", "--actions", package, "--port", str(port)]
    args += list(extra_args or [])
    return launch(args, port, log, env, "/health")


def write_endpoints(workdir: Path, action_url: str, extra: str = "") -> Path:
    """Write an endpoints file pointing at ``action_url``, plus any ``extra`` YAML; return its path."""
    path = workdir / "endpoints.yml"
    path.write_text(f'action_endpoint:\n  url: "{action_url}/webhook"\n{extra}')
    return path


def without_slack(workdir: Path) -> Path:
    """Return a copy of credentials.yml without the Slack channel (its variables may be unset)."""
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


@contextmanager
def running_bot(workdir: Path, model: Path = MODEL, extra_endpoints: str = "") -> Iterator[Dict[str, Server]]:
    """Start the action server and a Rasa server with ``model``; stop both on exit.

    ``extra_endpoints``: more endpoints YAML, for example a tracker store.
    """
    actions = start_action_server(workdir)
    rasa = None
    try:
        rasa = start_rasa_server(workdir, write_endpoints(workdir, actions.url, extra_endpoints), model=model)
        yield {"actions": actions, "rasa": rasa}
    finally:
        if rasa is not None:
            rasa.stop()
        actions.stop()
