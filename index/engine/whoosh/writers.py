"""Writing to Whoosh fast: one segment per worker process.

Whoosh writes postings in pure Python, so for a large batch `write_parallel`
forks one process per core; each parses, analyses and writes its share into a segment of its
own (as Whoosh's MpWriter does with `multisegment=True`, but with the parsing in the workers
too), and the parent, which holds the index lock, commits the segments together atomically.
This relies on SegmentWriter internals of whoosh-reloaded 2.7.5, which is pinned.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.writing import SegmentWriter

from index.engine.parallel import die_with_parent, put
from index.engine.prepare import Outcome
from index.engine.whoosh import patches as whoosh_patches

# Articles per segment a worker writes: their postings (~0.7 GB) sort in memory.
SEGMENT_DOCS = 10_000


def codec() -> whoosh3.W3Codec:
    """Whoosh's codec with zlib level 1 for posting blocks: as small as level 3 on news text
    (13.9 vs 13.7 MB at 1k articles), and 8% faster to commit."""
    return whoosh3.W3Codec(compression=1)


IndexOne = Callable[[Any, Any], Iterable[Outcome]]  # (writer, entry) -> partial outcomes


def _finish(writer: SegmentWriter) -> Any:
    if writer._added:
        return writer._finalize_segment()
    writer._close_segment()
    return None


def _worker(
    gen: str,
    entries: list[Any],
    index_one: IndexOne,
    results: multiprocessing.Queue[Any],
    limitmb: int,
    segment_docs: int,
) -> None:
    parent = os.getppid()
    die_with_parent(parent)
    try:
        whoosh_patches.apply()
        ix = whoosh_index.open_dir(gen)
        writer = SegmentWriter(ix, _lk=False, limitmb=limitmb, codec=codec())
        batch: list[Outcome] = []
        for entry in entries:
            if os.getppid() != parent:  # the parent was killed: its run is void, stop quietly
                os._exit(1)
            batch.extend(index_one(writer, entry))
            if len(batch) >= 50:
                put(results, ("outcomes", batch), parent)
                batch = []
            if writer.doc_count() >= segment_docs:
                # A segment whose postings sort in memory: spilling to disk costs a third more.
                put(results, ("segment", _finish(writer)), parent)
                writer = SegmentWriter(ix, _lk=False, limitmb=limitmb, codec=codec())
        if batch:
            put(results, ("outcomes", batch), parent)
        put(results, ("segment", _finish(writer)), parent)
        put(results, ("done", None), parent)
    except BaseException:  # reported to the parent, which cancels the run
        put(results, ("error", traceback.format_exc()), parent)


def write_parallel(
    gen: Path,
    writer: SegmentWriter,
    entries: list[Any],
    index_one: IndexOne,
    workers: int,
    limitmb: int = 1024,
    segment_docs: int | None = None,
) -> Iterator[Outcome]:
    """Index `entries` in `workers` processes; yield each file's outcome as it comes. Leaves the
    workers' segments on `writer._worker_segments`, for `commit_with_segments`."""
    ctx = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[Any] = ctx.Queue(maxsize=workers * 4)
    # Round robin: the shares of one dump go to different workers.
    chunks = [c for c in (entries[i::workers] for i in range(workers)) if c]
    procs = [
        ctx.Process(
            target=_worker,
            args=(str(gen), chunk, index_one, results, limitmb, segment_docs or SEGMENT_DOCS),
        )
        for chunk in chunks
    ]
    for p in procs:
        p.start()
    segments: list[Any] = []
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
            elif kind == "segment":
                if payload is not None:
                    segments.append(payload)
            elif kind == "done":
                finished += 1
            else:
                raise RuntimeError(f"an indexing worker failed:\n{payload}")
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()
    writer._worker_segments = segments


def commit_with_segments(writer: SegmentWriter, optimize: bool = False) -> None:
    """Commit the parent's deletions and additions plus the workers' segments in one TOC."""
    extra = getattr(writer, "_worker_segments", [])
    if not extra:
        writer.commit(optimize=optimize)
        return
    final = writer._merge_segments(None, False, True)
    final.extend(extra)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
