"""Shared fixtures: the live servers and a small REST client."""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from tests.live_servers import MODEL, running_bot


def post_json(url: str, payload: Any, timeout: float = 30) -> Any:
    """POST ``payload`` as JSON and return the decoded JSON answer."""
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


class RestChat:
    """One conversation over Rasa's REST channel."""

    def __init__(self, base_url: str, sender: str = "") -> None:
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = sender or f"test-{uuid.uuid4().hex[:12]}"

    def send(self, text: str) -> List[Dict[str, Any]]:
        """Send one message and return the bot's raw replies."""
        return post_json(self.url, {"sender": self.sender, "message": text})

    def say(self, text: str) -> str:
        """Send one message and return the bot's replies joined as one text."""
        return "\n".join(r.get("text", "") for r in self.send(text))


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
