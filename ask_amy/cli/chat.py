"""``make chat``: start the action server and a Rasa server, chat in the terminal, stop both.

The servers start through :mod:`ask_amy.cli.stack`, the one starter the tests and the bench use
too; their logs go to ``var/log/``. The chat itself is :mod:`ask_amy.cli.shell`, run as its own
process so that Ctrl-C ends it at once (its signal's default action); this process then gives
the terminal its settings back and stops both servers, also on Ctrl-C during start-up and on
SIGTERM. Arguments go to ``rasa run`` (for example ``--port 5006``); ``RASA_PORT`` (5005) and
``ACTION_PORT`` (5055) move the servers, as for ``make serve``; a port already taken is named.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from typing import Iterator, List, Optional, Sequence

from ask_amy.cli.credentials import choose
from ask_amy.cli.stack import MODEL, Server, launch
from ask_amy.paths import ROOT

LOGS = ROOT / "var" / "log"
QUIET = [sys.executable, "-m", "ask_amy.cli.quiet_start"]  # the libraries' warnings stay off the terminal
START_TIMEOUT = 180.0


def port_in_use(port: int) -> bool:
    """Tell whether something already listens on ``port`` on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def rasa_port(args: Sequence[str], default: Optional[int] = None) -> int:
    """Return the port ``rasa run`` will listen on: its ``--port``, else ``RASA_PORT``, else 5005."""
    default = default if default is not None else int(os.environ.get("RASA_PORT", "5005"))
    for i, arg in enumerate(args):
        if arg in ("-p", "--port") and i + 1 < len(args):
            return int(args[i + 1])
        if arg.startswith("--port="):
            return int(arg.split("=", 1)[1])
    return default


@contextmanager
def terminal_kept() -> Iterator[None]:
    """Give the terminal its settings back on the way out (Ctrl-C may leave readline mid-line)."""
    saved = None
    try:
        import termios

        if sys.stdin.isatty():
            saved = termios.tcgetattr(sys.stdin.fileno())
    except (ImportError, OSError):
        saved = None
    try:
        yield
    finally:
        if saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)


def start(args: Sequence[str]) -> List[Server]:
    """Start the action server, then the Rasa server pointed at it; return both once they answer."""
    LOGS.mkdir(parents=True, exist_ok=True)
    action_port = int(os.environ.get("ACTION_PORT", "5055"))
    ports = (("ACTION_PORT", action_port), ("RASA_PORT", rasa_port(args)))
    taken = [f"{port} ({name})" for name, port in ports if port_in_use(port)]
    if taken:
        raise RuntimeError(f"port {' and '.join(taken)} already in use: another copy may be running; "
                           "set ACTION_PORT and RASA_PORT to free ports, for example "
                           "`ACTION_PORT=5056 RASA_PORT=5006 make chat`")
    servers: List[Server] = []
    try:
        servers.append(launch(QUIET + ["rasa_sdk", "--actions", "actions", "--port", str(action_port)],
                              action_port, LOGS / "actions.log", health="/health", timeout=START_TIMEOUT))
        # credentials.yml's Slack ${VAR}s may be unset: the copy without Slack; endpoints on ACTION_PORT.
        credentials = choose(ROOT / "credentials.yml", ROOT / "var" / "credentials-shell.yml",
                             without_slack=True).path
        endpoints = ROOT / "var" / "endpoints-shell.yml"
        endpoints.write_text((ROOT / "endpoints.yml").read_text().replace(
            "http://127.0.0.1:5055/", f"http://127.0.0.1:{action_port}/"))
        port = [] if any(a in ("-p", "--port") or a.startswith("--port=") for a in args) else [
            "--port", str(rasa_port(args))]
        servers.append(launch(QUIET + ["rasa", "run", "--model", str(MODEL.relative_to(ROOT)),
                                       "--endpoints", str(endpoints), "--credentials", str(credentials),
                                       "--interface", "127.0.0.1", *port, *args],
                              rasa_port(args), LOGS / "chat-rasa.log", health="/webhooks/rest/",
                              timeout=START_TIMEOUT))
    except BaseException:
        stop(servers)
        raise
    return servers


def stop(servers: Sequence[Server]) -> None:
    """Stop the servers, the last started first."""
    for server in reversed(servers):
        server.stop()


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Chat with a freshly started bot; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _terminate)
    with terminal_kept():
        print("Ask Amy: starting the action server and the Rasa server (logs: var/log/)...", flush=True)
        try:
            servers = start(args)
        except KeyboardInterrupt:
            return 130
        except (RuntimeError, TimeoutError, OSError) as error:
            print(f"The servers failed to start: {str(error)[-2000:]}\nSee var/log/.", file=sys.stderr)
            return 1
        try:
            # Ctrl-C goes to the chat (it ends at once); this process waits, then stops the servers.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            url = f"http://127.0.0.1:{rasa_port(args)}"
            shell = subprocess.run(QUIET + ["ask_amy.cli.shell", "--url", url], cwd=ROOT, check=False)
            return 130 if shell.returncode == -signal.SIGINT else shell.returncode
        finally:
            stop(servers)


if __name__ == "__main__":
    raise SystemExit(main())
