"""Shared fixtures: the live servers and a small REST client."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from ask_amy.cli.stack import MODEL, running_bot
from testkit.rest_chat import RestChat


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    """The real action server and Rasa server, on free loopback ports."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(MODEL.parents[1])}: run `make train`")
    workdir: Path = tmp_path_factory.mktemp("live")
    with running_bot(workdir) as servers:
        yield servers


@pytest.fixture
def chat(live_bot: Dict[str, Any]) -> RestChat:
    """A fresh conversation with the live bot."""
    return RestChat(live_bot["rasa"].url)
