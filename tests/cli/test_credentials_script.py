"""credentials.yml, ask_amy/cli/credentials.py and deploy/serve.sh: which channels `make serve` turns on."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, Iterator

import pytest
import yaml

from ask_amy.cli.credentials import CredentialsError, choose, main
from ask_amy.cli.stack import MODEL, free_port, wait_until_up
from ask_amy.paths import ROOT
from testkit.rest_chat import post_json
from testkit.slack_requests import post_event

CREDENTIALS = ROOT / "credentials.yml"
SLACK_VARS = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "test-secret",
              "SLACK_CHANNEL": "CAMYJOBS01"}
SLACK_SECTION = "ask_amy.channels.slack.channel.SlackChannel"
REST = "ask_amy.channels.rest.GuardedRestInput"
SOCKETIO = "ask_amy.channels.socketio.GuardedSocketIOInput"
PRIVACY = "ask_amy.channels.privacy.PrivacyInput"


def test_credentials_yml_has_every_channel_and_no_secrets() -> None:
    channels = yaml.safe_load(CREDENTIALS.read_text())
    assert list(channels) == [REST, SOCKETIO, PRIVACY, SLACK_SECTION]
    assert channels[SOCKETIO]["session_persistence"] is True
    assert channels[SLACK_SECTION] == {
        "slack_token": "${SLACK_BOT_TOKEN}",
        "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
        "slack_channel": "${SLACK_CHANNEL}",
    }


def test_env_example_lists_every_variable() -> None:
    example = (ROOT / ".env.example").read_text()
    names = {line.split("=", 1)[0].lstrip("# ").strip() for line in example.splitlines() if "=" in line}
    assert set(SLACK_VARS) | {"CORS_ORIGINS", "RASA_PORT", "ACTION_PORT"} <= names
    for name in SLACK_VARS:
        assert f"\n{name}=\n" in example  # listed, never filled in


def test_slack_on_uses_credentials_yml_as_is(tmp_path: Path) -> None:
    choice = choose(CREDENTIALS, tmp_path / "out.yml", environ=SLACK_VARS)
    assert choice.path == CREDENTIALS and choice.slack_on
    assert choice.channels == [REST, SOCKETIO, PRIVACY, SLACK_SECTION]
    assert not (tmp_path / "out.yml").exists()


@pytest.mark.parametrize("environ", [{}, {name: "" for name in SLACK_VARS}], ids=["unset", "empty"])
def test_slack_off_writes_a_copy_without_slack(tmp_path: Path, environ: Dict[str, str]) -> None:
    out = tmp_path / "var" / "credentials.yml"
    choice = choose(CREDENTIALS, out, environ=environ)
    assert choice.path == out and not choice.slack_on
    original = yaml.safe_load(CREDENTIALS.read_text())
    assert yaml.safe_load(out.read_text()) == {k: v for k, v in original.items() if k != SLACK_SECTION}
    assert "${" not in out.read_text().split("\n", 2)[2]


@pytest.mark.parametrize("unset", [["SLACK_SIGNING_SECRET"], ["SLACK_CHANNEL"], ["SLACK_BOT_TOKEN"],
                                   ["SLACK_SIGNING_SECRET", "SLACK_CHANNEL"]])
def test_partly_set_slack_variables_refuse_to_start(tmp_path: Path, unset: list) -> None:
    environ = {k: v for k, v in SLACK_VARS.items() if k not in unset}
    with pytest.raises(CredentialsError) as error:
        choose(CREDENTIALS, tmp_path / "out.yml", environ=environ)
    assert all(name in str(error.value) for name in unset)
    assert not (tmp_path / "out.yml").exists()


def test_without_slack_ignores_the_environment(tmp_path: Path) -> None:
    choice = choose(CREDENTIALS, tmp_path / "out.yml", environ=SLACK_VARS, without_slack=True)
    assert choice.path == tmp_path / "out.yml"
    assert SLACK_SECTION not in yaml.safe_load(choice.path.read_text())


def test_other_slack_spellings_and_files_without_slack(tmp_path: Path) -> None:
    source = tmp_path / "credentials.yml"
    source.write_text("rest:\nslack:\n  slack_token: ${T}\n  slack_signing_secret: ${S}\n")
    assert choose(source, tmp_path / "o.yml", environ={"T": "x", "S": "y"}).slack_on
    assert yaml.safe_load(choose(source, tmp_path / "o.yml", environ={}).path.read_text()) == {"rest": None}
    source.write_text("rest:\n")
    choice = choose(source, tmp_path / "o.yml", environ={})
    assert choice.path == source and choice.channels == ["rest"]


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "credentials.yml"
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    assert main([str(CREDENTIALS), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.strip() == str(out)
    assert f"{REST}, {SOCKETIO}" in printed.err and "Slack: off" in printed.err
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    assert main([str(CREDENTIALS), "--out", str(out)]) == 2
    printed = capsys.readouterr()
    assert printed.out == "" and "SLACK_SIGNING_SECRET" in printed.err
    for name, value in SLACK_VARS.items():
        monkeypatch.setenv(name, value)
    assert main([str(CREDENTIALS), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.strip() == str(CREDENTIALS) and "Slack: on" in printed.err


def test_rasa_builds_every_channel_from_credentials_yml(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rasa.core.channels.socketio import SocketIOInput
    from rasa.core.run import create_http_input_channels
    from rasa.exceptions import RasaException

    from ask_amy.channels.slack.channel import SlackChannel

    for name, value in SLACK_VARS.items():
        monkeypatch.setenv(name, value)
    rest, socketio, privacy, slack = create_http_input_channels(None, str(CREDENTIALS))
    assert isinstance(socketio, SocketIOInput) and socketio.session_persistence
    assert privacy.name() == "privacy"
    assert isinstance(slack, SlackChannel)
    assert (slack.slack_token, slack.slack_signing_secret, slack.slack_channel) == tuple(SLACK_VARS.values())
    for name in SLACK_VARS:
        monkeypatch.delenv(name)
    with pytest.raises(RasaException):  # why serve.sh needs the copy without Slack
        create_http_input_channels(None, str(CREDENTIALS))
    without = choose(CREDENTIALS, tmp_path / "credentials.yml", environ={}).path
    names = [c.name() for c in create_http_input_channels(None, str(without))]
    assert names == ["rest", "socketio", "privacy"]


def serve_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3", CORS_ORIGINS="http://localhost:8080")
    env.update({name: "" for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")})
    env.update(extra)
    return env


def test_serve_refuses_a_bot_token_without_signing_secret(tmp_path: Path) -> None:
    # Set but empty counts as unset (and keeps a developer's .env from filling it in).
    env = serve_env(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="", SLACK_CHANNEL="C1",
                    RASA_PORT=str(free_port()))
    started = time.monotonic()
    result = subprocess.run([str(ROOT / "deploy" / "serve.sh")], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr and "refusing to start" in result.stderr
    assert time.monotonic() - started < 30  # it stopped before starting any server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, object]]:
    """`deploy/serve.sh` with the Slack variables set, on free ports."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    rasa_port, action_port = free_port(), free_port()
    env = serve_env(RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port), **SLACK_VARS)
    process = subprocess.Popen([str(ROOT / "deploy" / "serve.sh")], cwd=ROOT, env=env, stdout=log.open("w"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", process, log)
        wait_until_up(f"http://127.0.0.1:{action_port}/health", process, log)
        yield {"process": process, "url": f"http://127.0.0.1:{rasa_port}", "action_port": action_port,
               "log": log}
    finally:
        try:  # whatever is left of serve.sh's process group
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


@pytest.mark.live
def test_serve_starts_rest_socketio_and_slack(served: Dict[str, object]) -> None:
    url = served["url"]
    assert b'"ok"' in get(f"{url}/webhooks/rest/")
    assert b'"ok"' in get(f"{url}/webhooks/slack/")
    assert b"sid" in get(f"{url}/socket.io/?EIO=4&transport=polling")
    # The REST answer comes from the action server on ACTION_PORT (serve.sh points Rasa at it).
    # a new conversation each run: the store serve.sh uses outlives the test
    message = {"sender": f"serve-test-{uuid.uuid4().hex}", "message": "should I call or email?"}
    replies = post_json(f"{url}/webhooks/rest/webhook", message)
    assert "by email rather than by phone" in " ".join(r.get("text", "") for r in replies)
    verification = {"type": "url_verification", "challenge": "c1"}
    status, body = post_event(f"{url}/webhooks/slack/webhook", verification,
                              secret=SLACK_VARS["SLACK_SIGNING_SECRET"])
    assert (status, body) == (200, "c1")
    assert "Slack: on" in Path(served["log"]).read_text()


@pytest.mark.live
def test_serve_prints_no_library_warnings(served: Dict[str, object]) -> None:
    log = Path(served["log"])
    deadline = time.monotonic() + 30
    while "Rasa server is up and running" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.25)
    output = log.read_text()
    assert "Rasa server is up and running" in output and "Slack: on" in output
    assert "Warning" not in output, output


@pytest.mark.live
def test_serve_stops_both_servers_on_sigterm(served: Dict[str, object]) -> None:
    process: subprocess.Popen = served["process"]  # type: ignore[assignment]
    process.send_signal(signal.SIGTERM)  # to serve.sh alone, as a service manager would
    assert process.wait(timeout=30) != 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        up = []
        for port_url in (f"{served['url']}/", f"http://127.0.0.1:{served['action_port']}/health"):
            try:
                get(port_url)
                up.append(port_url)
            except OSError:
                pass
        if not up:
            break
        time.sleep(0.25)
    assert not up, f"still answering after serve.sh stopped: {up}"

