"""The locked dependency tree: what is installed is what requirements.lock says, and the
jsonschema pinned for speed still makes Rasa reject malformed action-server answers."""

from __future__ import annotations

from importlib import metadata
from typing import Any, Dict

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from ask_amy.paths import ROOT


def locked() -> Dict[str, str]:
    """``name -> version`` from requirements.lock."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


@pytest.mark.parametrize("name", ["rasa", "rasa-sdk", "spacy", "jsonschema", "pyyaml", "pytest"])
def test_the_installed_versions_are_the_locked_ones(name: str) -> None:
    assert metadata.version(name) == locked()[name]


def test_rasa_is_the_release_with_the_security_fix() -> None:
    assert locked()["rasa"] == "3.6.21"


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
