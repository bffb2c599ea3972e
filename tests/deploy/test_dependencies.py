"""The locked dependency trees: what is installed is what requirements.txt (the server) and
requirements-dev.txt (tests, benchmarks, lint) say, both hashed, the server's without the test-only
tools; and the jsonschema pinned for speed still makes Rasa reject malformed action-server answers."""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any, Dict

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from ask_amy.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*\\)?$")
TEST_ONLY = ["pytest", "pytest-asyncio", "hypothesis", "playwright", "py-spy", "transformers", "psutil",
             "ruff", "import-linter", "pip-tools"]


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: str = "requirements.txt") -> Dict[str, str]:
    """``name -> version`` from a pip-compile lock."""
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        match = PIN.match(line.strip()) if not line.startswith((" ", "#")) else None
        if match:
            pins[normal(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize("name", ["rasa", "rasa-sdk", "spacy", "jsonschema", "pyyaml"])
def test_the_installed_versions_are_the_locked_ones(name: str) -> None:
    assert metadata.version(name) == locked()[name]


def test_the_test_tools_are_the_locked_ones() -> None:
    assert metadata.version("pytest") == locked("requirements-dev.txt")["pytest"]


def test_rasa_is_the_release_with_the_security_fix() -> None:
    assert locked()["rasa"] == "3.6.21"


def test_the_server_lock_leaves_out_what_only_tests_and_benchmarks_need() -> None:
    server, dev = locked(), locked("requirements-dev.txt")
    assert not set(TEST_ONLY) & set(server)
    assert set(TEST_ONLY) <= set(dev)


def test_the_development_lock_has_the_servers_tree_at_the_same_versions() -> None:
    server, dev = locked(), locked("requirements-dev.txt")
    assert {name: dev.get(name) for name in server} == server


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_carries_its_hashes(lock: str) -> None:
    text = (ROOT / lock).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    pinned = [b for b in blocks if PIN.match(b.splitlines()[0].strip())]
    assert len(pinned) == len(locked(lock)) > 10
    assert all("--hash=sha256:" in block for block in pinned)


def action(name: str = "action_give_advice") -> RemoteAction:
    """A remote action as Rasa builds it (no endpoint needed to validate)."""
    return RemoteAction(name, None)


GOOD: Dict[str, Any] = {
    "events": [{"event": "slot", "name": "recipient_name", "value": "Priya"}],
    "responses": [{"text": "Hello", "buttons": [], "custom": {}, "image": None, "attachments": []}],
}


def test_an_answer_like_our_actions_give_passes_rasas_check() -> None:
    assert action()._validate_action_result(GOOD) is True


@pytest.mark.parametrize(
    "bad",
    [
        {"events": "not a list", "responses": []},
        {"events": [{"event": "slot"}], "responses": []},  # a slot event without its name
        {"events": [], "responses": "not a list"},
        {"events": [{"event": "no_such_event"}], "responses": []},
    ],
)
def test_rasa_still_rejects_malformed_answers_with_the_pinned_jsonschema(bad: Dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        action()._validate_action_result(bad)
