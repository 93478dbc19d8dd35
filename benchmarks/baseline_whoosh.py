"""Plain-Whoosh baseline: Whoosh used the obvious way, as the reference measurement did.

    python benchmarks/baseline_whoosh.py CORPUS_DIR --index /tmp/bench/idx-plain-10k \
        [--procs 1] [--limit 20] [--reps 5] [--reuse] [--json OUT.json]

Schema: id ID(unique, stored); title TEXT(stored, StemmingAnalyzer); body TEXT(stored, phrase,
StemmingAnalyzer); author, source TEXT(stored); date DATETIME(stored, sortable). The txt files
are parsed minimally (first line title, `By:` author, `Source:` source, a dated header line like
`Sunday, June 23, 2024`), indexed by one writer (limitmb=256) and committed as ONE segment
(optimize=True). Queries go through MultifieldParser(title, body) with FuzzyTermPlugin, AND by
default; `date:[A to B]` and `date:YYYY` are parsed by the DATETIME field itself. One search is
`searcher.search(q, limit=20)` plus `hit.highlights("body")` for each hit.

See benchmarks/common.py for what each figure means. `--reuse` keeps an existing index and its
indexing figures (saved beside it as INDEX.json) and reruns the cold-start and search steps.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

ENGINE = "whoosh-plain"
DATE_FORMATS = ("%A, %B %d, %Y", "%B %d, %Y", "%Y-%m-%d")

# Kept as a string: the cold-start subprocess runs exactly this, nothing of the benchmark.
COLD_CODE = """
import sys
from whoosh.index import open_dir
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
ix = open_dir(sys.argv[1])
parser = MultifieldParser(["title", "body"], ix.schema)
parser.add_plugin(FuzzyTermPlugin())
with ix.searcher() as s:
    results = s.search(parser.parse(sys.argv[2]), limit=int(sys.argv[3]))
    print(len(results), "results")
    for hit in results:
        print(hit["title"])
        print("   ", hit.highlights("body"))
"""


def schema() -> Any:
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, TEXT, Schema

    return Schema(
        id=ID(unique=True, stored=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        body=TEXT(stored=True, phrase=True, analyzer=StemmingAnalyzer()),
        author=TEXT(stored=True),
        source=TEXT(stored=True),
        date=DATETIME(stored=True, sortable=True),
    )


def _parse_date(line: str) -> dt.datetime | None:
    if len(line) > 40 or not line[:1].isalpha() and not line[:1].isdigit():
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(line, fmt)
        except ValueError:
            continue
    return None


def parse_txt(path: Path, root: Path) -> dict[str, Any]:
    """Minimal parse: first line title; `By:` author; `Source:` source; a date header line."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    doc: dict[str, Any] = {"id": path.relative_to(root).as_posix(), "title": "", "body": ""}
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines:
        doc["title"] = lines.pop(0).strip()
    body: list[str] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("By:") and "author" not in doc and i < 6:
            doc["author"] = s[3:].strip()
        elif s.startswith("Source:") and "source" not in doc:
            doc["source"] = s[7:].strip()
        elif i < 6 and "date" not in doc and (d := _parse_date(s)) is not None:
            doc["date"] = d
        else:
            body.append(line)
    doc["body"] = "\n".join(body).strip()
    return doc


# ---------------------------------------------------------------------------------------------
# Phases (each run in its own subprocess by the parent)
# ---------------------------------------------------------------------------------------------
def phase_index(corpus: Path, index_dir: Path, procs: int) -> dict[str, Any]:
    import shutil

    from whoosh.index import create_in, open_dir

    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    t0 = time.perf_counter()
    files = common.corpus_files(corpus)
    ix = create_in(str(index_dir), schema())
    writer = ix.writer(procs=procs, limitmb=256)
    n = 0
    for path in files:
        writer.add_document(**parse_txt(path, corpus))
        n += 1
    t_add = time.perf_counter()
    writer.commit(optimize=True)
    elapsed = time.perf_counter() - t0
    with open_dir(str(index_dir)).reader() as reader:
        segments = len(reader.leaf_readers())
    return {
        "docs": n,
        "elapsed_s": round(elapsed, 2),
        "add_s": round(t_add - t0, 2),
        "commit_s": round(elapsed - (t_add - t0), 2),
        "docs_per_s": round(n / elapsed, 1),
        "segments": segments,
        "rss_mb": round(common.peak_rss_mb(), 1),
        "procs": procs,
    }


def phase_search(index_dir: Path, limit: int, reps: int, queries: str) -> dict[str, Any]:
    from queries import queries_for
    from whoosh.index import open_dir
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

    t0 = time.perf_counter()
    ix = open_dir(str(index_dir))
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "body"], ix.schema)  # AND by default
    parser.add_plugin(FuzzyTermPlugin())
    open_s = time.perf_counter() - t0

    def search(qs: str) -> Any:
        results = searcher.search(parser.parse(qs), limit=limit)
        for hit in results:
            hit.highlights("body")
        return results

    stats = common.measure_queries(queries_for(None, queries), search, len, reps=reps)
    return {
        "open_s": round(open_s, 3),
        "rss_mb": round(common.peak_rss_mb(), 1),
        "limit": limit,
        "reps": reps,
        "queries": queries,
        "kinds": common.summarise(stats),
        "per_query": common.per_query(stats),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Plain-Whoosh baseline benchmark")
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--reps", type=int, default=5, help="timed rounds over the query set")
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument(
        "--queries",
        choices=("auto", "gen", "bbc"),
        default="auto",
        help="query set: generated-corpus or BBC; auto picks bbc when the path says bbc",
    )
    ap.add_argument("--reuse", action="store_true", help="keep an existing index")
    ap.add_argument("--json", type=Path, default=None, help="also write the report here")
    ap.add_argument("--phase", choices=("index", "search"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.phase == "index":
        common.emit_json(phase_index(args.corpus.resolve(), args.index, args.procs))
        return 0
    if args.phase == "search":
        common.emit_json(phase_search(args.index, args.limit, args.reps, args.queries))
        return 0
    if args.corpus is None:
        ap.error("CORPUS_DIR is required")

    from queries import cold_query, queries_for, set_name

    which = set_name(args.corpus, args.queries)
    query = cold_query(queries_for(None, which))
    me = [sys.executable, str(Path(__file__).resolve())]
    meta = args.index.with_name(args.index.name + ".json")
    if args.reuse and args.index.exists() and meta.exists():
        index = json.loads(meta.read_text())
        print(f"reusing {args.index} (indexing figures from {meta})", file=sys.stderr)
    else:
        print(f"indexing {args.corpus} -> {args.index} ...", file=sys.stderr)
        index = common.run_json(
            [*me, str(args.corpus), "--index", str(args.index), "--procs", str(args.procs)]
            + ["--phase", "index"]
        )
        meta.write_text(json.dumps(index) + "\n")
    index["size_mb"] = round(common.dir_size_mb(args.index), 1)
    index["files"] = common.file_count(args.index)

    print("cold start ...", file=sys.stderr)
    cold = common.time_cold(
        [sys.executable, "-c", COLD_CODE, str(args.index), query, str(args.limit)],
        args.index,
        runs=args.cold_runs,
    )
    cold["query"] = query
    print("search ...", file=sys.stderr)
    search = common.run_json(
        [*me, "--index", str(args.index), "--phase", "search"]
        + ["--limit", str(args.limit), "--reps", str(args.reps), "--queries", which]
    )
    report = {
        "engine": ENGINE,
        "corpus": str(args.corpus),
        "index_dir": str(args.index),
        "index": index,
        "cold_start": cold,
        "search": search,
    }
    common.print_report(report)
    common.save_json(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
