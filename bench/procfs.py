"""Memory and CPU of running processes, read from Linux's /proc (for the benchmarks and tests)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, List


def process_tree(pid: int, descendants: bool = True) -> Iterator[int]:
    """``pid`` and (unless told not to) every live descendant, e.g. Sanic workers."""
    todo: List[int] = [pid]
    seen = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        if not descendants:
            continue
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue


def pids_named(*names: str) -> List[int]:
    """Return the processes on this machine whose command name (/proc/PID/comm) is one of ``names``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in names:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def status_mb(pid: int, field: str) -> float:
    """Read a memory field of /proc/PID/status (``VmRSS``, ``VmHWM``) in MB; 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    return sum(status_mb(p, "VmRSS") for p in process_tree(pid))


def private_mb(pid: int) -> float:
    """RSS without shared memory (``VmRSS`` - ``RssShmem``), in MB: what the process holds itself.

    PostgreSQL's shared buffers are shared memory, counted in the RSS of every backend that has
    touched them; they fill up to ``shared_buffers`` as the database grows, which is not a leak.
    """
    return max(0.0, status_mb(pid, "VmRSS") - status_mb(pid, "RssShmem"))


def tree_private_mb(pid: int) -> float:
    """:func:`private_mb` of a process and all its descendants."""
    return sum(private_mb(p) for p in process_tree(pid))


def tree_cpu_s(pid: int, descendants: bool = True) -> float:
    """CPU seconds of a process and (unless told not to) its descendants."""
    return sum(cpu_s(p) for p in process_tree(pid, descendants))
