"""Build and update the index incrementally.

A run walks the corpus, compares each file's size and mtime with the manifest, parses only what
changed (in worker processes when there is much to do), and writes to Whoosh only articles whose
content or metadata changed. An unchanged corpus means no write at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from index.analysis import PreAnalyzed, analyze_document, analyze_field
from index.engine.location import (
    IndexLock,
    current_generation,
    next_generation,
    switch_generation,
)
from index.engine.store import EntityRow, FileRecord, Store, compress_body
from index.engine.whoosh import patches as whoosh_patches
from index.engine.whoosh.schema import SCHEMA_VERSION, make_schema
from index.engine.whoosh.writers import (
    IndexOne,
    Outcome,
    codec,
    commit_with_segments,
    write_parallel,
)
from index.entities.extract import Mention, extract
from index.entities.spacy_backend import EntityBackend, ExtractMany, open_backend, rules_many, stale
from index.entities.view import ENTITY_CACHE, BaseEntities
from index.fields import ENTITY_TYPE_FIELDS, date_int
from index.ingest import corpus as ingest
from index.model import Article, ParseResult

STORE_NAME = "store.sqlite"
# Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 400
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

    @property
    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.skipped} skipped"
        )


@dataclass
class Prepared:
    """One parsed file with its articles analysed, ready for the writer."""

    entry: ingest.FileEntry
    result: ParseResult
    docs: list[tuple[Article, str, PreAnalyzed, PreAnalyzed, list[EntityRow]]]
    # article, signature, body postings, title postings, entities


def signature(a: Article) -> str:
    """Changes whenever anything indexed about the article changes."""
    parts = [a.id, a.title, a.author, a.date or "", a.source, a.url, a.format, a.content_hash]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_rows(a: Article, mentions: list[Mention] | None = None) -> list[EntityRow]:
    """(type, name, mentions, forms) of each entity of an article, from its body and title
    (or from `mentions` of them, found by another backend)."""
    found: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for m in [*extract(a.body), *extract(a.title)] if mentions is None else mentions:
        count, forms = found.get((m.type, m.entity), (0, set()))
        forms.add(m.text)
        found[(m.type, m.entity)] = (count + 1, forms)
    return [(t, name, n, sorted(forms)) for (t, name), (n, forms) in sorted(found.items())]


def prepare(entry: ingest.FileEntry, many: ExtractMany = rules_many) -> Prepared:
    result = ingest.parse_file(entry.path, entry.rel)
    # One batch per file (body, title of each article): nlp.pipe for the spaCy backend.
    found = many([t for a in result.articles for t in (a.body, a.title)])
    docs = [
        (
            a,
            signature(a),
            analyze_document(a.title, a.body),
            analyze_field(a.title),
            entity_rows(a, found[2 * i] + found[2 * i + 1]),
        )
        for i, a in enumerate(result.articles)
    ]
    return Prepared(entry, result, docs)


def _open_or_create(gen: Path) -> whoosh_index.Index:
    if whoosh_index.exists_in(str(gen)):
        return whoosh_index.open_dir(str(gen))
    gen.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(gen), make_schema())


def needs_rebuild(index_dir: Path, corpus: Path, entities: EntityBackend | None = None) -> bool:
    """True when there is no index for `corpus` here, or one built by an older version (or,
    given `entities`, with another entity backend)."""
    return _needs_rebuild(current_generation(index_dir), corpus.expanduser().resolve(), entities)


def _recorded_backend(gen: Path | None) -> EntityBackend:
    """The entity backend the index in `gen` was built for (rules when none)."""
    if gen is None or not (gen / STORE_NAME).exists():
        return EntityBackend()
    store = Store(gen / STORE_NAME)
    try:
        return EntityBackend.from_key(store.get_meta("entities"))
    finally:
        store.close()


def _needs_rebuild(gen: Path | None, corpus: Path, entities: EntityBackend | None = None) -> bool:
    if gen is None or not whoosh_index.exists_in(str(gen)) or not (gen / STORE_NAME).exists():
        return True
    store = Store(gen / STORE_NAME)
    try:
        if entities is not None and stale(
            store.get_meta("entities"), store.get_meta("entities_used"), entities
        ):
            return True
        return store.get_meta("schema_version") != str(SCHEMA_VERSION) or store.get_meta(
            "corpus"
        ) != str(corpus)
    finally:
        store.close()


def build(
    corpus: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
    workers: int | None = None,
    entities: EntityBackend | None = None,
) -> BuildReport:
    """Bring the index at `index_dir` up to date with `corpus`. `entities` is the entity
    backend (None: the one the index was built with, else rules); changing it rebuilds.
    Raises IndexBusy if another process holds the lock, and FileNotFoundError if the corpus is
    not a folder."""
    corpus = corpus.expanduser().resolve()
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    say = notify or (lambda _msg: None)
    started = time.perf_counter()
    with IndexLock(index_dir):
        live = current_generation(index_dir)
        backend = entities or _recorded_backend(live)
        fresh = rebuild or _needs_rebuild(live, corpus, backend)
        gen = next_generation(index_dir) if fresh else live
        assert gen is not None
        if fresh and gen.exists():
            shutil.rmtree(gen)
        report = _run(corpus, gen, fresh, progress, say, workers or (os.cpu_count() or 1), backend)
        if fresh:
            switch_generation(index_dir, gen)
            report.rebuilt = True
            _remove_old_generations(index_dir, keep=gen)
    report.elapsed = time.perf_counter() - started
    return report


def _remove_old_generations(index_dir: Path, keep: Path) -> None:
    for old in index_dir.glob("gen-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _run(
    corpus: Path,
    gen: Path,
    fresh: bool,
    progress: Progress | None,
    say: Notify,
    workers: int,
    backend: EntityBackend,
) -> BuildReport:
    report = BuildReport()
    gen.mkdir(parents=True, exist_ok=True)
    store = Store(gen / STORE_NAME)
    try:
        known = store.files()
        entries: list[ingest.FileEntry] = []
        for item in ingest.walk_corpus(corpus):
            if isinstance(item, ingest.Skip):
                report.skipped += 1
                report.skips.append(f"{item.rel}: {item.reason}")
                continue
            entries.append(item)
        report.files_seen = len(entries)
        present = {e.rel for e in entries}
        removed_files = [rel for rel in known if rel not in present]
        todo = [
            e
            for e in entries
            if (rec := known.get(e.rel)) is None or rec.size != e.size or rec.mtime_ns != e.mtime_ns
        ]
        # Files skipped last time and unchanged since: count them again, don't re-parse.
        todo_rels = {e.rel for e in todo}
        for e in entries:
            rec = known.get(e.rel)
            if rec is not None and rec.skipped and e.rel not in todo_rels:
                report.skipped += 1
                report.skips.append(f"{e.rel}: {rec.skipped}")
        if not todo and not removed_files and not fresh:
            report.unchanged = store.doc_count()
            report.articles = report.unchanged
            return report
        _write(
            corpus,
            gen,
            store,
            known,
            todo,
            removed_files,
            fresh,
            report,
            progress,
            say,
            workers,
            backend,
        )
        report.articles = store.doc_count()
        return report
    finally:
        store.close()


def _indexer(sigs: dict[str, str], fresh: bool, many: ExtractMany = rules_many) -> IndexOne:
    """The per-file step, run in the parent or in a worker process: parse, analyse, add.
    `many` (the entity extractor) is loaded by the parent; forked workers inherit it."""

    def index_one(writer: Any, entry: ingest.FileEntry) -> Outcome:
        prep = prepare(entry, many)
        res = prep.result
        out = Outcome(
            entry.rel, entry.size, entry.mtime_ns, skipped=res.skipped, warnings=list(res.warnings)
        )
        for article, sig, body_post, title_post, ents in prep.docs:
            out.ids.append(article.id)
            if sigs.get(article.id) == sig:
                continue
            writer.add_document(**_document(article, body_post, title_post, ents))
            out.entities.append((article.id, ents))
            out.written.append((article.id, article.content_hash, sig))
            out.bodies.append((article.content_hash, compress_body(article.body)))
            out.words.update(body_post.words)
            if not fresh and article.id in sigs:
                out.updated.append(article.id)
        return out

    return index_one


def _write(
    corpus: Path,
    gen: Path,
    store: Store,
    known: dict[str, FileRecord],
    todo: list[ingest.FileEntry],
    removed_files: list[str],
    fresh: bool,
    report: BuildReport,
    progress: Progress | None,
    say: Notify,
    workers: int,
    backend: EntityBackend,
) -> None:
    whoosh_patches.apply()
    opened = open_backend(backend)  # before the workers fork: they inherit the loaded model
    if opened.warning:
        report.warnings.append(opened.warning)
        report.backend_warning = opened.warning
        say(f"warning: {opened.warning}")
    sigs = store.doc_sigs()
    ix = _open_or_create(gen)
    writer = ix.writer(limitmb=LIMIT_MB, codec=codec())
    new_records: list[FileRecord] = []
    new_docs: list[tuple[str, str, str]] = []
    gone_ids: list[str] = []
    vocab: Counter[str] = Counter()
    new_entities: list[tuple[str, list[EntityRow]]] = []
    index_one = _indexer(sigs, fresh, opened.many)
    try:
        for rel in removed_files:
            gone_ids.extend(known[rel].ids)
        if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
            outcomes = write_parallel(gen, writer, todo, index_one, workers)
        else:
            outcomes = (index_one(writer, e) for e in todo)
        for done, out in enumerate(outcomes, 1):
            for w in out.warnings:
                report.warnings.append(f"{out.rel}: {w}")
                say(f"warning: {out.rel}: {w}")
            if out.skipped:
                report.skipped += 1
                report.skips.append(f"{out.rel}: {out.skipped}")
                say(f"skipped: {out.rel}: {out.skipped}")
            if out.rel in known:
                gone_ids.extend(set(known[out.rel].ids) - set(out.ids))
            for doc_id in out.updated:
                writer.delete_by_term("id", doc_id)
            report.updated += len(out.updated)
            report.added += len(out.written) - len(out.updated)
            store.put_compressed(out.bodies)
            vocab.update(out.words)
            new_entities.extend(out.entities)
            new_docs.extend(out.written)
            new_records.append(FileRecord(out.rel, out.size, out.mtime_ns, out.ids, out.skipped))
            if progress:
                progress(done, len(todo))
        gone_ids = [i for i in gone_ids if i in sigs]
        for doc_id in gone_ids:
            writer.delete_by_term("id", doc_id)
        report.removed = len(gone_ids)
        store.set_meta("schema_version", str(SCHEMA_VERSION))
        store.set_meta("corpus", str(corpus))
        store.set_meta("entities", backend.key)  # asked for; and what ran (a fallback: rules)
        store.set_meta("entities_used", opened.used.key)
        store.add_vocab(vocab)
        store.commit()  # bodies land before the index that refers to them
        if new_docs or gone_ids or fresh:
            commit_with_segments(writer, optimize=False)
            report.wrote = True
        else:
            writer.cancel()
        writer = None
        store.put_files(new_records)
        store.delete_files(removed_files)
        store.put_docs(new_docs)
        store.delete_docs(gone_ids)
        store.put_entities(new_entities)
        if new_entities or gone_ids or fresh:
            store.commit()
            store.put_cache(ENTITY_CACHE, BaseEntities.compute(store.entity_summaries()).to_json())
        store.gc_bodies()
        store.commit()
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    finally:
        ix.close()


def _document(
    a: Article, body: PreAnalyzed, title: PreAnalyzed, ents: list[EntityRow]
) -> dict[str, object]:
    doc: dict[str, object] = {
        "id": a.id,
        "body": body,
        "title": title,
        "_stored_title": a.title,
        "author": a.author,
        "source": a.source,
        "date_s": a.date or "",
        "url": a.url,
        "hash": a.content_hash,
        "format": a.format,
    }
    for field_name, type_ in ENTITY_TYPE_FIELDS.items():
        names = [name.replace(",", " ") for t, name, _n, _f in ents if t == type_]
        if names:
            doc[field_name] = ",".join(names)
    d = date_int(a.date)
    if d is not None:
        doc["date"] = d
    # Whoosh indexes nothing for an empty string anyway; leaving them out keeps documents small.
    return {k: v for k, v in doc.items() if v != ""}
