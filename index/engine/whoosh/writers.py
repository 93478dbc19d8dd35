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
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.writing import SegmentWriter

from index.engine.parallel import die_with_parent, put, round_robin, run_workers
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
    entries: list[Any],
    gen: str,
    index_one: IndexOne,
    limitmb: int,
    segment_docs: int,
    results: multiprocessing.Queue[Any],
    parent: int,
) -> None:
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
    results: Any = multiprocessing.get_context("fork").Queue(maxsize=workers * 4)
    segments: list[Any] = []

    def keep(kind: str, payload: Any) -> None:
        if kind == "segment" and payload is not None:
            segments.append(payload)

    args = (index_one, limitmb, segment_docs or SEGMENT_DOCS)
    chunks = round_robin(entries, workers)
    yield from run_workers(_worker, chunks, (str(gen), *args), results, keep)
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
