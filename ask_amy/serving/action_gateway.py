"""The action gateway: what the Rasa server calls instead of the action server, with an answer in time.

A small proxy between the Rasa server and one or more action servers (``--upstream``, round-robin):
their answer passes through untouched; when none answers within ``--timeout`` seconds, or one
fails, it answers in the action server's place with the apology and events that undo what the
person's message changed. Why and how: docs/deploy.md, "When something fails".

Usage: ``python -m ask_amy.serving.action_gateway --port 5054 --upstream http://127.0.0.1:5055 --timeout 5``
(or the ``ACTION_GATEWAY_PORT``, ``ACTION_UPSTREAMS`` (space-separated) and ``ACTION_TIMEOUT``
environment variables). ``GET /health`` answers 200 while the gateway runs, with each upstream's
state.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import itertools
import json
import logging
import os
import sys
from typing import Any, Dict, List, Optional, Sequence

from aiohttp import (
    ClientConnectorError,
    ClientSession,
    ClientTimeout,
    ServerDisconnectedError,
    TCPConnector,
    web,
)

from ask_amy.knowledge import apology_text

logger = logging.getLogger("action_gateway")

DEFAULT_TIMEOUT = 5.0
KEEPALIVE_TIMEOUT = 4.0
# Headers passed on to the action server (Rasa compresses requests when asked to).
FORWARDED_HEADERS = ("Content-Type", "Content-Encoding", "Authorization")


def decode_request(body: bytes, encoding: str = "") -> Dict[str, Any]:
    """Decode the action call Rasa sent (gzip-compressed or not); ``{}`` if unreadable."""
    try:
        if encoding.lower() == "gzip" or body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        data = json.loads(body)
    except (OSError, ValueError, EOFError):
        return {}
    return data if isinstance(data, dict) else {}


def _last_user_index(events: List[Dict[str, Any]]) -> int:
    """Index of the latest user message in ``events`` (-1 if none)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return index
    return -1


def already_apologised(call: Dict[str, Any]) -> bool:
    """Whether this turn was already ended by the gateway (its ``followup`` after the latest user message)."""
    events = [e for e in ((call.get("tracker") or {}).get("events") or []) if isinstance(e, dict)]
    return any(
        e.get("event") == "followup" and e.get("name") == "action_listen"
        for e in events[_last_user_index(events) + 1:]
    )


def undo_events(call: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Events that put slots and the active form back to how they were before the latest user message."""
    events = [e for e in ((call.get("tracker") or {}).get("events") or []) if isinstance(e, dict)]
    last_user = _last_user_index(events)
    if last_user < 0:  # not a reply to a message (e.g. an external trigger): nothing to take back
        return []
    domain_slots = ((call.get("domain") or {}).get("slots")) or {}
    initial = {name: (spec or {}).get("initial_value") for name, spec in domain_slots.items()}
    slots: Dict[str, Any] = dict(initial)
    loop: Optional[str] = None
    for event in events[:last_user]:
        kind = event.get("event")
        if kind == "slot":
            slots[event.get("name")] = event.get("value")
        elif kind == "active_loop":
            loop = event.get("name")
        elif kind in ("restart", "session_started"):
            slots, loop = dict(initial), None
        elif kind == "reset_slots":
            slots = dict(initial)
    changed_slots: List[str] = []
    loop_changed = False
    for event in events[last_user + 1:]:
        if event.get("event") == "slot" and event.get("name") not in changed_slots:
            changed_slots.append(event.get("name"))
        elif event.get("event") == "active_loop":
            loop_changed = True
    undo = [{"event": "slot", "name": name, "value": slots.get(name)} for name in changed_slots]
    if loop_changed:
        undo.append({"event": "active_loop", "name": loop})
    return undo


def fallback_response(call: Dict[str, Any], apology: str) -> Dict[str, Any]:
    """Build the answer the gateway gives in the action server's place when it cannot be reached.

    Apologise, undo what the person's message changed, and listen; or, when an earlier call in
    this turn already did so, do nothing.
    """
    if already_apologised(call):
        return {"events": [], "responses": []}
    return {
        "events": undo_events(call) + [{"event": "followup", "name": "action_listen"}],
        "responses": [{"text": apology}],
    }


class Gateway:
    """Round-robin proxy to the action servers with a deadline and an apology."""

    def __init__(self, upstreams: Sequence[str], timeout: float, apology: Optional[str] = None) -> None:
        if not upstreams:
            raise ValueError("at least one upstream action server is needed")
        self.upstreams = [u.rstrip("/") for u in upstreams]
        self.timeout = timeout
        self.apology = apology or apology_text()
        self._next = itertools.cycle(range(len(self.upstreams)))
        self.session: Optional[ClientSession] = None
        self.failures = 0

    async def start(self, _app: web.Application) -> None:
        """Open the connection pool (keep-alive connections to the action servers)."""
        # Idle connections are dropped before the action server's own keep-alive timeout (Sanic: 5 s),
        # so the gateway never sends on a connection the server is closing.
        connector = TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_TIMEOUT)
        self.session = ClientSession(connector=connector, auto_decompress=False)

    async def stop(self, _app: web.Application) -> None:
        """Close the connection pool."""
        if self.session is not None:
            await self.session.close()

    def _order(self) -> List[str]:
        """Return the upstreams, starting with the next one in the round."""
        first = next(self._next)
        return self.upstreams[first:] + self.upstreams[:first]

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /webhook: run an action on an action server, or apologise in its place."""
        body = await request.read()
        headers = {k: request.headers[k] for k in FORWARDED_HEADERS if k in request.headers}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        problem = "no action server configured"
        assert self.session is not None
        queue = self._order()
        retried = set()
        while queue:
            upstream = queue.pop(0)
            left = deadline - loop.time()
            if left <= 0:
                problem = f"no answer within {self.timeout:g} s"
                break
            try:
                async with self.session.post(
                    f"{upstream}/webhook", data=body, headers=headers, timeout=ClientTimeout(total=left)
                ) as answer:
                    payload = await answer.read()
                    if answer.status < 500:
                        return web.Response(
                            status=answer.status, body=payload,
                            content_type=answer.content_type or "application/json",
                        )
                    problem = f"{upstream} answered {answer.status}"
                    break  # the action ran and failed: retrying elsewhere would fail the same way
            except ClientConnectorError as error:  # refused / unreachable: the request never got there
                problem = f"{upstream} is unreachable ({error.os_error.strerror or error})"
                continue
            except ServerDisconnectedError as error:  # e.g. a kept-alive connection closed under us
                problem = f"{upstream} closed the connection ({error})"
                if upstream not in retried:  # actions have no side effects: once more, new connection
                    retried.add(upstream)
                    queue.insert(0, upstream)
                    continue
                break
            except asyncio.TimeoutError:
                problem = f"{upstream} did not answer within {self.timeout:g} s"
                break
            except Exception as error:  # noqa: BLE001  (connection reset mid-answer, bad payload...)
                problem = f"{upstream} failed: {error!r}"
                break
        call = decode_request(body, request.headers.get("Content-Encoding", ""))
        self.failures += 1
        logger.warning(
            "action %s for %s: %s; answering with the apology",
            call.get("next_action", "?"), call.get("sender_id", "?"), problem,
        )
        return web.json_response(fallback_response(call, self.apology))

    async def actions(self, request: web.Request) -> web.Response:
        """GET /actions: the action list from the first action server that answers."""
        assert self.session is not None
        for upstream in self._order():
            try:
                timeout = ClientTimeout(total=self.timeout)
                async with self.session.get(f"{upstream}/actions", timeout=timeout) as answer:
                    body = await answer.read()
                    return web.Response(status=answer.status, body=body, content_type="application/json")
            except (OSError, asyncio.TimeoutError, ClientConnectorError):
                continue
        return web.json_response({"error": "no action server answered"}, status=503)

    async def health(self, _request: web.Request) -> web.Response:
        """GET /health: the gateway is up; and which action servers answer their /health."""
        assert self.session is not None

        async def probe(upstream: str) -> bool:
            try:
                async with self.session.get(f"{upstream}/health", timeout=ClientTimeout(total=1)) as answer:
                    return answer.status == 200
            except Exception:  # noqa: BLE001
                return False

        states = await asyncio.gather(*(probe(u) for u in self.upstreams))
        return web.json_response({
            "status": "ok",
            "upstreams": dict(zip(self.upstreams, states, strict=True)),
            "fallback_answers": self.failures,
        })

    def app(self) -> web.Application:
        """Build the aiohttp application."""
        application = web.Application(client_max_size=64 * 1024 * 1024)
        application.router.add_post("/webhook", self.webhook)
        application.router.add_get("/actions", self.actions)
        application.router.add_get("/health", self.health)
        application.on_startup.append(self.start)
        application.on_cleanup.append(self.stop)
        return application


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the gateway."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("ACTION_GATEWAY_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_GATEWAY_PORT", "5054")))
    parser.add_argument(
        "--upstream", action="append", default=None,
        help="an action server's base URL (repeat for several); "
        "default: ACTION_UPSTREAMS (space-separated) or http://127.0.0.1:5055",
    )
    parser.add_argument(
        "--timeout", type=float, default=float(os.environ.get("ACTION_TIMEOUT", DEFAULT_TIMEOUT)),
        help="seconds to wait for an action server before apologising (ACTION_TIMEOUT)",
    )
    args = parser.parse_args(argv)
    upstreams = args.upstream or os.environ.get("ACTION_UPSTREAMS", "http://127.0.0.1:5055").split()
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    gateway = Gateway(upstreams, args.timeout)
    logger.info(
        "action gateway on %s:%s -> %s (timeout %g s)",
        args.host, args.port, " ".join(gateway.upstreams), args.timeout,
    )
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    web.run_app(gateway.app(), host=args.host, port=args.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
