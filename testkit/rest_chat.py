"""A small REST client for the live bot: one conversation over Rasa's REST channel."""

from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any, Dict, List


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
