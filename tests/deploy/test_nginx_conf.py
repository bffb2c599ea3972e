"""deploy/nginx.conf, the reference nginx configuration, and deploy/nginx_conf.py, which fills it in."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from ask_amy.guards.input_guard import DEFAULT_REQUEST_MAX_SIZE
from ask_amy.paths import ROOT
from deploy.nginx_conf import REFERENCE, ConfigError, host_port, render
from testkit.live_servers import nginx_binary


def block(text: str, head: str) -> str:
    """The body of the first ``head { ... }`` block (no nested braces inside)."""
    match = re.search(re.escape(head) + r"\s*\{([^{}]*)\}", text)
    assert match, head
    return match.group(1)


def directives(text: str) -> str:
    """The text without comments."""
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


CONF = directives(REFERENCE.read_text())


def test_rest_and_slack_go_to_the_least_busy_server() -> None:
    rest = block(CONF, "upstream ask_amy_rasa")
    assert "least_conn;" in rest and "ip_hash" not in rest
    assert "proxy_pass http://ask_amy_rasa;" in block(CONF, "location /")  # /webhooks/rest and /slack


def test_socketio_is_sticky_and_passes_the_websocket_upgrade() -> None:
    assert "ip_hash;" in block(CONF, "upstream ask_amy_rasa_socketio")
    socketio = block(CONF, "location /socket.io/")
    assert "proxy_pass http://ask_amy_rasa_socketio;" in socketio
    assert "proxy_set_header Upgrade $http_upgrade;" in socketio
    assert "proxy_set_header Connection $connection_upgrade;" in socketio
    assert "proxy_http_version 1.1;" in CONF


def test_the_body_limit_is_the_servers_and_the_documented_one() -> None:
    assert f"client_max_body_size {DEFAULT_REQUEST_MAX_SIZE};" in CONF
    security = (ROOT / "docs" / "security.md").read_text()
    assert f"{DEFAULT_REQUEST_MAX_SIZE:,} bytes" in security


def test_every_time_out_is_documented_in_the_security_notes() -> None:
    security = (ROOT / "docs" / "security.md").read_text()
    timeouts = re.findall(r"^\s*((?:client_\w+|proxy_\w+|send|keepalive)_timeout) (\d+)s;", CONF, re.M)
    assert len(timeouts) >= 6
    for name, seconds in timeouts:
        assert f"`{name} {seconds}s`" in security, name


def test_render_puts_the_servers_in_every_upstream_and_keeps_their_options() -> None:
    text = render(["http://127.0.0.1:7001", "127.0.0.1:7002/"], "127.0.0.1:9000", worker_processes=1)
    for name in ("upstream ask_amy_rasa", "upstream ask_amy_rasa_socketio"):
        servers = re.findall(r"server (\S+) max_fails=1 fail_timeout=5s;", block(text, name))
        assert servers == ["127.0.0.1:7001", "127.0.0.1:7002"], name
    assert "5005" not in text and "5006" not in text and "8080" not in text
    assert "listen 127.0.0.1:9000;" in text
    assert re.search(r"(?m)^worker_processes 1;", text)
    assert text.replace("7001", "5005").count("least_conn") == REFERENCE.read_text().count("least_conn")


def test_render_refuses_what_it_cannot_fill_in() -> None:
    with pytest.raises(ConfigError):
        render([], "127.0.0.1:9000")
    with pytest.raises(ConfigError):
        render(["127.0.0.1:7001"], "127.0.0.1:9000", template="events {}\nhttp {}\n")
    for bad in ("127.0.0.1", "http://host:port", "127.0.0.1:80; evil", ""):
        with pytest.raises(ConfigError):
            host_port(bad)


def test_nginx_accepts_the_reference_and_the_rendered_configuration(tmp_path: Path) -> None:
    binary = nginx_binary()
    if binary is None:
        message = "nginx is not installed: run deploy/ensure_nginx.sh"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    (tmp_path / "logs").mkdir()
    (tmp_path / "temp").mkdir()
    rendered = tmp_path / "nginx.conf"
    rendered.write_text(render(["127.0.0.1:7001"], "127.0.0.1:9000"))
    errors = str(tmp_path / "logs" / "error.log")
    for conf in (REFERENCE, rendered):
        result = subprocess.run(
            [binary, "-t", "-q", "-p", f"{tmp_path}/", "-c", str(conf), "-e", errors],
            capture_output=True, text=True, timeout=30,
        )
        assert result.returncode == 0, result.stderr
