"""Memory and CPU of running processes, through psutil (for the benchmarks and tests).

Memory is what a process holds itself: its USS (unique set size, the pages no other process maps),
so the shared libraries and shared memory that every Python or PostgreSQL process maps are not counted
as each one's own. A server with workers forked from it (Sanic's) is counted as the sum of its
processes' PSS instead: the pages they share since the fork count once, split between them, where
USS would leave them out. Figures before this module (plain RSS) are not comparable with these.
"""

from __future__ import annotations

from typing import Callable, List

import psutil

MB = 1024 * 1024
GONE = (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied)


def process_tree(pid: int, descendants: bool = True) -> List[int]:
    """``pid`` and (unless told not to) every live descendant, e.g. Sanic workers; empty if it is gone."""
    try:
        process = psutil.Process(pid)
        children = process.children(recursive=True) if descendants else []
    except GONE:
        return []
    return [pid] + [child.pid for child in children]


def pids_named(*names: str) -> List[int]:
    """Return the processes on this machine whose command name is one of ``names``."""
    return [p.info["pid"] for p in psutil.process_iter(["pid", "name"]) if p.info["name"] in names]


def _read(pid: int, read: Callable[[psutil.Process], float]) -> float:
    try:
        return read(psutil.Process(pid))
    except GONE:
        return 0.0


def uss_mb(pid: int) -> float:
    """USS of one process in MB: the memory only it maps; 0 if it is gone."""
    return _read(pid, lambda p: p.memory_full_info().uss / MB)


def pss_mb(pid: int) -> float:
    """PSS of one process in MB: its own pages plus its share of those it maps with others; 0 if gone."""
    return _read(pid, lambda p: p.memory_full_info().pss / MB)


def rss_mb(pid: int) -> float:
    """Plain RSS in MB (shared libraries counted in full): only to compare with the two above."""
    return _read(pid, lambda p: p.memory_info().rss / MB)


def server_mb(pid: int) -> float:
    """Memory of a server in MB: its USS alone, or the sum of PSS over it and its workers if it has any."""
    tree = process_tree(pid)
    if len(tree) <= 1:
        return uss_mb(pid)
    return sum(pss_mb(p) for p in tree)


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process; 0 if it is gone."""
    return _read(pid, lambda p: p.cpu_times().user + p.cpu_times().system)


def tree_cpu_s(pid: int, descendants: bool = True) -> float:
    """CPU seconds of a process and (unless told not to) its descendants."""
    return sum(cpu_s(p) for p in process_tree(pid, descendants))
