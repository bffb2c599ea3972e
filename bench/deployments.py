"""The bench's set-ups: start the servers (one Rasa server, the scale-out behind nginx, ...) and weigh them.

Used by the no-pause load test (bench/load.py), the capacity steps (bench/capacity.py), the faults,
the CPU profile and the soak.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional

from ask_amy.cli import check_services
from ask_amy.cli.stack import Server, start_action_server, start_gateway, start_rasa_server, write_endpoints
from ask_amy.paths import ROOT
from bench.process_memory import pids_named, server_mb, tree_cpu_s
from testkit.live_servers import sqlite_tracker_store, start_nginx
from testkit.postgresql import throwaway_database

SCALE_ENDPOINTS = ROOT / "endpoints.scale.yml"


@dataclass
class Deployment:
    """Running servers and where the load goes."""

    name: str
    url: str
    servers: Dict[str, Server]
    services: bool = False  # uses PostgreSQL and Redis (their CPU is counted too)

    def rss(self) -> Dict[str, float]:
        """RSS in MB of each server process (with its Sanic workers)."""
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
    import redis

    host = "127.0.0.1"
    pg_port, redis_port = os.environ.get("DB_PORT", "5432"), os.environ.get("REDIS_PORT", "6379")
    prefix = f"askamyload{uuid.uuid4().hex[:8]}"
    connect = {"host": host, "port": pg_port, "user": "postgres", "connect_timeout": 3}
    with throwaway_database("askamy_load", **connect) as name:
        try:
            yield {
                "DB_HOST": host, "DB_PORT": pg_port, "DB_NAME": name, "DB_USER": "postgres",
                "DB_PASSWORD": "", "REDIS_HOST": host, "REDIS_PORT": redis_port, "REDIS_PASSWORD": "",
                "REDIS_DB": "0",
                "REDIS_KEY_PREFIX": prefix,
            }
        finally:
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
