"""What the browser tests in this folder share besides fixtures: the sites, a tab, loopback only."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ask_amy.cli.stack import Server
from testkit.widget_page import Tab, demo_url

PAGES = Path(__file__).resolve().parent
LOOPBACK = "http://127.0.0.1:"  # every server of the tests (routes see HTTP requests, not WebSockets)


@dataclass
class Site:
    """The shared servers, and the URLs of the two pages."""

    rasa: Server
    web_origin: str
    pages_origin: str

    def demo(self, timeout_ms: int = 15000) -> str:
        """The demo career page, its widget talking to the shared Rasa server."""
        return demo_url(self.web_origin, self.rasa.url, timeout_ms)

    def webchat(self, init_payload: str = "/get_started") -> str:
        """The rasa-webchat page, connected to the shared Rasa server's socket.io channel."""
        query = urllib.parse.urlencode({"server": self.rasa.url, "init": init_payload})
        return f"{self.pages_origin}/webchat.html?{query}"


def keep_to_loopback(context: Any, tab: Tab) -> None:
    """Abort, and record in ``tab.outside``, every request of ``context`` that leaves loopback."""

    def route(route: Any) -> None:
        request = route.request
        if request.url.startswith(LOOPBACK):
            route.continue_()
        else:
            tab.outside.append((request.resource_type, request.url))
            route.abort()

    context.route("**/*", route)
