"""The Slack channel's routes on a loopback port, served by Sanic without Rasa, for the channel tests.

:func:`serving` starts one such "Rasa server": ``received`` collects what would go to Rasa, the
replies go to a :class:`testkit.slack_stand_in.SlackWebAPI`, and ``agent`` (optional) stands for
Rasa's agent on ``app.ctx`` (the channel looks there for a Redis lock store to share its memory).
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict, List, Optional

import aiohttp
import pytest
from sanic import Sanic

from ask_amy.channels.slack.channel import SlackChannel
from ask_amy.cli.stack import free_port
from testkit.slack_requests import signed_request
from testkit.slack_stand_in import CHANNEL, ApiCall, SlackWebAPI

SIGNING_SECRET = "s3cret"
CREDENTIALS = {"slack_token": "xoxb-1", "slack_signing_secret": SIGNING_SECRET, "slack_channel": CHANNEL}


def channel(**overrides: Any) -> SlackChannel:
    """The Slack channel as credentials.yml would build it, with :data:`CREDENTIALS` and ``overrides``."""
    return SlackChannel.from_credentials({**CREDENTIALS, **overrides})


class Webhook:
    """The channel's routes on a free loopback port; ``received`` is what would go to Rasa, ``api``
    the Slack stand-in its replies go to.
    """

    def __init__(self, url: str, received: List[Any], slack: SlackChannel, api: SlackWebAPI) -> None:
        self.url = url
        self.received = received
        self.slack = slack
        self.api = api

    async def post(self, payload: Any, secret: Any = SIGNING_SECRET, timestamp: Any = None,
                   headers: Any = None, content_type: str = "application/json") -> Any:
        """Post ``payload`` signed as Slack does, as JSON or (other ``content_type``) as a form."""
        body, all_headers = signed_request(
            payload, secret, timestamp, headers={"Content-Type": content_type, **(headers or {})},
            form=not content_type.startswith("application/json"),
        )
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.url}/webhook", data=body, headers=all_headers) as response:
                answer = response.status, await response.text(), response.headers.get("Content-Type", "")
        await self.finished()
        return answer

    async def click(self, payload: Dict[str, Any], **kwargs: Any) -> int:
        """Post a signed click; return the HTTP status once everything it started is done."""
        return (await self.post(payload, content_type="application/x-www-form-urlencoded", **kwargs))[0]

    async def finished(self) -> None:
        """Wait until the work the channel does after answering (Rasa, Web API calls) is done."""
        while self.slack._background_tasks:
            await asyncio.gather(*list(self.slack._background_tasks), return_exceptions=True)

    async def offer(self, user: str, where: str, buttons: List[Dict[str, str]], conversation: str = "",
                    thread: Any = None) -> ApiCall:
        """Have the bot post ``buttons`` to ``user`` in ``where``; return the post."""
        mark = self.api.mark()
        out = self.slack.get_output_channel(where, thread, user)
        await out.send_text_with_buttons(conversation or user, "Do you want to know **which**?", buttons)
        [post] = self.api.posts(where, after=mark)
        return post


@asynccontextmanager
async def serving(
    slack: SlackChannel, api: SlackWebAPI, monkeypatch: pytest.MonkeyPatch, agent: Optional[Any] = None
) -> AsyncIterator[Webhook]:
    """Serve ``slack``'s routes on a free loopback port until the block ends."""
    # Sanic's test mode (what sanic-testing sets) lets several apps start in one process.
    monkeypatch.setattr(Sanic, "test_mode", True)
    received: List[Any] = []

    async def on_new_message(message: Any) -> None:
        received.append(message)

    app = Sanic(f"slack_test_{uuid.uuid4().hex[:8]}", configure_logging=False)
    if agent is not None:
        app.ctx.agent = agent
    app.blueprint(slack.blueprint(on_new_message), url_prefix="/webhooks/slack")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        yield Webhook(f"http://127.0.0.1:{port}/webhooks/slack", received, slack, api)
    finally:
        server.close()
        await server.wait_closed()
