"""Load test: many concurrent multi-turn conversations over REST, for a bounded time.

Each virtual user holds one conversation at a time (a greeting, advice questions answered by
custom actions, the column's source, the email form to the draft, a correction, thanks), one
message after another, then starts a new one, until the time is up. Reports throughput
(messages/s), latency p50/p95/p99, errors (HTTP errors, timeouts), lost replies (an empty reply,
or not the reply to that message: out of order, or an apology), busy replies (the server refused
the message in time, ask_amy/guards/admission.py: the user sends it again half a second later), and the
memory of every server process before and after (bench/process_memory.py:
USS, or PSS summed over a server and its workers). This is the no-pause saturation figure;
bench/capacity.py is the load model with people who pause.

It can start the servers itself (``--setup``):

* ``single``: one Rasa server (SQLite tracker store, the default endpoints.yml), the action gateway
  and the action server: ``make serve`` on one machine;
* ``scale``: two Rasa servers on endpoints.scale.yml (a fresh PostgreSQL database, Redis with a
  fresh key prefix) behind nginx with the reference configuration (deploy/nginx.conf: least
  connections for REST), started on loopback (deploy/ensure_nginx.sh installs it);
* ``workers``: one Rasa server with SANIC_WORKERS=2 on endpoints.scale.yml, no nginx;
* ``scale1``: one Rasa server on endpoints.scale.yml (what PostgreSQL + Redis cost one process).

or load a running server (``--url``). A report, not a test: it never fails on the figures.

Usage: ``python -m bench.load --setup single --setup scale --concurrency 32 --concurrency 128``
(``--duration 20`` seconds per run; ``--help`` for the rest)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import aiohttp

from ask_amy.cli import check_services
from ask_amy.guards.admission import BUSY_REPLY
from bench.process_memory import pids_named, server_mb, tree_cpu_s
from testkit.live_servers import (
    ROOT,
    Server,
    sqlite_tracker_store,
    start_action_server,
    start_gateway,
    start_nginx,
    start_rasa_server,
    write_endpoints,
)

# One conversation: (message, any of these in the reply). Custom actions answer turns 2-4 and 6-11.
CONVERSATION: List[Tuple[str, Tuple[str, ...]]] = [
    ("hi", ("interview",)),
    ("it's been three weeks since my interview and nothing. should I call or email?",
     ("email rather than by phone",)),
    ("where does that come from?", ("June 11, 2018",)),
    ("I got another offer and they need an answer by Friday", ("(Friday)",)),
    ("should I keep applying while I wait?", ("keep applying",)),
    ("am I talking to a bot?", ("automated assistant",)),
    ("write the follow-up email for me", ("Who should the email go to?",)),
    ("Priya Patel", ("Which role and company",)),
    ("the designer role at Acme", ("moment in the interview",)),
    ("we both laughed about the coffee machine", ("Hi Priya,",)),
    ("make the name Dana", ("Hi Dana,",)),
    ("thanks, bye", ("welcome", "Happy to help", "Good luck", "Bye")),
]
REQUEST_TIMEOUT = 30.0
BUSY_RETRY_S = 0.5  # a virtual user sends a message refused as busy again after this long
SCALE_ENDPOINTS = ROOT / "endpoints.scale.yml"


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-th percentile (0-100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


@dataclass
class LoadResult:
    """What one load run measured."""

    concurrency: int
    duration: float = 0.0
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    lost: int = 0
    busy: int = 0  # busy replies (ask_amy/guards/admission.py); the message was sent again
    conversations: int = 0
    samples: List[str] = field(default_factory=list)
    memory_before: Dict[str, float] = field(default_factory=dict)
    memory_after: Dict[str, float] = field(default_factory=dict)
    cpu_s: Dict[str, float] = field(default_factory=dict)  # CPU seconds each server used during the run
    other_cores: float = float("nan")  # CPUs busy with other processes on the machine meanwhile

    def cpu_ms_per_message(self) -> Dict[str, float]:
        """CPU milliseconds per answered message, per server process (with its workers)."""
        return {k: v * 1000 / self.messages for k, v in self.cpu_s.items()} if self.messages else {}

    @property
    def messages(self) -> int:
        """Messages answered (an HTTP answer, right or wrong, but not the busy reply)."""
        return len(self.latencies_ms) - self.busy

    @property
    def throughput(self) -> float:
        """Answered messages per second."""
        return self.messages / self.duration if self.duration else 0.0

    def note(self, sample: str) -> None:
        """Keep a few examples of what went wrong."""
        if len(self.samples) < 5:
            self.samples.append(sample)

    def summary(self) -> Dict[str, float]:
        """Return the figures, rounded."""
        return {
            "concurrency": self.concurrency,
            "messages": self.messages,
            "msg_per_s": round(self.throughput, 1),
            "p50_ms": round(percentile(self.latencies_ms, 50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 95), 1),
            "p99_ms": round(percentile(self.latencies_ms, 99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else float("nan"),
            "errors": self.errors,
            "lost": self.lost,
            "busy": self.busy,
            "conversations": self.conversations,
            "memory_before_mb": round(sum(self.memory_before.values()), 1),
            "memory_after_mb": round(sum(self.memory_after.values()), 1),
            "server_cpu_ms_per_msg": round(sum(self.cpu_ms_per_message().values()), 1),
            "other_processes_cpus": round(self.other_cores, 2),
        }


async def converse(session: aiohttp.ClientSession, url: str, deadline: float, result: LoadResult) -> None:
    """One virtual user: conversations one after another until ``deadline``."""
    loop = asyncio.get_running_loop()
    while loop.time() < deadline:
        sender = f"load-{uuid.uuid4().hex}"
        index = 0
        while index < len(CONVERSATION):
            text, expected = CONVERSATION[index]
            if loop.time() >= deadline:
                return
            start = loop.time()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as response:
                    body = await response.json(content_type=None) if response.status == 200 else None
                    status = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                result.errors += 1
                result.note(f"{text!r}: {error!r}")
                await asyncio.sleep(0.1)
                break  # this conversation is in an unknown state: start a new one
            result.latencies_ms.append((loop.time() - start) * 1000)
            if status != 200:
                result.errors += 1
                result.note(f"{text!r}: HTTP {status}")
                break
            reply = "\n".join(str(r.get("text", "")) for r in body or [] if isinstance(r, dict))
            if reply.strip() == BUSY_REPLY:  # refused in time (ask_amy/guards/admission.py): send it again
                result.busy += 1
                await asyncio.sleep(BUSY_RETRY_S)
                continue
            if not any(fragment in reply for fragment in expected):
                result.lost += 1
                result.note(f"{text!r}: got {reply[:100]!r}")
                break
            index += 1
        else:
            result.conversations += 1


async def run_load(url: str, concurrency: int, duration: float) -> LoadResult:
    """``concurrency`` virtual users for ``duration`` seconds against the REST channel at ``url``."""
    webhook = f"{url.rstrip('/')}/webhooks/rest/webhook"
    result = LoadResult(concurrency)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        loop = asyncio.get_running_loop()
        start = loop.time()
        deadline = start + duration
        await asyncio.gather(*(converse(session, webhook, deadline, result) for _ in range(concurrency)))
        result.duration = loop.time() - start
    return result


async def warm_up(url: str, conversations: int = 2) -> None:
    """Return a couple of whole conversations first, so first-call costs are not measured."""
    webhook = f"{url.rstrip('/')}/webhooks/rest/webhook"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for _ in range(conversations):
            sender = f"warmup-{uuid.uuid4().hex}"
            for text, _expected in CONVERSATION:
                async with session.post(webhook, json={"sender": sender, "message": text}) as response:
                    await response.read()


# Set-ups: start the servers, say where to send messages and which processes to weigh.


@dataclass
class Deployment:
    """Running servers and where the load goes."""

    name: str
    url: str
    servers: Dict[str, Server]
    services: bool = False  # uses PostgreSQL and Redis (their CPU is counted too)

    def memory(self) -> Dict[str, float]:
        """Memory in MB of each server process (with its Sanic workers), ``process_memory.server_mb``."""
        return {name: server_mb(s.process.pid) for name, s in self.servers.items()}

    def cpu(self) -> Dict[str, float]:
        """CPU seconds used so far by each server process (with its Sanic workers), and the services'."""
        used = {name: tree_cpu_s(s.process.pid) for name, s in self.servers.items()}
        if self.services:
            used["postgresql+redis"] = sum(
                tree_cpu_s(pid, False) for pid in pids_named("postgres", "redis-server")
            )
        return used


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all CPUs, from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def log_env(quiet: bool) -> Dict[str, str]:
    """LOG_LEVEL=WARNING for the servers when ``quiet``."""
    return {"LOG_LEVEL": "WARNING"} if quiet else {"LOG_LEVEL": "INFO"}


def start_actions(workdir: Path, action_workers: int, quiet: bool) -> Dict[str, Server]:
    """Return the action server (``action_workers`` Sanic workers) and the gateway in front of it."""
    env = {"ACTION_SERVER_SANIC_WORKERS": str(action_workers), **log_env(quiet)}
    # rasa_sdk has no LOG_LEVEL variable: --quiet. (Not a restart: Sanic workers can outlive their
    # main process for a moment and answer on the port in place of the new server.)
    actions = start_action_server(workdir, env=env, extra_args=["--quiet"] if quiet else None)
    gateway = start_gateway(workdir, [actions.url], timeout=10.0, env=log_env(quiet))
    return {"actions": actions, "gateway": gateway}


@contextlib.contextmanager
def setup_single(workdir: Path, action_workers: int = 1, quiet: bool = False,
                 model: Optional[Path] = None, name: str = "single") -> Iterator[Deployment]:
    """One Rasa server on SQLite (the default profile; ``model``: another), the gateway, the action server."""
    servers = start_actions(workdir, action_workers, quiet)
    try:
        store = sqlite_tracker_store(workdir / "trackers.db")
        endpoints = write_endpoints(workdir, servers["gateway"].url, extra=store)
        check_services.check(endpoints)  # as deploy/serve.sh does: the SQLite file in WAL mode
        extra = {"model": model} if model is not None else {}
        servers["rasa"] = start_rasa_server(workdir, endpoints, env=log_env(quiet), **extra)
        yield Deployment(name, servers["rasa"].url, servers)
    finally:
        for server in reversed(list(servers.values())):
            server.stop()


@contextlib.contextmanager
def fresh_services() -> Iterator[Dict[str, str]]:
    """Return a new PostgreSQL database and Redis key prefix (dropped afterwards); the scale variables."""
    import psycopg2
    import redis

    host = "127.0.0.1"
    pg_port, redis_port = os.environ.get("DB_PORT", "5432"), os.environ.get("REDIS_PORT", "6379")
    name = f"askamy_load_{uuid.uuid4().hex[:10]}"
    prefix = f"askamyload{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host=host, port=pg_port, user="postgres", dbname="postgres", connect_timeout=3)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield {
            "DB_HOST": host, "DB_PORT": pg_port, "DB_NAME": name, "DB_USER": "postgres", "DB_PASSWORD": "",
            "REDIS_HOST": host, "REDIS_PORT": redis_port, "REDIS_PASSWORD": "", "REDIS_DB": "0",
            "REDIS_KEY_PREFIX": prefix,
        }
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        client = redis.Redis(host=host, port=int(redis_port))
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@contextlib.contextmanager
def setup_scale(workdir: Path, rasa_servers: int = 2, sanic_workers: int = 1, action_workers: int = 1,
                quiet: bool = False) -> Iterator[Deployment]:
    """``rasa_servers`` Rasa servers (``sanic_workers`` each) on PostgreSQL + Redis, several behind nginx."""
    with fresh_services() as variables:
        servers = start_actions(workdir, action_workers, quiet)
        try:
            env = {**variables, **log_env(quiet), "ACTION_SERVER_URL": f"{servers['gateway'].url}/webhook",
                   "SANIC_WORKERS": str(sanic_workers)}
            for index in range(rasa_servers):  # one at a time: the first creates the tables
                servers[f"rasa{index}"] = start_rasa_server(workdir, SCALE_ENDPOINTS, env=env, timeout=240)
            url = servers["rasa0"].url
            if rasa_servers > 1:
                rasa = [servers[f"rasa{index}"] for index in range(rasa_servers)]
                servers["nginx"] = start_nginx(workdir, rasa)
                url = servers["nginx"].url
            name = f"{rasa_servers} Rasa server{'s' if rasa_servers > 1 else ''}"
            name += f" x {sanic_workers} workers" if sanic_workers > 1 else ""
            yield Deployment(name, url, servers, services=True)
        finally:
            for server in reversed(list(servers.values())):
                server.stop()


def services_missing() -> Optional[str]:
    """``None`` when PostgreSQL and Redis answer on 127.0.0.1, else what is missing and how to start it."""
    missing = []
    try:
        import psycopg2

        psycopg2.connect(host="127.0.0.1", port=os.environ.get("DB_PORT", "5432"), user="postgres",
                         dbname="postgres", connect_timeout=3).close()
    except Exception:  # noqa: BLE001
        missing.append("PostgreSQL (pg_ctlcluster <version> main start)")
    try:
        import redis

        redis.Redis(port=int(os.environ.get("REDIS_PORT", "6379")), socket_connect_timeout=3).ping()
    except Exception:  # noqa: BLE001
        missing.append("Redis (redis-server --daemonize yes)")
    return f"needs {' and '.join(missing)}" if missing else None


SETUPS = {
    "single": lambda workdir, **kw: setup_single(workdir, **kw),
    "scale": lambda workdir, **kw: setup_scale(workdir, rasa_servers=2, **kw),
    "workers": lambda workdir, **kw: setup_scale(workdir, rasa_servers=1, sanic_workers=2, **kw),
    "scale1": lambda workdir, **kw: setup_scale(workdir, rasa_servers=1, **kw),
}


def measure(deployment: Deployment, concurrencies: Sequence[int], duration: float) -> List[LoadResult]:
    """Warm up, then one load run per concurrency, with memory before and after each."""
    asyncio.run(warm_up(deployment.url))
    results = []
    for concurrency in concurrencies:
        before, cpu_before = deployment.memory(), deployment.cpu()
        busy_before, client_before = machine_busy_s(), time.process_time()
        result = asyncio.run(run_load(deployment.url, concurrency, duration))
        cpu_after, busy_after, client_after = deployment.cpu(), machine_busy_s(), time.process_time()
        result.memory_before, result.memory_after = before, deployment.memory()
        result.cpu_s = {k: cpu_after[k] - cpu_before.get(k, 0.0) for k in cpu_after}
        ours = sum(result.cpu_s.values()) + (client_after - client_before)
        result.other_cores = max(0.0, (busy_after - busy_before) - ours) / result.duration
        results.append(result)
        print(f"  {deployment.name}, {concurrency} concurrent: {result.summary()}", flush=True)
        per_message = ", ".join(f"{k} {v:.1f}" for k, v in result.cpu_ms_per_message().items())
        memory = ", ".join(f"{k} {v:.0f}" for k, v in result.memory_after.items())
        print(f"    CPU ms per message: {per_message}; memory after (MB, USS/PSS): {memory}", flush=True)
        for sample in result.samples:
            print(f"    e.g. {sample}", flush=True)
    return results


def table(rows: List[Tuple[str, LoadResult]]) -> str:
    """Return a Markdown table of the runs."""
    lines = [
        "| set-up | concurrent | msg/s | p50 ms | p95 ms | p99 ms | errors | lost | busy "
        "| server memory before -> after (MB, USS/PSS) | server CPU ms/msg | CPUs busy elsewhere |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        s = r.summary()
        lines.append(
            f"| {name} | {r.concurrency} | {s['msg_per_s']:.1f} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | "
            f"{s['p99_ms']:.0f} | {r.errors} | {r.lost} | {r.busy} | "
            f"{s['memory_before_mb']:.0f} -> {s['memory_after_mb']:.0f} | "
            f"{s['server_cpu_ms_per_msg']:.1f} | {r.other_cores:.2f} |"
        )
    return "\n".join(lines)


def benchmark(setups: Sequence[str], concurrencies: Sequence[int], duration: float, action_workers: int = 1,
              quiet: bool = False) -> List[Tuple[str, LoadResult]]:
    """Run every set-up at every concurrency; print the table and the ratios to the first set-up."""
    rows: List[Tuple[str, LoadResult]] = []
    options = f"action workers {action_workers}, logs {'WARNING' if quiet else 'INFO'}"
    for setup in setups:
        workdir = Path(tempfile.mkdtemp(prefix=f"ask-amy-load-{setup}-"))
        print(f"load: starting {setup} ({options}) ...", flush=True)
        try:
            with SETUPS[setup](workdir, action_workers=action_workers, quiet=quiet) as deployment:
                for result in measure(deployment, concurrencies, duration):
                    rows.append((f"{deployment.name} ({setup})", result))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n## Load ({duration:g} s per run; {options}; {os.cpu_count()} CPUs)\n")
    print(table(rows))
    if len(setups) > 1:
        first = {r.concurrency: r for name, r in rows if name.endswith(f"({setups[0]})")}
        for name, r in rows:
            base = first.get(r.concurrency)
            if base and not name.endswith(f"({setups[0]})") and base.throughput:
                print(f"\n{name} / {setups[0]} at {r.concurrency} concurrent: "
                      f"{r.throughput / base.throughput:.2f}x throughput, "
                      f"p95 {percentile(r.latencies_ms, 95):.0f} ms "
                      f"vs {percentile(base.latencies_ms, 95):.0f} ms")
    return rows


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="load this running Rasa server instead of starting servers")
    parser.add_argument("--setup", action="append", choices=sorted(SETUPS), help="set-ups to start (repeat)")
    parser.add_argument("--concurrency", action="append", type=int, help="concurrent conversations (repeat)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--action-workers", type=int,
                        default=int(os.environ.get("ACTION_SERVER_SANIC_WORKERS", 1)))
    parser.add_argument("--quiet-logs", action="store_true", help="servers log at WARNING")
    args = parser.parse_args(argv)
    concurrencies = args.concurrency or [32, 128]
    if args.url:
        asyncio.run(warm_up(args.url))
        for concurrency in concurrencies:
            result = asyncio.run(run_load(args.url, concurrency, args.duration))
            print(result.summary())
            for sample in result.samples:
                print(f"  e.g. {sample}")
        return 0
    benchmark(args.setup or ["single", "scale"], concurrencies, args.duration, args.action_workers,
              args.quiet_logs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
