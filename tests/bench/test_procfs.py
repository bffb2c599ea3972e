"""bench/procfs.py: memory and CPU of a process tree, as the benchmarks read them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench import procfs


def test_a_child_is_part_of_the_tree_and_adds_its_memory() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(64 << 20); time.sleep(30)"])
    try:
        deadline = time.monotonic() + 10
        while procfs.status_mb(child.pid, "VmRSS") < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.pid in set(procfs.process_tree(os.getpid()))
        assert child.pid not in set(procfs.process_tree(os.getpid(), descendants=False))
        alone = procfs.status_mb(os.getpid(), "VmRSS")
        assert procfs.tree_rss_mb(os.getpid()) >= alone + 60
        # RSS first: the peak read afterwards covers it (read the other way round, the child's
        # RSS could grow between the two reads).
        rss = procfs.status_mb(child.pid, "VmRSS")
        assert procfs.status_mb(child.pid, "VmHWM") >= rss > 60
    finally:
        child.kill()
        child.wait()


def test_cpu_seconds_grow_with_work() -> None:
    before = procfs.tree_cpu_s(os.getpid(), descendants=False)
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    assert procfs.tree_cpu_s(os.getpid(), descendants=False) >= before + 0.2


def test_a_gone_process_reads_as_zero() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert procfs.status_mb(child.pid, "VmRSS") == 0.0
    assert procfs.cpu_s(child.pid) == 0.0


def test_private_memory_leaves_out_shared_memory() -> None:
    import mmap

    before = procfs.private_mb(os.getpid())
    shared = mmap.mmap(-1, 64 * 1024 * 1024, flags=mmap.MAP_SHARED)
    shared.write(b"x" * len(shared))  # 64 MB of shared memory, touched: in VmRSS, not private
    try:
        rss, private = procfs.status_mb(os.getpid(), "VmRSS"), procfs.private_mb(os.getpid())
        assert rss - private >= 60
        assert private < before + 20
        assert procfs.tree_private_mb(os.getpid()) >= private
    finally:
        shared.close()
