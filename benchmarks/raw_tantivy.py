"""Raw tantivy, the plain reference for bench_engines.py: the `tantivy` package used as its
documentation shows, on the same article texts and queries as our engines.

    python benchmarks/raw_tantivy.py --phase index CORPUS INDEX_DIR
    python benchmarks/raw_tantivy.py --phase search INDEX_DIR [--reps 3] [--queries gen|bbc]

Indexing: title and body as stored text fields with the built-in `en_stem` tokenizer, one
writer (512 MB heap, tantivy's default threads), one commit. The texts are our parser's output
(`parse_file`, so both sides index the same words); docs/s counts adding and committing only,
the parsing time is reported apart. Searching: `index.parse_query(q, ["title", "body"],
conjunction_by_default=True)`, `searcher.search(q, 20)` (which counts every match), then a
`SnippetGenerator` snippet of the body for each hit, timed apart from the search.

Our query syntax is translated only where tantivy's parser reads it differently (see
`translate`): `NOT x` -> `-x`; `a b OR c` -> `a (b OR c)` (tantivy would make `b`, `c` optional);
`word*` -> `(title:/word.*/ OR body:/word.*/)`; `word~` -> a query parsed with `fuzzy_fields`
(distance 1), ANDed in. Queries on fields the raw schema lacks (date, author, source, entities)
are skipped, with the reason."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import proctree  # noqa: E402

FIELDS = ["title", "body"]
_FIELD = re.compile(r"\b([A-Za-z_]+):")
_PREFIX = re.compile(r'(?<![\w"/])(?:(title|body):)?(\w+)\*')
_TOKEN = re.compile(r'"[^"]*"|\([^()]*\)|\S+')
_FUZZY = re.compile(r"^(\w+)~(\d?)$")


def translate(text: str) -> tuple[str, list[tuple[str, int]]] | str:
    """(tantivy query text, fuzzy words with their distance), or why it cannot be expressed."""
    for m in _FIELD.finditer(text):
        if m.group(1) not in FIELDS:
            return f"no `{m.group(1)}:` field in the raw schema"

    def prefix(m: re.Match[str]) -> str:
        fields = [m.group(1)] if m.group(1) else FIELDS
        return "(" + " OR ".join(f"{f}:/{m.group(2).lower()}.*/" for f in fields) + ")"

    groups: list[list[str]] = []
    fuzzy: list[tuple[str, int]] = []
    join = neg = False
    for tok in _TOKEN.findall(text):
        if tok in ("OR", "NOT", "AND"):
            join, neg = (tok == "OR", tok == "NOT")
            continue
        if (fz := _FUZZY.match(tok)) is not None:
            if join or neg:
                return "a fuzzy word inside OR / NOT"
            fuzzy.append((fz.group(1).lower(), int(fz.group(2) or 1)))
            continue
        unit = ("-" if neg else "") + _PREFIX.sub(prefix, tok)
        if join and groups:
            groups[-1].append(unit)
        else:
            groups.append([unit])
        join = neg = False
    parts = [g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups]
    return " ".join(parts), fuzzy


def build_query(ix: Any, translated: tuple[str, list[tuple[str, int]]]) -> Any:
    import tantivy

    text, fuzzy = translated
    subs = []
    if text:
        q = ix.parse_query(text, FIELDS, conjunction_by_default=True, allow_regexes=True)
        subs.append((tantivy.Occur.Must, q))
    for word, dist in fuzzy:
        fz = ix.parse_query(word, FIELDS, fuzzy_fields={f: (False, dist, True) for f in FIELDS})
        subs.append((tantivy.Occur.Must, fz))
    return subs[0][1] if len(subs) == 1 else tantivy.Query.boolean_query(subs)


def _schema() -> Any:
    import tantivy

    b = tantivy.SchemaBuilder()
    for f in FIELDS:
        b.add_text_field(f, stored=True, tokenizer_name="en_stem")
    return b.build()


def phase_index(corpus: Path, index_dir: Path) -> dict[str, Any]:
    import tantivy

    sys.path.insert(0, str(common.REPO))
    from index.ingest.corpus import FileEntry, parse_file, walk_corpus

    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    t0 = time.perf_counter()
    texts: list[tuple[str, str]] = []
    for entry in walk_corpus(corpus):
        if isinstance(entry, FileEntry):
            texts.extend((a.title, a.body) for a in parse_file(entry.path, entry.rel).articles)
    t1, span = time.perf_counter(), proctree.Interval()
    ix = tantivy.Index(_schema(), path=str(index_dir))
    writer = ix.writer(heap_size=512_000_000)
    for title, body in texts:
        writer.add_document(tantivy.Document(title=title, body=body))
    t2 = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    t3, load = time.perf_counter(), span.end()
    return {
        "articles": len(texts),
        "parse_s": round(t1 - t0, 1),
        "add_s": round(t2 - t1, 1),
        "commit_s": round(t3 - t2, 1),
        "docs_per_s": round(len(texts) / (t3 - t1), 1),
        "docs_per_s_with_parse": round(len(texts) / (t3 - t0), 1),
        "cpu_s": round(load["cpu_s"], 1),
        "docs_per_cpu_s": round(len(texts) / load["cpu_s"], 1),
        "others_cores": round(load["others_cores"], 2),
        "rss_mb": round(common.peak_rss_mb(), 1),
    }


def _stats(values: list[float]) -> dict[str, float]:
    return {f"p{p}_ms": round(common.percentile(values, p), 2) for p in (50, 95, 99)}


def phase_search(index_dir: Path, reps: int, which: str) -> dict[str, Any]:
    import tantivy
    from queries import queries_for

    ix = tantivy.Index.open(str(index_dir))
    schema = ix.schema
    searcher = ix.searcher()
    rows: list[dict[str, Any]] = []
    for kind, text in queries_for(None, which):
        tr = translate(text)
        row: dict[str, Any] = {"kind": kind, "query": text, "search_ms": [], "highlight_ms": []}
        if isinstance(tr, str):
            row["skipped"] = tr
        else:
            row["raw"] = tr[0] + "".join(f" +{w}~{d}" for w, d in tr[1])
        rows.append(row)
    span = proctree.Interval()
    for rnd in range(1 + reps):  # one warm-up round
        for row in rows:
            if "raw" not in row or row.get("error"):
                continue
            try:
                t0 = time.perf_counter()
                q = build_query(ix, translate(row["query"]))  # type: ignore[arg-type]
                res = searcher.search(q, 20)
                t1 = time.perf_counter()
                gen = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
                for _score, addr in res.hits:
                    snip = gen.snippet_from_doc(searcher.doc(addr))
                    snip.fragment(), snip.highlighted()
                t2 = time.perf_counter()
            except ValueError as exc:
                row["error"] = str(exc)[:200]
                continue
            row["hits"] = res.count  # type: ignore[attr-defined]  # (stub lacks it)
            if rnd:
                row["search_ms"].append(round((t1 - t0) * 1e3, 3))
                row["highlight_ms"].append(round((t2 - t1) * 1e3, 3))
    kinds: dict[str, Any] = {}
    for kind in [*dict.fromkeys(r["kind"] for r in rows), "ALL"]:
        group = [r for r in rows if kind in ("ALL", r["kind"])]
        ran = [r for r in group if r["search_ms"]]
        s = [x for r in ran for x in r["search_ms"]]
        h = [x for r in ran for x in r["highlight_ms"]]
        both = [x + y for r in ran for x, y in zip(r["search_ms"], r["highlight_ms"], strict=True)]
        kinds[kind] = {"queries": len(group), "ran": len(ran), "search": _stats(s),
                       "highlight": _stats(h), "both": _stats(both)}  # fmt: skip
    return {"rss_mb": round(common.peak_rss_mb(), 1), "kinds": kinds, "per_query": rows,
            "others_cores": round(span.end()["others_cores"], 2)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--phase", choices=("index", "search"), required=True)
    ap.add_argument("paths", type=Path, nargs="+", help="index: CORPUS INDEX; search: INDEX")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--queries", choices=("gen", "bbc"), default="gen")
    args = ap.parse_args(argv)
    if args.phase == "index":
        common.emit_json(phase_index(args.paths[0].resolve(), args.paths[1]))
    else:
        common.emit_json(phase_search(args.paths[0], args.reps, args.queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
