"""One corpus file -> documents ready for an engine, made in the worker processes: parse,
entities, analysis, and the signature that says whether anything indexed changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from index.analysis import analyze_document, analyze_field
from index.engine.base import DocFields
from index.engine.store import EntityRow, compress_body
from index.engine.tantivy.schema import make_doc
from index.engine.whoosh.schema import fit
from index.entities.extract import Mention, extract
from index.entities.spacy_backend import ExtractMany, rules_many
from index.fields import ENTITY_TYPE_FIELDS, browse_key, date_int
from index.ingest import corpus as ingest
from index.ingest.dumps import RecordProblem, iter_dump
from index.model import Article


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


def doc_fields(a: Article, ents: list[EntityRow]) -> DocFields:
    entities: dict[str, list[str]] = {}
    for field_name, type_ in ENTITY_TYPE_FIELDS.items():
        names = [name for t, name, _n, _f in ents if t == type_]
        if names:
            entities[field_name] = names
    return DocFields(
        id=a.id, title=a.title, author=a.author, source=a.source, date_s=a.date or "",
        date=date_int(a.date), url=a.url, hash=a.content_hash, format=a.format,
        entities=entities,
    )  # fmt: skip


def whoosh_document(a: Article, ents: list[EntityRow]) -> tuple[dict[str, object], frozenset[str]]:
    """The Whoosh document (postings computed here) and the body's surface words."""
    f = doc_fields(a, ents)
    body = analyze_document(a.title, a.body)
    doc: dict[str, object] = {
        "id": f.id, "body": body, "title": analyze_field(a.title), "_stored_title": a.title,
        "author": f.author, "source": f.source, "date_s": f.date_s, "url": f.url,
        "hash": f.hash, "format": f.format,
    }  # fmt: skip
    for name, values in f.entities.items():
        doc[name] = ",".join(v.replace(",", " ") for v in values)
    if f.date is not None:
        doc["date"] = f.date
    doc["browse"] = browse_key(f.date, a.title)
    # Whoosh indexes nothing for an empty string anyway; leaving them out keeps documents small.
    return {k: v for k, v in doc.items() if v != ""}, body.words


def tantivy_document(a: Article, ents: list[EntityRow]) -> tuple[dict[str, Any], frozenset[str]]:
    return make_doc(doc_fields(a, ents), a.title, a.body)


@dataclass
class Outcome:
    """What indexing one file did (picklable: made in a worker, read by the parent)."""

    rel: str
    size: int
    mtime_ns: int
    ids: list[str] = field(default_factory=list)
    written: list[tuple[str, str, str]] = field(default_factory=list)  # id, hash, sig
    updated: list[str] = field(default_factory=list)
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)
    bodies: list[tuple[str, bytes]] = field(default_factory=list)  # hash, compressed body
    words: set[str] = field(default_factory=set)  # surface words of the articles written
    entities: list[tuple[str, Any]] = field(default_factory=list)  # (article id, entity rows)
    docs: list[Any] = field(default_factory=list)  # engine documents for the parent to add
    final: bool = True  # the last part of its file (a large file comes in several parts)
    problems: int = 0  # bad records of a dump (named in `warnings`, up to a limit)
    sketches: list[tuple[str, str, bytes | None]] = field(default_factory=list)  # for copies


PART = 200  # articles per part of a file's outcome (bounded messages from the workers)
PROBLEM_LINES = 20  # bad records of one share named one by one; the rest are counted

Unit = tuple[ingest.FileEntry, int, int]  # a file, and the share (k of n) of its records


def index_file(
    unit: Unit | ingest.FileEntry,
    sigs: dict[str, str],
    kind: str,
    writer: Any = None,
    many: ExtractMany = rules_many,
) -> Iterator[Outcome]:
    """Parse one file (or one share of a dump's records) and make the documents of its changed
    articles: written to `writer` when given (a Whoosh segment writer), else kept in
    `Outcome.docs` for the parent. Articles come in parts of PART, a dump's read as a stream;
    the last part has `final=True`."""
    entry, k, n = unit if isinstance(unit, tuple) else (unit, 0, 1)
    if ingest.is_dump(entry.rel):
        yield from _index_dump(entry, (k, n), sigs, kind, writer, many)
        return
    result = ingest.parse_file(entry.path, entry.rel)
    articles = result.articles
    for start in range(0, max(1, len(articles)), PART):
        out = _index_part(entry, articles[start : start + PART], sigs, kind, writer, many)
        if start == 0:
            out.skipped, out.warnings = result.skipped, list(result.warnings)
        out.final = start + PART >= len(articles)
        yield out


def _index_dump(
    entry: ingest.FileEntry, share: tuple[int, int], sigs: dict[str, str], kind: str,
    writer: Any, many: ExtractMany,
) -> Iterator[Outcome]:  # fmt: skip
    batch: list[Article] = []
    notes: list[str] = []
    problems: list[RecordProblem] = []
    for item in iter_dump(entry.path, entry.rel, share=share):
        if isinstance(item, Article):
            batch.append(item)
            if len(batch) >= PART:
                out = _index_part(entry, batch, sigs, kind, writer, many)
                out.final, out.warnings, notes = False, notes, []
                yield out
                batch = []
        elif isinstance(item, RecordProblem):
            problems.append(item)
        else:
            notes.append(item)
    out = _index_part(entry, batch, sigs, kind, writer, many)
    out.warnings = notes + ingest.record_lines(problems, PROBLEM_LINES)
    out.problems = len(problems)
    yield out


def _index_part(
    entry: ingest.FileEntry, articles: list[Article], sigs: dict[str, str], kind: str,
    writer: Any, many: ExtractMany,
) -> Outcome:  # fmt: skip
    out = Outcome(entry.rel, entry.size, entry.mtime_ns)
    out.ids = [a.id for a in articles]
    changed = [(a, sig) for a in articles if sigs.get(a.id) != (sig := signature(a))]
    # One batch per part (body, title of each changed article): nlp.pipe for spaCy.
    found = many([t for a, _sig in changed for t in (a.body, a.title)])
    from index.copies.sketch import sketch  # numpy: only when indexing

    make = whoosh_document if kind == "whoosh" else tantivy_document
    for i, (article, sig) in enumerate(changed):
        ents = entity_rows(article, found[2 * i] + found[2 * i + 1])
        doc, words = make(article, ents)
        if writer is not None:
            writer.add_document(**fit(doc, writer.schema))
        else:
            out.docs.append(doc)
        out.entities.append((article.id, ents))
        out.written.append((article.id, article.content_hash, sig))
        out.bodies.append((article.content_hash, compress_body(article.body)))
        out.sketches.append((article.id, article.date or "", sketch(article.body)))
        out.words.update(words)
        if article.id in sigs:
            out.updated.append(article.id)
    return out
