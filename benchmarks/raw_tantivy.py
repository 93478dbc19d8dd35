"""Raw tantivy, the plain reference for bench_engines.py: the package used as its
documentation shows, on the same texts and queries as our engines.

Indexing: title and body as stored text fields with the `en_stem` tokenizer, one writer with
every thread. Searching: `index.parse_query(q, ["title", "body"])`, `searcher.search(q, 20)`,
then a `SnippetGenerator` snippet for each hit (timed apart). Our query syntax is kept where
tantivy's parser reads it the same (words, AND/OR, quotes, `title:`, `-word`); fuzzy `~`,
entity fields and `date:` are left out (counted as skipped)."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import common

_UNSUPPORTED = re.compile(r"~|\b(?:person|org|place|group|date|author|source):")


def run(corpus: Path, index_dir: Path, queries: list[tuple[str, str]], reps: int) -> dict[str, Any]:
    import tantivy

    sys.path.insert(0, str(common.REPO))
    from index.ingest.corpus import FileEntry, parse_file, walk_corpus

    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    b = tantivy.SchemaBuilder()
    b.add_text_field("title", stored=True, tokenizer_name="en_stem")
    b.add_text_field("body", stored=True, tokenizer_name="en_stem")
    schema = b.build()
    ix = tantivy.Index(schema, path=str(index_dir))
    writer = ix.writer(heap_size=512_000_000)
    texts: list[tuple[str, str]] = []
    for entry in walk_corpus(corpus):
        if isinstance(entry, FileEntry):
            texts.extend((a.title, a.body) for a in parse_file(entry.path, entry.rel).articles)
    t0 = time.perf_counter()
    for title, body in texts:
        writer.add_document(tantivy.Document(title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()
    elapsed = time.perf_counter() - t0
    ix.reload()
    searcher = ix.searcher()
    search_ms: list[float] = []
    highlight_ms: list[float] = []
    skipped = 0
    for rnd in range(1 + reps):
        for _kind, text in queries:
            if _UNSUPPORTED.search(text):
                skipped += rnd == 0
                continue
            try:
                t0 = time.perf_counter()
                q = ix.parse_query(text.replace(" NOT ", " -"), ["title", "body"])
                hits = searcher.search(q, 20).hits
                t1 = time.perf_counter()
                gen = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
                for _score, addr in hits:
                    gen.snippet_from_doc(searcher.doc(addr)).fragment()
                t2 = time.perf_counter()
            except ValueError:
                skipped += rnd == 0
                continue
            if rnd:
                search_ms.append((t1 - t0) * 1e3)
                highlight_ms.append((t2 - t1) * 1e3)
    return {
        "articles": len(texts),
        "docs_per_s": round(len(texts) / elapsed, 1),
        "size_mb": round(common.dir_size_mb(index_dir), 1),
        "search_p50_ms": round(common.percentile(search_ms, 50), 2),
        "search_p95_ms": round(common.percentile(search_ms, 95), 2),
        "highlight_p50_ms": round(common.percentile(highlight_ms, 50), 2),
        "highlight_p95_ms": round(common.percentile(highlight_ms, 95), 2),
        "skipped": skipped,
    }
