"""Run a phase subprocess while sampling the memory of its whole process tree.

`resource.getrusage` gives the peak of one process and the largest peak among its finished
children, not what the tree held at once; this samples /proc every `interval` seconds and keeps
the peak sum of RSS (shared pages counted once per process) and of PSS (shared pages split
between the processes sharing them, so the sum is what the tree really held)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree_memory_mb(root: int) -> tuple[float, float, int]:
    """(sum of RSS, sum of PSS, number of processes) of `root` and its descendants, in MB."""
    kids = _children()
    todo, rss, pss, n = [root], 0, 0, 0
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            n += 1
        except OSError:
            continue
    return rss / 1024, pss / 1024, n


def cpu_seconds() -> float:
    """CPU time (user + system) of this process, its threads and its waited-for children."""
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    return sum(v) - idle, sum(v)


class Interval:
    """Wall and CPU time from now on, and how many cores other processes kept busy meanwhile
    (the whole machine's busy time from /proc/stat minus ours): the noise in a figure."""

    def __init__(self) -> None:
        self.wall0, self.cpu0 = time.perf_counter(), cpu_seconds()
        self.busy0, self.total0 = _busy()

    def end(self) -> dict[str, float]:
        wall, cpu = time.perf_counter() - self.wall0, cpu_seconds() - self.cpu0
        busy, total = _busy()
        cores = (busy - self.busy0) / max(1, total - self.total0) * (os.cpu_count() or 1)
        return {"wall_s": wall, "cpu_s": cpu, "others_cores": max(0.0, cores - cpu / wall)}


def run_sampled(
    cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
    interval: float = 0.5,
) -> tuple[Any, dict[str, float]]:  # fmt: skip
    """Run a phase subprocess that prints one JSON document as its last stdout line; return it
    with the tree's peak memory {"tree_rss_mb", "tree_pss_mb", "processes"}, the wall time and
    how many cores the whole machine kept busy meanwhile ("busy_cores": ours and others')."""
    busy0, total0, t0 = *_busy(), time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    peak = {"tree_rss_mb": 0.0, "tree_pss_mb": 0.0, "processes": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while True:
            rss, pss, n = tree_memory_mb(proc.pid)
            peak["tree_rss_mb"] = max(peak["tree_rss_mb"], round(rss, 1))
            peak["tree_pss_mb"] = max(peak["tree_pss_mb"], round(pss, 1))
            peak["processes"] = max(peak["processes"], n)
            if stop.wait(interval):
                return

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    stop.set()
    thread.join()
    busy1, total1 = _busy()
    peak["wall_s"] = round(time.perf_counter() - t0, 2)
    peak["busy_cores"] = round((busy1 - busy0) / max(1, total1 - total0) * (os.cpu_count() or 1), 2)
    if proc.returncode != 0:
        sys.stderr.write(out[-2000:] + err[-4000:])
        raise RuntimeError(f"{' '.join(cmd[:5])}... exited {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]), peak
