"""ask_amy/channels/gc_freeze.py: a started server's objects leave the collector's full passes, once."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import pytest

from ask_amy.channels import gc_freeze
from ask_amy.channels.rest import GuardedRestInput
from ask_amy.channels.slack.channel import SlackChannel
from ask_amy.channels.socketio import GuardedSocketIOInput
from ask_amy.cli.stack import start_action_server, start_rasa_server, write_endpoints


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):
    """A process that has not frozen yet; unfrozen again afterwards."""
    monkeypatch.setattr(gc_freeze, "_done", False)
    monkeypatch.delenv(gc_freeze.FREEZE_VAR, raising=False)
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("value, expected", [
    (None, True), ("1", True), ("yes", True), ("0", False), ("off", False), (" False ", False), ("no", False),
])
def test_on_unless_turned_off(value: Any, expected: bool) -> None:
    environ = {} if value is None else {gc_freeze.FREEZE_VAR: value}
    assert gc_freeze.enabled(environ) is expected


def test_freezes_the_live_objects_once(fresh: None) -> None:
    assert gc.get_freeze_count() == 0
    assert gc_freeze.freeze_once() is True
    frozen = gc.get_freeze_count()
    assert frozen > 1000
    assert gc_freeze.freeze_once() is False  # a second channel asking changes nothing
    assert gc.get_freeze_count() == frozen


def test_turned_off_it_freezes_nothing(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gc_freeze.FREEZE_VAR, "0")
    assert gc_freeze.freeze_once() is False
    assert gc.get_freeze_count() == 0


async def test_the_listener_freezes_when_the_server_has_started(fresh: None) -> None:
    from sanic import Blueprint

    blueprint = gc_freeze.freeze_after_start(Blueprint("probe"))
    (listener,) = blueprint._future_listeners
    assert listener.event == "after_server_start"
    await listener.listener(None, None)
    assert gc.get_freeze_count() > 1000


async def _noop(_message: Any) -> None:
    return None


@pytest.mark.parametrize("channel", [
    GuardedRestInput(),
    GuardedSocketIOInput(),
    SlackChannel("xoxb-1", "C1", slack_signing_secret="s"),
], ids=["rest", "socketio", "slack"])
def test_every_channel_asks_for_the_freeze(channel: Any) -> None:
    listeners = channel.blueprint(_noop)._future_listeners
    assert any(item.event == "after_server_start"
               and item.listener.__qualname__.startswith("freeze_after_start") for item in listeners)


def test_a_running_server_has_frozen_its_objects(tmp_path: Path) -> None:
    actions = start_action_server(tmp_path)
    try:
        rasa = start_rasa_server(tmp_path, write_endpoints(tmp_path, actions.url), extra_args=["--debug"])
        rasa.stop()
    finally:
        actions.stop()
    found = re.search(r"(\d+) objects frozen out of the garbage collector's passes", rasa.log.read_text())
    assert found, "the server never froze its objects"
    assert int(found.group(1)) > 100_000  # Rasa, TensorFlow, spaCy and the model
