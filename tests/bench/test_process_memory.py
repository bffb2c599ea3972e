"""bench/process_memory.py: memory (USS, PSS) and CPU of a process tree, as the benchmarks read them."""

from __future__ import annotations

import mmap
import os
import subprocess
import sys
import time

from bench import process_memory


def test_a_child_is_part_of_the_tree_and_its_own_memory_is_its_uss() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(64 << 20); time.sleep(30)"])
    try:
        deadline = time.monotonic() + 10
        while process_memory.uss_mb(child.pid) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.pid in process_memory.process_tree(os.getpid())
        assert process_memory.process_tree(os.getpid(), descendants=False) == [os.getpid()]
        uss, pss, rss = (f(child.pid) for f in (process_memory.uss_mb, process_memory.pss_mb,
                                                  process_memory.rss_mb))
        assert 60 < uss <= pss <= rss
        # This process and its child: PSS summed over both.
        assert process_memory.server_mb(os.getpid()) >= process_memory.pss_mb(os.getpid()) + 60
    finally:
        child.kill()
        child.wait()


def test_a_lone_process_is_counted_by_its_uss_which_leaves_out_shared_libraries() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.5)
        alone = process_memory.server_mb(child.pid)
        assert alone == process_memory.uss_mb(child.pid)
        assert alone < process_memory.rss_mb(child.pid)  # libpython and libc are shared, not its own
    finally:
        child.kill()
        child.wait()


def test_memory_shared_with_a_forked_child_is_not_either_ones_own() -> None:
    shared = mmap.mmap(-1, 64 * 1024 * 1024, flags=mmap.MAP_SHARED)
    shared.write(b"x" * len(shared))  # 64 MB, touched, then mapped by both after the fork
    pid = os.fork()
    if pid == 0:
        # Read a byte of every page: a fork copies no page-table entries of a shared mapping, so the
        # child maps the pages (and counts them in its RSS) only once it touches them.
        sum(shared[i] for i in range(0, len(shared), mmap.PAGESIZE))
        time.sleep(30)
        os._exit(0)
    try:
        time.sleep(1.5)
        assert process_memory.uss_mb(pid) < 20
        assert process_memory.rss_mb(pid) - process_memory.uss_mb(pid) >= 60
        # PSS splits the 64 MB between the two: about 32 MB each (plus its share of the rest of the fork).
        assert process_memory.pss_mb(pid) - process_memory.uss_mb(pid) >= 25
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        shared.close()


def test_cpu_seconds_grow_with_work() -> None:
    before = process_memory.tree_cpu_s(os.getpid(), descendants=False)
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    assert process_memory.tree_cpu_s(os.getpid(), descendants=False) >= before + 0.2


def test_a_gone_process_reads_as_zero() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    readers = (process_memory.uss_mb, process_memory.pss_mb, process_memory.server_mb, process_memory.cpu_s)
    for read in readers:
        assert read(child.pid) == 0.0
    assert process_memory.process_tree(child.pid) == []


def test_processes_are_found_by_name() -> None:
    assert os.getpid() in process_memory.pids_named(process_memory.psutil.Process().name())
