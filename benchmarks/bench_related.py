"""Related articles on the BBC corpus, where each article sits in one of five sections (its
folder): for every article, its five related articles, and how many share its section.

    python benchmarks/bench_related.py INDEX_DIR [--limit 5] [--json OUT]

Prints the mean share of the related articles in the article's own section (issue 11's target:
at least 4 in 5 on average), per section, and the time per call (p50 / p95)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402

from index.related import related  # noqa: E402
from index.search import Engine  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("index", type=Path)
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with Engine.open(args.index) as engine:
        ids = [h.id for h in engine.search("", limit=engine.doc_count, snippets=0).hits]
        shares: dict[str, list[float]] = defaultdict(list)
        times: list[float] = []
        for doc_id in sorted(ids):
            section = doc_id.split("/", 1)[0]
            t = time.perf_counter()
            found = related(engine, doc_id, args.limit)
            times.append((time.perf_counter() - t) * 1000)
            if found:
                same = sum(1 for h in found if h.id.split("/", 1)[0] == section)
                shares[section].append(same / len(found))
        every = [x for v in shares.values() for x in v]
        report = {
            "engine": engine.backend.kind, "articles": len(ids), "limit": args.limit,
            "mean_same_section": round(statistics.mean(every), 3),
            "per_section": {k: round(statistics.mean(v), 3) for k, v in sorted(shares.items())},
            "ms_p50": round(statistics.median(times), 1),
            "ms_p95": round(sorted(times)[int(len(times) * 0.95)], 1),
            "without_related": len(ids) - len(every),
        }  # fmt: skip
    return common.report_json(report, args.json)


if __name__ == "__main__":
    sys.exit(main())
