"""A tiny HTTP load balancer for several Rasa servers (benchmarks and local trials).

Each request goes to the backend with the fewest requests in flight, taking turns between equals
(round-robin when all are equally busy); a backend that refuses the connection is skipped for that
request. Plain round-robin would keep sending a slowed-down server (one that gets less CPU) its
full share, and its queue, and its latency, would grow without bound. Plain HTTP only (the REST
channel, Rasa's HTTP API): for socket.io use a real load balancer with sticky sessions or
websocket-only clients (docs/deploy.md). In production, use nginx, HAProxy or the cloud's load
balancer instead.

Usage: ``python -m scripts.balancer --port 5005 --backend http://127.0.0.1:5006 --backend ...``
"""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import Dict, List, Optional, Sequence

from aiohttp import ClientConnectorError, ClientSession, ClientTimeout, TCPConnector, web

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length",
              "proxy-connection", "te", "trailer"}


class Balancer:
    """Round-robin reverse proxy."""

    def __init__(self, backends: Sequence[str], timeout: float = 60) -> None:
        self.backends: List[str] = [b.rstrip("/") for b in backends]
        self.in_flight: Dict[str, int] = {b: 0 for b in self.backends}
        self._turn = itertools.cycle(range(len(self.backends)))
        self.timeout = ClientTimeout(total=timeout)
        self.session: Optional[ClientSession] = None

    async def start(self, _app: web.Application) -> None:
        """Keep-alive connections to the backends."""
        # Idle connections are dropped before Sanic's keep-alive timeout (5 s) closes them.
        self.session = ClientSession(
            connector=TCPConnector(limit=0, keepalive_timeout=4), auto_decompress=False, timeout=self.timeout
        )

    async def stop(self, _app: web.Application) -> None:
        """Close the connections."""
        if self.session is not None:
            await self.session.close()

    async def proxy(self, request: web.Request) -> web.Response:
        """Forward ``request`` to the next backend that accepts the connection."""
        assert self.session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        first = next(self._turn)
        rotated = self.backends[first:] + self.backends[:first]
        for backend in sorted(rotated, key=self.in_flight.__getitem__):  # stable: equals keep their turn
            self.in_flight[backend] += 1
            try:
                async with self.session.request(
                    request.method, f"{backend}{request.rel_url}", data=body, headers=headers
                ) as answer:
                    payload = await answer.read()
                    out = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
                    return web.Response(status=answer.status, body=payload, headers=out)
            except ClientConnectorError:
                continue
            finally:
                self.in_flight[backend] -= 1
        return web.json_response({"error": "no backend accepted the connection"}, status=502)

    def app(self) -> web.Application:
        """Build the aiohttp application."""
        application = web.Application(client_max_size=64 * 1024 * 1024)
        application.router.add_route("*", "/{tail:.*}", self.proxy)
        application.on_startup.append(self.start)
        application.on_cleanup.append(self.stop)
        return application


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the balancer."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backend", action="append", required=True, help="a backend base URL (repeat)")
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    web.run_app(Balancer(args.backend).app(), host=args.host, port=args.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
