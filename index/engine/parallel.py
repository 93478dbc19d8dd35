"""Worker processes for a build, and their tie to the parent.

Workers are forked (they inherit the loaded entity extractor), each given a contiguous share of
the files; they send back outcomes in batches. A worker must never outlive its parent: it asks
the kernel for SIGKILL when the parent dies (Linux `PR_SET_PDEATHSIG`), checks `getppid()`
between files, and puts on the results queue with a timeout, so a worker blocked on a pipe that
nobody reads gives up instead of holding the index lock forever."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

PUT_TIMEOUT = 60.0  # seconds a worker waits for the parent to take a batch
BATCH = 50


def die_with_parent(parent: int) -> None:
    """Have this (forked) process killed when `parent` dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)  # no find_library: it runs ldconfig
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def put(results: Any, item: Any, parent: int) -> None:
    """Put on the results queue; exit quietly if the parent is gone or stops reading."""
    while True:
        try:
            results.put(item, timeout=PUT_TIMEOUT)
            return
        except queue.Full:
            if os.getppid() != parent:
                os._exit(1)


def _map_worker(items: list[Any], fn: Callable[[Any], Any], results: Any, parent: int) -> None:
    die_with_parent(parent)
    try:
        batch: list[Any] = []
        for item in items:
            if os.getppid() != parent:
                os._exit(1)
            for part in fn(item):
                batch.append(part)
                if len(batch) >= BATCH:
                    put(results, ("outcomes", batch), parent)
                    batch = []
            if len(batch) >= BATCH:
                put(results, ("outcomes", batch), parent)
                batch = []
        if batch:
            put(results, ("outcomes", batch), parent)
        put(results, ("done", None), parent)
    except BaseException:  # reported to the parent, which cancels the run
        put(results, ("error", traceback.format_exc()), parent)


def run_workers(
    target: Callable[..., None], chunks: list[list[Any]], args: tuple[Any, ...],
    results: Any, on_other: Callable[[str, Any], None] | None = None,
) -> Iterator[Any]:  # fmt: skip
    """Start one forked process per chunk (`target(chunk, *args, results, parent)`) and yield
    the outcomes they put on `results` until each has said "done"; another kind of message goes
    to `on_other`. A worker that fails or dies ends the run with a RuntimeError; on the way out
    every worker still running is ended."""
    ctx = multiprocessing.get_context("fork")
    parent = os.getpid()
    procs = [ctx.Process(target=target, args=(c, *args, results, parent)) for c in chunks]
    for p in procs:
        p.start()
    finished = 0
    try:
        while finished < len(procs):
            try:
                kind, payload = results.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in procs) and results.empty():
                    raise RuntimeError("an indexing worker died") from None
                continue
            if kind == "outcomes":
                yield from payload
            elif kind == "done":
                finished += 1
            elif kind == "error":
                raise RuntimeError(f"an indexing worker failed:\n{payload}")
            elif on_other is not None:
                on_other(kind, payload)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()


def round_robin(items: list[Any], workers: int) -> list[list[Any]]:
    """Items dealt to the workers in turn: the shares of one dump go to different workers."""
    return [c for c in (items[i::workers] for i in range(workers)) if c]


def map_parallel(
    fn: Callable[[Any], Iterable[Any]], items: list[Any], workers: int
) -> Iterator[Any]:
    """Everything fn(item) yields, for every item, in `workers` forked processes; results as
    they come."""
    results: Any = multiprocessing.get_context("fork").Queue(maxsize=workers * 4)
    yield from run_workers(_map_worker, round_robin(items, workers), (fn,), results)
