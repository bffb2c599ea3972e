"""Faults under load: the scale-out set-up carries people who pause, and one part fails at a time.

Two Rasa servers behind nginx (deploy/nginx.conf) on endpoints.scale.yml, with a PostgreSQL and a
Redis of their own (testkit/private_services.py: restarting the machine's own would disturb
everything else using them), the action gateway and one action server. People chat as in
bench/capacity.py (pauses of 3-7 s; a busy reply or an apology makes them send the message
again) while, one after the other, with a quiet gap between:

- one Rasa server gets SIGKILL, then is started again;
- PostgreSQL restarts (``pg_ctl stop -m fast``, then start);
- Redis restarts;
- the action server gets SIGKILL, then is started again.

Nothing is restarted by hand: only the failed part itself comes back. For each fault: the
replies that were not answers from the moment it began (HTTP errors, apologies, busy replies),
the seconds until replies were normal again (until the first reply after the last bad one),
and the conversations whose stored history lost a message that had been answered. A report,
not a test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Sequence, Tuple

import aiohttp

from ask_amy.cli.stack import Server, restart, start_rasa_server
from bench import deployments, load
from bench.crowd import ANSWER, Step, crowd
from testkit.live_servers import start_nginx
from testkit.private_services import PrivatePostgreSQL, PrivateRedis

GAP_S = 20.0  # quiet time before the first fault, between faults, and after the last
PAUSE_AFTER_STOP_S = 2.0  # how long PostgreSQL and Redis stay down


@dataclass
class Fault:
    """One fault: what was done and when (monotonic seconds)."""

    name: str
    began: float = 0.0
    ended: float = 0.0  # when the failed part was back
    bad: int = 0
    recovery_s: float = 0.0
    samples: List[str] = field(default_factory=list)


@contextlib.contextmanager
def fault_setup(workdir: Path) -> Iterator[Tuple[deployments.Deployment, Dict[str, object]]]:
    """Start the private services, the action server and gateway, two Rasa servers and nginx."""
    postgresql, redis = PrivatePostgreSQL(), PrivateRedis()
    servers: Dict[str, Server] = {}
    try:
        postgresql.initdb().start()
        redis.start()
        servers.update(deployments.start_actions(workdir, 1, quiet=True))
        env = {
            "ACTION_SERVER_URL": f"{servers['gateway'].url}/webhook", "LOG_LEVEL": "WARNING",
            "DB_HOST": "127.0.0.1", "DB_PORT": str(postgresql.port), "DB_NAME": "postgres",
            "DB_USER": "postgres", "DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis.port), "REDIS_PASSWORD": "", "REDIS_DB": "0",
            "REDIS_KEY_PREFIX": "askamyfaults",
        }
        for index in range(2):  # one at a time: the first creates the tables
            servers[f"rasa{index}"] = start_rasa_server(
                workdir, deployments.SCALE_ENDPOINTS, env=env, timeout=240)
        servers["nginx"] = start_nginx(workdir, [servers["rasa0"], servers["rasa1"]])
        deployment = deployments.Deployment("faults", servers["nginx"].url, servers, services=True)
        yield deployment, {"postgresql": postgresql, "redis": redis, "workdir": workdir}
    finally:
        for server in reversed(list(servers.values())):
            server.stop()
        redis.remove()
        postgresql.remove()


Plan = List[Tuple[str, Callable[[], None]]]


def injections(deployment: deployments.Deployment, parts: Dict[str, object]) -> Plan:
    """Return the faults, in order: a name and a function that causes it and waits until the part is back."""
    servers, workdir = deployment.servers, parts["workdir"]

    def kill_and_start(name: str) -> Callable[[], None]:
        def run() -> None:
            servers[name].stop(signal.SIGKILL)
            servers[name] = restart(servers[name], workdir)  # type: ignore[arg-type]
        return run

    def restart_service(name: str) -> Callable[[], None]:
        def run() -> None:
            parts[name].stop()  # type: ignore[attr-defined]
            time.sleep(PAUSE_AFTER_STOP_S)
            parts[name].start()  # type: ignore[attr-defined]
        return run

    return [
        ("SIGKILL one Rasa server, start it again", kill_and_start("rasa1")),
        ("restart PostgreSQL", restart_service("postgresql")),
        ("restart Redis", restart_service("redis")),
        ("SIGKILL the action server, start it again", kill_and_start("actions")),
    ]


def inject_all(plan: Plan, faults: List[Fault], done: threading.Event) -> None:
    """Cause each fault after a quiet gap, recording when it began and ended (runs in a thread)."""
    try:
        for name, cause in plan:
            time.sleep(GAP_S)
            fault = Fault(name, began=time.monotonic())
            faults.append(fault)
            cause()
            fault.ended = time.monotonic()
        time.sleep(GAP_S)
    finally:
        done.set()


def score(faults: List[Fault], log: Sequence[Tuple[float, str, str, str]], end: float) -> None:
    """Fill in each fault's bad replies and recovery time from the message log.

    A reply belongs to the fault in whose window it came (``log`` holds when each reply came), so
    a message sent just before the next fault and spoiled by it is that fault's.
    """
    for index, fault in enumerate(faults):
        until = faults[index + 1].began if index + 1 < len(faults) else end
        window = sorted(r for r in log if fault.began <= r[0] < until)
        bad = [r for r in window if r[3] != ANSWER]
        fault.bad = len(bad)
        fault.samples = [f"{r[3]}: {r[2]!r}" for r in bad[:3]]
        if bad:
            after = [r[0] for r in window if r[0] > bad[-1][0]]
            fault.recovery_s = (after[0] if after else until) - fault.began


def lost_history(log: Sequence[Tuple[float, str, str, str]], stored: Dict[str, List[str]]) -> Tuple[int, int]:
    """Return (conversations missing an answered message, conversations holding an unanswered one).

    ``stored``: the user messages the tracker store holds per sender, in order. A message answered
    must be there, in order; one that got no answer (error, apology, busy) should not be (when it
    is, it was processed although the person was told otherwise, e.g. killed before replying).
    """
    sent: Dict[str, List[Tuple[str, str]]] = {}
    for _, sender, text, outcome in sorted(log):
        sent.setdefault(sender, []).append((text, outcome))
    missing = extra = 0
    for sender, messages in sent.items():
        answered = [text for text, outcome in messages if outcome == ANSWER]
        held = list(stored.get(sender, []))
        position = 0
        for text in answered:
            try:
                position = held.index(text, position) + 1
            except ValueError:
                missing += 1
                break
        if len(held) > len(answered):
            extra += 1
    return missing, extra


def stored_messages(port: int) -> Dict[str, List[str]]:
    """Every conversation's user messages in the private PostgreSQL, in order."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id")
        stored: Dict[str, List[str]] = {}
        for sender, data in cursor.fetchall():
            stored.setdefault(sender, []).append(json.loads(data).get("text"))
        return stored
    finally:
        connection.close()


async def carry(url: str, people: int, plan: Plan) -> Tuple[Step, List[Fault]]:
    """People chat while the faults are caused, one after the other, in a thread."""
    step = Step(people, log=[])
    faults: List[Fault] = []
    done = threading.Event()
    loop = asyncio.get_running_loop()
    injector = loop.run_in_executor(None, inject_all, plan, faults, done)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        start = loop.time()
        await crowd(session, f"{url}/webhooks/rest/webhook", step, people, 2, start,
                    lambda: not done.is_set(), 10.0, True)
        step.duration = loop.time() - start
    await injector
    return step, faults


def planned_seconds(restart_s: float = 40.0) -> float:
    """About how long the fault run takes once the servers are up."""
    return GAP_S * 5 + 2 * restart_s + 2 * (PAUSE_AFTER_STOP_S + 3)


def report(workdir: Path, people: int) -> List[Fault]:
    """Run the fault run with ``people`` people and print its table."""
    with fault_setup(workdir) as (deployment, parts):
        asyncio.run(load.warm_up(deployment.url))
        step, faults = asyncio.run(carry(deployment.url, people, injections(deployment, parts)))
        score(faults, step.log or [], time.monotonic())
        port = parts["postgresql"].port  # type: ignore[attr-defined]
        missing, extra = lost_history(step.log or [], stored_messages(port))
    print(f"\n## Faults under load ({people} people, pauses 3-7 s; two Rasa servers behind nginx)\n")
    print("| fault | replies that were not answers | seconds until normal | part back after (s) |")
    print("|---|---|---|---|")
    for fault in faults:
        print(f"| {fault.name} | {fault.bad} | {fault.recovery_s:.1f} | {fault.ended - fault.began:.1f} |")
    print(f"\n{step.answers} answers, {step.errors} errors, {step.lost} apologies or lost, {step.busy} busy "
          f"in {step.duration:.0f} s; conversations whose stored history lost an answered message: "
          f"{missing}; holding a message that got no answer: {extra} (the action gateway's apology keeps "
          f"the message in the history with its effects undone; a Rasa server killed after storing a "
          f"message never replies)")
    for fault in faults:
        for sample in fault.samples:
            print(f"  {fault.name}, e.g. {sample}")
    return faults
