"""One update of an index generation: parse what changed, write it to the engine, commit the
engine and the side store so that they always agree.

The order, for both engines: (1) bodies and the journal of touched files (`Store.pending`)
commit to the side store; (2) the engine commits (atomically: Whoosh's TOC, tantivy's
meta.json); (3) the manifest, article signatures and entities are written and the journal
cleared in one SQLite transaction. Killed before (2): the engine is unchanged and the journal
makes the next run redo those files. Killed between (2) and (3): the journal names every id the
engine may now hold twice; the next run deletes them all and adds them once."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from index.copies.view import SyncReport
from index.engine.base import Writer, engine_dir
from index.engine.integrity import file_sizes
from index.engine.parallel import map_parallel
from index.engine.prepare import Outcome, Unit, index_file
from index.engine.store import EntityRow, FileRecord, Store
from index.engine.tantivy.backend import TantivyWriter
from index.engine.whoosh import patches as whoosh_patches
from index.engine.whoosh.schema import fit, make_schema
from index.engine.whoosh.writers import codec, commit_with_segments, write_parallel
from index.entities.spacy_backend import EntityBackend, open_backend, rules_version
from index.entities.view import ENTITY_CACHE, BaseEntities
from index.ingest import corpus as ingest

# Below about this many articles to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 400
SPLIT_BYTES = 4 * 2**20  # a dump larger than this is shared between the workers
BYTES_PER_ARTICLE = 3000  # for the first progress estimate of new multi-article files
# Memory for sorting postings before they spill to disk (Whoosh overestimates item sizes).
LIMIT_MB = 256

Progress = Callable[[int, int], None]
Notify = Callable[[str], None]


@dataclass
class BuildReport:
    """What one run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    files_seen: int = 0
    articles: int = 0
    warnings: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    backend_warning: str = ""  # the entity backend asked for could not be used (also in warnings)
    elapsed: float = 0.0
    wrote: bool = False
    rebuilt: bool = False
    repaired: int = 0  # files re-indexed because an earlier run was interrupted mid-commit
    engine: str = "whoosh"
    copies: SyncReport = field(default_factory=SyncReport)

    @property
    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.skipped} skipped"
        )


class _WhooshWriter:
    """A Whoosh writer behind `Writer` (documents are written by `index_file` directly)."""

    def __init__(self, gen: Path) -> None:
        whoosh_patches.apply()
        if whoosh_index.exists_in(str(gen)):
            self.ix = whoosh_index.open_dir(str(gen))
        else:
            gen.mkdir(parents=True, exist_ok=True)
            self.ix = whoosh_index.create_in(str(gen), make_schema())
        self.w = self.ix.writer(limitmb=LIMIT_MB, codec=codec())

    def add(self, doc: Any) -> None:
        self.w.add_document(**fit(doc, self.ix.schema))

    def delete(self, doc_id: str) -> None:
        self.w.delete_by_term("id", doc_id)

    def commit(self) -> None:
        commit_with_segments(self.w, optimize=False)
        self.ix.close()

    def cancel(self) -> None:
        self.w.cancel()
        self.ix.close()


class _Counter:
    """Progress in articles: those done, and an estimate of the total (the manifest's count
    for known files, one per new single-article file, and for new multi-article files an
    estimate from their size, refined by the bytes per article seen so far)."""

    def __init__(self, todo: list[ingest.FileEntry], known: dict[str, FileRecord]) -> None:
        self.done = 0
        self.bytes_done = 0
        self.known_articles = sum(len(known[e.rel].ids) for e in todo if e.rel in known)
        self.new_bytes = sum(e.size for e in todo if e.rel not in known)
        self.total_bytes = sum(e.size for e in todo)

    def add(self, articles: int, file_bytes: int) -> None:
        self.done += articles
        self.bytes_done += file_bytes

    def progress(self) -> tuple[int, int]:
        per = self.bytes_done / self.done if self.done and self.bytes_done else BYTES_PER_ARTICLE
        estimate = self.known_articles + int(self.new_bytes / max(per, 1.0))
        if self.bytes_done >= self.total_bytes:
            return self.done, self.done
        return self.done, max(self.done + 1, estimate)


def open_writer(gen: Path, kind: str) -> Writer:
    if kind == "tantivy":
        return TantivyWriter(gen / "tantivy")
    return _WhooshWriter(gen)


def plan(todo: list[ingest.FileEntry], workers: int) -> tuple[list[Unit], bool]:
    """The work: one unit per file, and a dump larger than SPLIT_BYTES split into one share
    per worker (so one dump of 100,000 records uses every core, as 100,000 files do); and
    whether it is worth worker processes (about PARALLEL_THRESHOLD articles or more)."""
    units: list[Unit] = []
    articles = 0
    for e in todo:
        dump = ingest.is_dump(e.rel)
        articles += max(1, e.size // BYTES_PER_ARTICLE) if dump else 1
        n = workers if dump and workers > 1 and e.size > SPLIT_BYTES else 1
        units.extend((e, k, n) for k in range(n))
    return units, workers > 1 and articles >= PARALLEL_THRESHOLD


def _outcomes(
    kind: str, writer: Writer, units: list[Unit], parallel: bool, sigs: dict[str, str],
    many: Any, workers: int, gen: Path,
) -> Iterable[Outcome]:  # fmt: skip
    if kind == "whoosh":
        raw = writer.w  # type: ignore[attr-defined]

        def one(w: Any, unit: Unit) -> Iterator[Outcome]:
            return index_file(unit, sigs, kind, w, many)

        if parallel:
            return write_parallel(gen, raw, units, one, workers)
        return (part for u in units for part in one(raw, u))
    fn = partial(index_file, sigs=sigs, kind=kind, writer=None, many=many)
    if parallel:
        return map_parallel(fn, units, workers)
    return (part for u in units for part in fn(u))


def write(
    corpus: Path, gen: Path, store: Store, kind: str, known: dict[str, FileRecord],
    todo: list[ingest.FileEntry], removed_files: list[str], fresh: bool, report: BuildReport,
    progress: Progress | None, say: Notify, workers: int, backend: EntityBackend,
    repair: dict[str, list[str]],
) -> None:  # fmt: skip
    """Bring generation `gen` up to date: `todo` files (re)parsed, `removed_files` dropped,
    every id in `repair` (the journal of an interrupted run) deleted first."""
    from index.copies import table as copies_table  # numpy: only when indexing

    opened = open_backend(backend)  # before the workers fork: they inherit the loaded model
    if opened.warning:
        report.warnings.append(opened.warning)
        report.backend_warning = opened.warning
        say(f"warning: {opened.warning}")
    repair_ids = {i for ids in repair.values() for i in ids}
    copies_table.ensure(store.db)  # (executescript commits: before any of this run's writes)
    sigs = {k: v for k, v in store.doc_sigs().items() if k not in repair_ids}
    # (1) the journal: every file this run touches, with every id it may add or delete
    store.put_pending(
        [(e.rel, known[e.rel].ids if e.rel in known else []) for e in todo]
        + [(rel, known[rel].ids) for rel in removed_files]
    )
    store.commit()
    writer = open_writer(gen, kind)
    new_records: list[FileRecord] = []
    new_docs: list[tuple[str, str, str]] = []
    gone_ids: list[str] = [i for i in repair_ids]
    vocab: Counter[str] = Counter()
    new_entities: list[tuple[str, list[EntityRow]]] = []
    sketches: list[tuple[str, str, bytes | None]] = []
    try:
        for doc_id in repair_ids:
            writer.delete(doc_id)
        for rel in removed_files:
            gone_ids.extend(known[rel].ids)
        journal: list[tuple[str, list[str]]] = []
        units, parallel = plan(todo, workers)
        shares_left = {e.rel: n for e, _k, n in units}
        outcomes = _outcomes(kind, writer, units, parallel, sigs, opened.many, workers, gen)
        counter = _Counter(todo, known)
        ids_of: dict[str, list[str]] = {}  # the ids of a file whose parts are still coming
        skipped_why: dict[str, str] = {}
        bad_records: dict[str, int] = {}
        for out in outcomes:
            for w in out.warnings:
                report.warnings.append(f"{out.rel}: {w}")
                say(f"warning: {out.rel}: {w}")
            if out.skipped:
                report.skipped += 1
                report.skips.append(f"{out.rel}: {out.skipped}")
                say(f"skipped: {out.rel}: {out.skipped}")
            file_ids = ids_of.setdefault(out.rel, [])
            file_ids.extend(out.ids)
            for doc_id in out.updated:
                writer.delete(doc_id)  # before the add: tantivy deletes what came earlier
            for doc in out.docs:
                writer.add(doc)
            report.updated += len(out.updated)
            report.added += len(out.written) - len(out.updated)
            store.put_compressed(out.bodies)
            vocab.update(out.words)
            new_entities.extend(out.entities)
            sketches.extend(out.sketches)
            new_docs.extend(out.written)
            if out.skipped:
                skipped_why[out.rel] = out.skipped
            bad_records[out.rel] = bad_records.get(out.rel, 0) + out.problems
            if out.final:
                shares_left[out.rel] -= 1
            done_file = out.final and not shares_left[out.rel]
            counter.add(len(out.ids), out.size if done_file else 0)
            if done_file:
                ids = ids_of.pop(out.rel)
                if not ids and bad_records.get(out.rel) and out.rel not in skipped_why:
                    skipped_why[out.rel] = f"no articles ({bad_records[out.rel]} bad records)"
                    report.skipped += 1
                    report.skips.append(f"{out.rel}: {skipped_why[out.rel]}")
                old = known[out.rel].ids if out.rel in known else []
                gone_ids.extend(set(old) - set(ids))
                journal.append((out.rel, [*ids, *old]))
                why = skipped_why.pop(out.rel, None)
                new_records.append(FileRecord(out.rel, out.size, out.mtime_ns, ids, why))
            if progress:
                progress(*counter.progress())
        gone = sorted({i for i in gone_ids if i in sigs or i in repair_ids})
        for doc_id in gone:
            if doc_id not in repair_ids:
                writer.delete(doc_id)
        report.removed = len([i for i in gone if i in sigs])
        report.repaired = len(repair)
        store.put_pending(journal)  # now with the ids this run adds
        store.set_meta("engine", kind)
        store.set_meta("corpus", str(corpus))
        store.set_meta("entities", backend.key)  # asked for; and what ran (a fallback: rules)
        store.set_meta("entities_used", opened.used.key)
        store.set_meta("entities_rules", rules_version())
        store.add_vocab(vocab)
        store.commit()  # bodies and the journal land before the index that refers to them
        writer.commit()  # (2)
        report.wrote = bool(new_docs or gone or fresh or repair)
        writer = None  # type: ignore[assignment]
        # (3) the manifest agrees with the engine; the journal is cleared with it
        store.put_files(new_records)
        store.delete_files(removed_files)
        store.put_docs(new_docs)
        rewritten = {d[0] for d in new_docs}
        store.delete_docs([i for i in gone if i not in rewritten])
        store.put_entities(new_entities)
        copies_table.put_sketches(store.db, sketches)
        copies_table.delete_sketches(store.db, [i for i in gone if i not in rewritten])
        copies_table.mark_dirty(store.db, [*rewritten, *gone], everything=fresh)
        if fresh:  # every signature made now, by this scheme
            store.set_meta("copies_scheme", copies_table.SCHEME)
        store.set_meta("engine_files", json.dumps(file_sizes(engine_dir(gen, kind))))
        store.clear_pending()
        store.commit()
        if new_entities or gone or fresh:
            store.put_cache(ENTITY_CACHE, BaseEntities.compute(store.entity_summaries()).to_json())
        if gone or report.updated or repair or fresh:  # added articles leave no garbage
            store.gc_bodies()
        store.commit()
        store.settle()  # readers open it read-only: no WAL files for them to create
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
