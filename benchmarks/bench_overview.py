"""Issue 11's speeds on a built index: the timeline of a query with about 50,000 hits, related
articles, and the first screen (40 lines) of a KWIC for a term in about 5,000 articles.

    python benchmarks/bench_overview.py INDEX_DIR [--reps 5] [--json OUT]

Queries are picked from the index: the benchmark word whose hit count is nearest 50,000 (else
the whole corpus) and nearest 5,000; related articles for 50 articles spread over the index.
Each timed call is run `reps` times after one warm-up; p50 / p95 in milliseconds."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from queries import QUERIES  # noqa: E402

from index.kwic import occurrences  # noqa: E402
from index.related import related  # noqa: E402
from index.search import Engine  # noqa: E402


def timed(fn: Callable[[], object], reps: int) -> dict[str, float]:
    fn()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return {
        "p50": round(statistics.median(ms), 1),
        "p95": round(ms[int(len(ms) * 0.95) - 1 if len(ms) > 1 else 0], 1),
    }


def nearest(engine: Engine, target: int) -> tuple[str, int]:
    counts = {q: engine.count(q) for kind, q in QUERIES if kind in ("term", "or")}
    q = min(counts, key=lambda k: abs(counts[k] - target))
    return q, counts[q]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("index", type=Path)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with Engine.open(args.index) as engine:
        report: dict[str, object] = {"engine": engine.backend.kind, "articles": engine.doc_count}
        big, big_n = nearest(engine, 50_000)
        if abs(big_n - 50_000) > 25_000:
            big, big_n = "", engine.doc_count
        report["timeline"] = {"query": big, "hits": big_n,
                              **timed(lambda: engine.timeline(big), args.reps)}  # fmt: skip
        report["timeline_whole_corpus"] = {
            "hits": engine.doc_count,
            **timed(lambda: engine.timeline(""), args.reps),
        }
        ids = [h.id for h in engine.search("", limit=engine.doc_count, snippets=0).hits]
        sample = ids[:: max(1, len(ids) // 50)][:50]
        per: list[float] = []
        for doc_id in sample:
            related(engine, doc_id, 10)
            t = time.perf_counter()
            related(engine, doc_id, 10)
            per.append((time.perf_counter() - t) * 1000)
        per.sort()
        report["related"] = {"articles": len(sample), "p50": round(statistics.median(per), 1),
                             "p95": round(per[int(len(per) * 0.95) - 1], 1)}  # fmt: skip
        term, term_n = nearest(engine, 5_000)
        report["kwic_first_screen"] = {
            "query": term, "articles": term_n,
            **timed(lambda: list(islice(occurrences(engine, term), 40)), args.reps),
        }  # fmt: skip
    return common.report_json(report, args.json)


if __name__ == "__main__":
    sys.exit(main())
