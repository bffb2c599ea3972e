"""`make chat` in a real (pseudo-)terminal, and the chat client it runs (ask_amy/cli/shell.py).

deploy/chat.sh starts the action server and a Rasa server, runs ask_amy/cli/shell.py (the bot's
buttons as numbered choices), and stops both servers again when the chat ends, by "/stop" or by
Ctrl-C. The script runs in a pty with TERM=xterm and a window size, and this test answers the
terminal's cursor position requests like a real terminal would. Nothing before the prompt may
say "Warning": the libraries' warnings are kept off the terminal (ask_amy/cli/quiet_start.py).

As in a real terminal, the session leader is a "login shell" that outlives the chat: a small
Python stand-in (``SESSION_LEADER``) owns the pty and runs chat.sh as the foreground job in a
process group of its own. (If chat.sh itself led the session, the kernel would SIGHUP every
process in it when chat.sh exits, and a chat.sh that forgot to stop the action server would
still pass.)

The client's own logic (numbering, choosing by number or title, errors) has unit tests at the end.
"""

from __future__ import annotations

import fcntl
import http.server
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from ask_amy.cli import chat as chat_cli
from ask_amy.cli import shell
from ask_amy.cli.stack import MODEL, base_env, free_port
from ask_amy.paths import ROOT

CHAT = ROOT / "deploy" / "chat.sh"
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
def chat_terminal(request: pytest.FixtureRequest) -> Iterator[dict]:
    """deploy/chat.sh in a pty, with the action server and rasa shell's server on free ports."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    action_port, rasa_port = free_port(), free_port()
    columns = getattr(request, "param", 120)
    env = base_env(TERM="xterm", ACTION_PORT=str(action_port), COLUMNS=str(columns), LINES="40")
    env.pop("NO_COLOR", None)
    # chat.sh hands its arguments to `rasa shell`: keep its server off the default port 5005.
    terminal = Terminal([str(CHAT), "--port", str(rasa_port)], env, cols=columns)
    try:
        yield {"terminal": terminal, "action_port": action_port, "rasa_port": rasa_port, "columns": columns}
    finally:
        terminal.close()


def wait_for_prompt(terminal: Terminal, action_port: int) -> None:
    terminal.expect(r"Bot loaded\. Type a message", timeout=START_TIMEOUT)
    terminal.expect(re.escape(PROMPT))
    before_prompt = terminal.text[: terminal.seen]
    assert "Warning" not in before_prompt, f"warnings before the prompt:\n{before_prompt}"
    assert "Ask Amy: starting" in before_prompt
    assert port_is_open(action_port), "the action server is not running while the shell is"


def assert_all_stopped(terminal: Terminal, ports: dict) -> None:
    """Nothing chat.sh started is left: no process of its job, nothing on its ports."""
    left = live_members(terminal.job)
    assert not left, f"still running after chat.sh exited: {left}"
    for name, port in ports.items():
        assert not port_is_open(port), f"{name} still listens on port {port} after chat.sh exited"


@pytest.mark.live
@pytest.mark.parametrize("chat_terminal", [120, 80], indirect=True)
def test_chat_in_the_terminal_then_stop(chat_terminal: dict) -> None:
    terminal: Terminal = chat_terminal["terminal"]
    action_port = chat_terminal["action_port"]
    wait_for_prompt(terminal, action_port)

    terminal.send_line("hi")
    greeting = terminal.expect(r"(Hi, I'm the Ask Amy assistant|Hello! I answer questions)[^?]*\?")
    assert "after a job interview" in greeting
    terminal.expect(re.escape(PROMPT))

    # Answered by the action server on ACTION_PORT (chat.sh must point rasa shell at it).
    # Buttons are numbered choices; a number sends that button's payload, words are sent as typed.
    # The arrow keys bring back what was typed: Up, then Enter, sends "hi" again.
    terminal.send_raw(b"\x1b[A\r")
    terminal.expect(r"Amy: ")
    terminal.expect(re.escape(PROMPT))
    assert terminal.text.count(f"{PROMPT.strip()} hi Amy: ") == 2, terminal.tail()

    # A pasted question of two lines is one message (prompt_toolkit's bracketed paste), not two.
    replies_before = terminal.text.count("Amy: ")
    terminal.send_raw(b"\x1b[200~should I call\nor email?\x1b[201~\r")
    terminal.expect(r"Email, not the phone|email rather than by phone")
    terminal.expect(r"Want me to help you write it\? 1\. Draft the email 2\. Where does that come from\?")
    terminal.expect(re.escape(PROMPT))
    assert terminal.text.count("Amy: ") == replies_before + 1, "the pasted lines went as two messages"
    terminal.send_line("5")  # no such choice: said so, nothing sent, the choices stay
    terminal.expect(r"Choose 1-2, or type your answer\.")
    terminal.expect(re.escape(PROMPT))
    terminal.send_line("2")
    terminal.expect(re.escape("From the Ask Amy column"))
    terminal.expect(re.escape("\u201cMy advice is to reach out by email rather than by phone.\u201d"))
    terminal.expect(re.escape(PROMPT))
    terminal.send_line("write the email for me")
    terminal.expect(r"Who should the email go to\?[^>]* 1\. Cancel")
    terminal.expect(re.escape(PROMPT))
    terminal.send_line("Dana Lee")
    terminal.expect(r"Which role and company")
    terminal.expect(re.escape(PROMPT))
    terminal.send_line("the analyst job at Acme")
    terminal.expect(r"or say \"skip\"\. 1\. Skip 2\. Cancel")
    terminal.expect(re.escape(PROMPT))
    terminal.send_line("1")
    draft = terminal.expect(r"Subject: Following up on my interview for the analyst job at Acme "
                            r"Hi Dana, .*?(?=Your input)")
    assert "smile" not in draft  # "skip": no moment
    terminal.expect(re.escape(PROMPT))

    # Replies are labelled and wrapped to the terminal, never inside a word; a blank line ends a turn.
    shown = ANSI.sub("", terminal.raw.decode("utf-8", "replace")).replace("\r", "")
    assert "Amy: Email, not the phone" in shown
    replies = [line for line in shown.split("\n") if not line.startswith(PROMPT.strip())]
    assert all(len(line) < chat_terminal["columns"] for line in replies), "a line wider than the terminal"
    assert "\n\nYour input" in shown, "a blank line before the next prompt"

    terminal.send_line("quit")
    status = terminal.wait_for_exit()
    assert status == 0, f"chat.sh exited with {status}:\n{terminal.tail()}"
    assert_all_stopped(
        terminal, {"the action server": action_port, "rasa shell's server": chat_terminal["rasa_port"]}
    )


@pytest.mark.live
@pytest.mark.parametrize("when", ["at_the_prompt", "while_the_model_loads"])
def test_ctrl_c_stops_the_action_server(chat_terminal: dict, when: str) -> None:
    terminal: Terminal = chat_terminal["terminal"]
    action_port = chat_terminal["action_port"]
    if when == "at_the_prompt":
        # The terminal is in cooked mode here too: SIGINT to the job, while the client waits in input().
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
    lflag = termios.tcgetattr(terminal.master)[3]
    assert lflag & termios.ICANON and lflag & termios.ECHO, "the terminal was left without echo"
    assert_all_stopped(
        terminal, {"the action server": action_port, "rasa shell's server": chat_terminal["rasa_port"]}
    )


# -- the client's logic, without servers ---------------------------------------------------------

OFFER = [
    {"recipient_id": "s", "text": "Want me to help you write it?", "buttons": [
        {"title": "Draft the email", "payload": "draft the email"},
        {"title": "Where does that come from?", "payload": "where does that come from?"},
    ]},
    {"recipient_id": "s", "text": "You also asked about the thank-you note: want my take?", "buttons": [
        {"title": "Yes: Thank-you note", "payload": '/choose_topic{"topic":"ask_thank_you_note"}'},
    ]},
]


def test_buttons_are_numbered_across_the_turn() -> None:
    assert shell.render(OFFER).splitlines() == [
        "Want me to help you write it?",
        "  1. Draft the email",
        "  2. Where does that come from?",
        "You also asked about the thank-you note: want my take?",
        "  3. Yes: Thank-you note",
    ]
    assert [(c.number, c.payload) for c in shell.choices_in(OFFER)] == [
        (1, "draft the email"),
        (2, "where does that come from?"),
        (3, '/choose_topic{"topic":"ask_thank_you_note"}'),
    ]


@pytest.mark.parametrize(
    "typed, sent",
    [
        ("1", "draft the email"),
        (" 3 ", '/choose_topic{"topic":"ask_thank_you_note"}'),
        ("where does that come from?", "where does that come from?"),
        ("yes:  thank-you NOTE", '/choose_topic{"topic":"ask_thank_you_note"}'),  # a title, as typed
        ("4", "4"),  # no such choice: sent as typed
        ("0", "0"),
        ("it's been 2 weeks", "it's been 2 weeks"),
    ],
)
def test_a_number_or_a_title_stands_for_a_shown_button(typed: str, sent: str) -> None:
    assert shell.resolve(typed, shell.choices_in(OFFER)) == sent


def test_a_number_means_nothing_once_other_replies_came() -> None:
    typed: List[str] = []
    turns = iter([OFFER, [{"recipient_id": "s", "text": "From the Ask Amy column"}], []])

    def send(text: str) -> list:
        typed.append(text)
        return next(turns)

    inputs = iter(["should I call?", "2", "1", "/stop"])
    printed: List[str] = []
    shell.chat(send, read=lambda prompt: next(inputs), write=printed.append, columns=lambda: 100)
    assert typed == ["should I call?", "where does that come from?", "1"]
    assert printed[0] == shell.WELCOME and printed[-2:] == ["Amy: (no reply)", ""]


def test_a_number_that_matches_no_shown_button_is_not_sent() -> None:
    typed: List[str] = []
    inputs = iter(["should I call?", "5", "quit"])
    printed: List[str] = []
    shell.chat(lambda text: typed.append(text) or OFFER, read=lambda prompt: next(inputs),
               write=printed.append, columns=lambda: 100)
    assert typed == ["should I call?"]
    assert printed[-1] == "Choose 1-3, or type your answer."


@pytest.mark.parametrize("leave", ["quit", "exit", "/stop", " Quit ", "EXIT"])
def test_quit_and_exit_leave_without_sending(leave: str) -> None:
    inputs = iter([leave])
    shell.chat(lambda text: pytest.fail("nothing to send"), read=lambda prompt: next(inputs),
               write=lambda line: None)


def test_bye_is_sent_and_then_the_chat_ends() -> None:
    typed: List[str] = []
    inputs = iter(["bye"])
    printed: List[str] = []
    shell.chat(lambda text: typed.append(text) or [{"text": "Good luck!"}], read=lambda prompt: next(inputs),
               write=printed.append, columns=lambda: 100)
    assert typed == ["bye"] and printed[-2] == "Amy: Good luck!"


@pytest.mark.parametrize("columns", [80, 120])
def test_replies_wrap_at_the_width_never_inside_a_word_and_keep_paragraphs(columns: int) -> None:
    words = " ".join(["employers"] * 40)
    draft = f"Subject: Following up\n\nHi Dana,\n\n{words}\n\nThanks,\nRavi"
    shown = shell.wrap(shell.LABEL + draft + "\n  1. " + words, columns - 1)
    lines = shown.split("\n")
    assert all(len(line) <= columns - 1 for line in lines)
    assert all(word == "employers" for line in lines[5:-1] for word in line.split() if word.startswith("emp"))
    assert lines[1] == "" and lines[3] == "", "the draft's blank lines stay"
    hanging = [line for line in lines if line.startswith("     employers")]
    assert hanging, "a long choice hangs under its text"


def test_the_chat_ends_on_ctrl_d_and_ctrl_c() -> None:
    for key in (EOFError, KeyboardInterrupt):
        def read(prompt: str, key: type = key) -> str:
            raise key()

        printed: List[str] = []
        shell.chat(lambda text: pytest.fail("nothing to send"), read=read, write=printed.append)
        assert printed == [shell.WELCOME, ""]


def test_a_server_that_is_gone_gets_a_clear_line_and_the_choices_stay() -> None:
    def send(text: str) -> list:
        raise ConnectionRefusedError(111, "Connection refused")

    choices = shell.choices_in(OFFER)
    text, still = shell.turn("1", choices, send)
    assert text.startswith("The Rasa server did not answer") and still == choices


def test_the_client_talks_to_the_rest_webhook() -> None:
    seen: List[dict] = []

    class Webhook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            length = int(self.headers["Content-Length"])
            seen.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            body = json.dumps(OFFER[:1]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/webhooks/rest/webhook"
        assert shell.post(url, "me", "hello") == OFFER[:1]
    finally:
        server.shutdown()
    assert seen == [{"path": "/webhooks/rest/webhook", "body": {"sender": "me", "message": "hello"}}]


def test_piped_input_is_read_with_input(monkeypatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert shell.line_editor() is input



def test_make_chat_honours_rasa_port_and_names_a_port_already_taken(monkeypatch) -> None:
    monkeypatch.setenv("RASA_PORT", "5123")
    assert chat_cli.rasa_port([]) == 5123 and chat_cli.rasa_port(["--port", "6001"]) == 6001
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setenv("RASA_PORT", str(taken.getsockname()[1]))
        with pytest.raises(RuntimeError, match=rf"{taken.getsockname()[1]} \(RASA_PORT\) already in use"):
            chat_cli.start([])
