"""`make chat` in a real (pseudo-)terminal: scripts/chat.sh starts the action server, runs
`rasa shell`, and stops the action server again when the shell ends, by "/stop" or by Ctrl-C.

The shell's prompt is prompt_toolkit (through questionary), which needs a terminal: the script
runs in a pty with TERM=xterm and a window size, and this test answers the terminal's cursor
position requests like a real terminal would.

As in a real terminal, the session leader is a "login shell" that outlives the chat: a small
Python stand-in (``SESSION_LEADER``) owns the pty and runs chat.sh as the foreground job in a
process group of its own. (If chat.sh itself led the session, the kernel would SIGHUP every
process in it when chat.sh exits, and a chat.sh that forgot to stop the action server would
still pass.)
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from tests.live_servers import MODEL, ROOT, base_env, free_port

pytestmark = pytest.mark.live

CHAT = ROOT / "scripts" / "chat.sh"
PROMPT = "Your input ->"
START_TIMEOUT = 180.0  # loading the model; slower while something else trains
REPLY_TIMEOUT = 60.0

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
CURSOR_POSITION_REQUEST = b"\x1b[6n"


def port_is_open(port: int) -> bool:
    """True when something accepts connections on the loopback ``port``."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# Stands in for the user's interactive shell: takes the pty as its controlling terminal, runs
# the command as the foreground job (own process group), reports its pid and exit status, and
# stays alive afterwards like a login shell would.
SESSION_LEADER = r"""
import fcntl, os, signal, subprocess, sys, termios
fcntl.ioctl(0, termios.TIOCSCTTY, 0)

def foreground_job():
    os.setpgrp()
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    os.tcsetpgrp(0, os.getpgrp())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)

job = subprocess.Popen(sys.argv[1:], preexec_fn=foreground_job)
print(f"[[session: job {job.pid} started]]", flush=True)
status = job.wait()
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
os.tcsetpgrp(0, os.getpgrp())
print(f"[[session: job exited with status {status}]]", flush=True)
signal.pause()
"""


class Terminal:
    """A command run as the foreground job of a pseudo-terminal, with expect-style reading."""

    def __init__(self, argv: List[str], env: dict, rows: int = 40, cols: int = 120) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.rows = rows
        self.master = master
        self.leader = subprocess.Popen(
            [sys.executable, "-c", SESSION_LEADER, *argv],
            cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
        )
        os.close(slave)
        self.raw = b""
        self.seen = 0  # how much of the (plain) text an earlier expect() has consumed
        self.job: Optional[int] = None
        try:
            self.job = int(self.expect(r"\[\[session: job (\d+) started\]\]", timeout=30, group=1))
        except BaseException:
            self.close()
            raise

    @property
    def text(self) -> str:
        """Everything printed so far, without escape sequences, with whitespace collapsed."""
        plain = ANSI.sub("", self.raw.decode("utf-8", "replace"))
        plain = plain.replace("\x08", "")
        return re.sub(r"\s+", " ", plain)

    def _read(self, wait: float) -> bool:
        """Read what is there (up to ``wait`` s). False once the other side is closed."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: every process holding the pty has exited
            return False
        if not data:
            return False
        if CURSOR_POSITION_REQUEST in data:  # answer like a terminal: "cursor at row N, col 1"
            for _ in range(data.count(CURSOR_POSITION_REQUEST)):
                os.write(self.master, f"\x1b[{self.rows};1R".encode())
        self.raw += data
        return True

    def expect(self, pattern: str, timeout: float = REPLY_TIMEOUT, group: int = 0) -> str:
        """Wait until ``pattern`` (a regex) appears after what was already matched."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.text, self.seen)
            if match:
                self.seen = match.end()
                return match.group(group)
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} did not appear; the terminal shows:\n{self.tail()}")
            if not self._read(0.2) and not regex.search(self.text, self.seen):
                raise AssertionError(
                    f"{pattern!r} did not appear before the terminal closed "
                    f"(exit status {self.leader.poll()}):\n{self.tail()}"
                )

    def send_line(self, text: str) -> None:
        """Type ``text`` and press Enter (a terminal sends CR)."""
        os.write(self.master, text.encode() + b"\r")

    def send_raw(self, data: bytes) -> None:
        """Send bytes as keystrokes, e.g. ``b"\\x03"`` for Ctrl-C."""
        os.write(self.master, data)

    def wait_for_exit(self, timeout: float = 60) -> int:
        """Wait until the job (chat.sh) has exited; its exit status (negative: killed by signal)."""
        return int(self.expect(r"\[\[session: job exited with status (-?\d+)\]\]", timeout, group=1))

    def tail(self, chars: int = 3000) -> str:
        return self.text[-chars:]

    def close(self) -> None:
        """Stop what this test started and is still running (the job's group, the leader)."""
        for pgid in (self.job, self.leader.pid):
            if pgid is None:
                continue
            try:
                os.killpg(pgid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            self.leader.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.leader.pid, signal.SIGKILL)
            self.leader.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and live_members(self.job):
            time.sleep(0.2)
        if live_members(self.job):
            os.killpg(self.job, signal.SIGKILL)
        os.close(self.master)


def live_members(pgid: Optional[int]) -> List[str]:
    """The processes of process group ``pgid`` that are still running (zombies don't count)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) "
        if pgid is not None and fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(f"{stat.parent.name}: {(stat.parent / 'cmdline').read_bytes()[:120]!r}")
    return found


@pytest.fixture
def chat_terminal() -> Iterator[dict]:
    """scripts/chat.sh in a pty, with the action server and rasa shell's server on free ports."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    action_port, rasa_port = free_port(), free_port()
    env = base_env(TERM="xterm", ACTION_PORT=str(action_port), COLUMNS="120", LINES="40")
    env.pop("NO_COLOR", None)
    # chat.sh hands its arguments to `rasa shell`: keep its server off the default port 5005.
    terminal = Terminal([str(CHAT), "--port", str(rasa_port)], env)
    try:
        yield {"terminal": terminal, "action_port": action_port, "rasa_port": rasa_port}
    finally:
        terminal.close()


def wait_for_prompt(terminal: Terminal, action_port: int) -> None:
    terminal.expect(r"Bot loaded\. Type a message", timeout=START_TIMEOUT)
    terminal.expect(re.escape(PROMPT))
    assert port_is_open(action_port), "the action server is not running while the shell is"


def assert_all_stopped(terminal: Terminal, ports: dict) -> None:
    """Nothing chat.sh started is left: no process of its job, nothing on its ports."""
    left = live_members(terminal.job)
    assert not left, f"still running after chat.sh exited: {left}"
    for name, port in ports.items():
        assert not port_is_open(port), f"{name} still listens on port {port} after chat.sh exited"


def test_chat_in_the_terminal_then_stop(chat_terminal: dict) -> None:
    terminal: Terminal = chat_terminal["terminal"]
    action_port = chat_terminal["action_port"]
    wait_for_prompt(terminal, action_port)

    terminal.send_line("hi")
    greeting = terminal.expect(r"(Hi, I'm the Ask Amy assistant|Hello! I answer questions)[^?]*\?")
    assert "after a job interview" in greeting
    terminal.expect(re.escape(PROMPT))

    # Answered by the action server on ACTION_PORT (chat.sh must point rasa shell at it).
    terminal.send_line("should I call or email?")
    terminal.expect(r"Email, not the phone|email rather than by phone")
    terminal.expect(re.escape(PROMPT))

    terminal.send_line("/stop")
    status = terminal.wait_for_exit()
    assert status == 0, f"chat.sh exited with {status}:\n{terminal.tail()}"
    assert_all_stopped(
        terminal, {"the action server": action_port, "rasa shell's server": chat_terminal["rasa_port"]}
    )


@pytest.mark.parametrize("when", ["at_the_prompt", "while_the_model_loads"])
def test_ctrl_c_stops_the_action_server(chat_terminal: dict, when: str) -> None:
    terminal: Terminal = chat_terminal["terminal"]
    action_port = chat_terminal["action_port"]
    if when == "at_the_prompt":
        # prompt_toolkit reads Ctrl-C as a key here ("Cancelled by user").
        wait_for_prompt(terminal, action_port)
    else:
        # The terminal is in cooked mode: Ctrl-C is a SIGINT to the whole foreground job.
        deadline = time.monotonic() + START_TIMEOUT
        while not port_is_open(action_port):
            assert time.monotonic() < deadline, f"the action server never came up:\n{terminal.tail()}"
            time.sleep(0.1)
        assert "Bot loaded" not in terminal.text

    terminal.send_raw(b"\x03")
    terminal.wait_for_exit()
    assert_all_stopped(
        terminal, {"the action server": action_port, "rasa shell's server": chat_terminal["rasa_port"]}
    )
