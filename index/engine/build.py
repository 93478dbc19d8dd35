"""Build and update the index incrementally, on either engine.

A run walks the corpus, compares each file's size and mtime with the manifest, parses only what
changed (in worker processes when there is much to do), and writes only articles whose content
or metadata changed (`index.engine.update`). An unchanged corpus means no write at all.

Before that, the live generation is checked: an interrupted update (a journal left in the side
store) is repaired by re-indexing just its files; an index that cannot be read, or whose engine
disagrees with the side store, is rebuilt from the corpus; a different engine, entity backend or
schema means a new generation. Generations left by a killed rebuild are removed by any run.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from index.copies.view import SyncReport
from index.engine.base import DEFAULT_ENGINE, check_kind, engine_dir
from index.engine.integrity import changed_files
from index.engine.location import (
    IndexLock,
    current_generation,
    next_generation,
    switch_generation,
)
from index.engine.store import STORE_NAME, Store, engine_of
from index.engine.tantivy.backend import TantivyBackend
from index.engine.tantivy.schema import SCHEMA_VERSION as TANTIVY_SCHEMA
from index.engine.update import (
    BuildReport,
    Notify,
    Progress,
    cpu_count,
    write,
)
from index.engine.whoosh.backend import WhooshBackend
from index.engine.whoosh.schema import SCHEMA_VERSION as WHOOSH_SCHEMA
from index.entities.spacy_backend import EntityBackend, rules_stale, stale
from index.ingest import corpus as ingest
from index.search import Engine, open_backend

SCHEMA_VERSIONS = {"whoosh": f"w{WHOOSH_SCHEMA}", "tantivy": f"t{TANTIVY_SCHEMA}"}
# A Whoosh build estimated to take longer than this (seconds) gets a hint about tantivy.
SLOW_BUILD = 120
WHOOSH_DOCS_PER_S = 400
BYTES_PER_ARTICLE = 3000

__all__ = ["BuildReport", "build", "needs_rebuild", "engine_of", "STORE_NAME"]


def _meta(gen: Path | None, key: str) -> str | None:
    if gen is None or not (gen / STORE_NAME).exists():
        return None
    try:
        store = Store(gen / STORE_NAME, readonly=True)
        try:
            return store.get_meta(key)
        finally:
            store.close()
    except sqlite3.Error:  # a damaged store: the health check rebuilds it
        return None


def _recorded(gen: Path | None) -> tuple[str, EntityBackend]:
    """The engine and entity backend the index in `gen` was built with."""
    kind = _meta(gen, "engine")
    if kind is None and gen is not None and (gen / STORE_NAME).exists():
        kind = engine_of(gen)
    return kind or DEFAULT_ENGINE, EntityBackend.from_key(_meta(gen, "entities"))


def needs_rebuild(
    index_dir: Path, corpus: Path, entities: EntityBackend | None = None,
    engine: str | None = None,
) -> bool:  # fmt: skip
    """True when there is no index for `corpus` here, or one built by an older version (or,
    given `entities` or `engine`, with another entity backend or engine)."""
    return _why_rebuild(current_generation(index_dir), corpus.expanduser().resolve(), entities,
                        engine) is not None  # fmt: skip


def _why_rebuild(
    gen: Path | None, corpus: Path, entities: EntityBackend | None, engine: str | None
) -> str | None:
    """Why the index in `gen` must be built anew, or None."""
    if gen is None or not (gen / STORE_NAME).exists():
        return "first run"
    kind = engine_of(gen, None) if _meta(gen, "engine") is None else str(_meta(gen, "engine"))
    present = TantivyBackend.present(gen / "tantivy") if kind == "tantivy" else (
        WhooshBackend.present(gen))  # fmt: skip
    if not present:
        return "the engine's files are missing"
    if engine is not None and engine != kind:
        return f"switching the index from {kind} to {engine}"
    try:
        store = Store(gen / STORE_NAME, readonly=True)
        store.get_meta("corpus")
    except sqlite3.Error as exc:
        return f"the index is damaged (its store cannot be read: {exc})"
    try:
        if entities is not None and stale(
            store.get_meta("entities"), store.get_meta("entities_used"), entities
        ):
            return "another entity extractor"
        if entities is not None and rules_stale(
            store.get_meta("entities"),
            store.get_meta("entities_used"),
            store.get_meta("entities_rules"),
        ):
            return "the entity rules changed since this index was made: every article is read again"
        version = store.get_meta("schema_version")
        if version not in (SCHEMA_VERSIONS[kind], str(WHOOSH_SCHEMA) if kind == "whoosh" else ""):
            return "new index format"
        if store.get_meta("corpus") != str(corpus):
            return "another corpus"
    finally:
        store.close()
    return None


def health(gen: Path) -> str | None:
    """Why the live generation cannot be used as it is (damaged), or None. Opens the engine and
    the side store, reads every segment's postings with a query, and compares the counts."""
    try:
        engine = Engine(gen.parent, gen)
    except Exception as exc:  # IndexDamaged and anything else that stops opening it
        return str(exc)
    try:
        if engine.store.pending():
            return None  # an interrupted update: repaired by re-indexing its files
        changed = changed_files(engine_dir(gen, engine.kind), engine.store.get_meta("engine_files"))
        if changed:
            return f"{changed[0]} is not the size it was written with"
        expected = engine.store.doc_count()
        if engine.doc_count != expected:
            return f"the engine holds {engine.doc_count} articles, the store {expected}"
        for term in ("the", "a", "said"):
            engine.search(term, limit=1, suggestions=False)
    except Exception as exc:
        return str(exc)
    finally:
        engine.close()
    return None


def build(
    corpus: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
    workers: int | None = None,
    entities: EntityBackend | None = None,
    engine: str | None = None,
    follow_links: bool = False,
    copies_threshold: float | None = None,
) -> BuildReport:
    """Bring the index at `index_dir` up to date with `corpus`. `entities` is the entity
    backend and `engine` the engine (None: the ones the index was built with, else rules and
    Whoosh); changing either rebuilds. `copies_threshold` is the similarity from which two
    articles are copies of one story (None: the one used before, else 0.5); changing it finds the
    groups again without re-indexing. `follow_links` takes symlinks that lead out of the
    corpus (skipped with a line otherwise). Raises IndexBusy if another process holds the lock, and
    FileNotFoundError if the corpus is not a folder."""
    corpus = corpus.expanduser().resolve()
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    if engine is not None:
        check_kind(engine)
    say = notify or (lambda _msg: None)
    started = time.perf_counter()
    with IndexLock(index_dir) as lock:
        if lock.took_over:
            say(f"the previous update (pid {lock.took_over}) was cut short; finishing its work")
        live = current_generation(index_dir)
        _remove_old_generations(index_dir, keep=live)
        recorded_kind, recorded_backend = _recorded(live)
        kind = engine or recorded_kind
        backend = entities or recorded_backend
        why = "asked for (--rebuild)" if rebuild else _why_rebuild(live, corpus, backend, kind)
        if why is None and live is not None:
            damage = health(live)
            if damage is not None:
                why = f"the index is damaged ({damage})"
                say(f"{damage}; rebuilding it from the corpus")
        elif why is not None and why.startswith("switching"):
            say(f"{why}: rebuilding once")
        elif why is not None and why.startswith("the entity rules"):
            say(f"{why} (rebuilding once)")
        fresh = why is not None
        gen = next_generation(index_dir) if fresh else live
        assert gen is not None
        if fresh and gen.exists():
            shutil.rmtree(gen)
        report = _run(corpus, gen, kind, fresh, progress, say, workers or cpu_count(), backend,
                      follow_links, copies_threshold)  # fmt: skip
        report.engine = kind
        if fresh:
            switch_generation(index_dir, gen)
            report.rebuilt = True
            _remove_old_generations(index_dir, keep=gen)
    report.elapsed = time.perf_counter() - started
    return report


def _remove_old_generations(index_dir: Path, keep: Path | None) -> None:
    """Every generation but the live one: what a killed rebuild left behind."""
    for old in index_dir.glob("gen-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _run(
    corpus: Path, gen: Path, kind: str, fresh: bool, progress: Progress | None, say: Notify,
    workers: int, backend: EntityBackend, follow_links: bool = False,
    copies_threshold: float | None = None,
) -> BuildReport:  # fmt: skip
    report = BuildReport()
    gen.mkdir(parents=True, exist_ok=True)
    store = Store(gen / STORE_NAME)
    try:
        report = _update(corpus, gen, store, kind, fresh, progress, say, workers, backend,
                         follow_links, report)  # fmt: skip
        report.copies = _sync_copies(gen, kind, store, copies_threshold)
        return report
    finally:
        store.close()


def _sync_copies(
    gen: Path, kind: str, store: Store, threshold: float | None
) -> SyncReport:
    """Groups of copies brought up to date (after a run killed before it, by the next run)."""
    from index.copies import table as copies_table  # numpy: only when indexing

    if threshold is None:
        threshold = float(store.get_meta("copies_threshold") or copies_table.DEFAULT_THRESHOLD)

    def docs() -> Iterator[tuple[str, str, str]]:  # an index made before signatures
        backend = open_backend(gen, kind)
        try:
            for f in backend.all_stored():
                yield f["id"], f.get("date_s", ""), f.get("hash", "")
        finally:
            backend.close()

    result = copies_table.sync(store.db, threshold, docs=docs, body=store.body)
    store.commit()
    return result


def _update(
    corpus: Path, gen: Path, store: Store, kind: str, fresh: bool, progress: Progress | None,
    say: Notify, workers: int, backend: EntityBackend, follow_links: bool, report: BuildReport,
) -> BuildReport:  # fmt: skip
    known = store.files()
    repair = store.pending()
    entries: list[ingest.FileEntry] = []
    for item in ingest.walk_corpus(corpus, follow_links=follow_links):
        if isinstance(item, ingest.Skip):
            report.skipped += 1
            report.skips.append(f"{item.rel}: {item.reason}")
            say(f"skipped: {item.rel}: {item.reason}")
            continue
        entries.append(item)
    report.files_seen = len(entries)
    present = {e.rel for e in entries}
    removed_files = [rel for rel in known if rel not in present]
    todo = [
        e
        for e in entries
        if (rec := known.get(e.rel)) is None
        or rec.size != e.size
        or rec.mtime_ns != e.mtime_ns
        or e.rel in repair
    ]
    if repair:
        say(f"repairing {len(repair)} files of an interrupted update")
    # Files skipped last time and unchanged since: count them again, don't re-parse.
    todo_rels = {e.rel for e in todo}
    for e in entries:
        rec = known.get(e.rel)
        if rec is not None and rec.skipped and e.rel not in todo_rels:
            report.skipped += 1
            report.skips.append(f"{e.rel}: {rec.skipped}")
    if not todo and not removed_files and not fresh and not repair:
        report.unchanged = store.doc_count()
        report.articles = report.unchanged
        return report
    if kind == "whoosh" and fresh:
        _hint_tantivy(todo, say)
    store.set_meta("schema_version", SCHEMA_VERSIONS[kind])
    write(corpus, gen, store, kind, known, todo, removed_files, fresh, report, progress, say,
          workers, backend, repair)  # fmt: skip
    report.articles = store.doc_count()
    return report


def _hint_tantivy(todo: list[ingest.FileEntry], say: Notify) -> None:
    articles = sum(e.size for e in todo) / BYTES_PER_ARTICLE
    if articles / WHOOSH_DOCS_PER_S > SLOW_BUILD:
        minutes = articles / WHOOSH_DOCS_PER_S / 60
        say(
            f"note: about {articles:,.0f} articles: a Whoosh build takes about {minutes:.0f} "
            "minutes here; `--engine tantivy` (or `engine: tantivy` in the config) is faster"
        )
