"""Benchmark of our engine (index/), measured like benchmarks/baseline_whoosh.py.

    python benchmarks/bench_engine.py CORPUS_DIR --index /tmp/bench/idx-engine-10k \
        [--workers N] [--limit 20] [--reps 5] [--reuse] [--json OUT.json] \
        [--compare /tmp/bench/plain-10k.json]

- index: `index.engine.build.build(corpus, index_dir, rebuild=True)` in a fresh subprocess (docs/s
  from the report's added/elapsed, peak RSS); `--workers` is passed on when build() takes it;
- size: everything under the index folder (Whoosh segments and the side store of bodies);
- cold start: wall time of a fresh `python -m reader search QUERY --index DIR --limit 20`;
- search: a fresh subprocess with one warm `Engine.open(DIR)`, where one search is
  `eng.search(q, limit=20)` and reading `.snippet` of every hit; `res.total` is read (and timed)
  after the call returns; p50/p95 per query kind, total-hit distribution, peak RSS.

`--compare` prints the queries whose hit counts differ from a baseline report (--json output of
baseline_whoosh.py on the same corpus).
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

ENGINE = "reader-engine"


def phase_index(corpus: Path, index_dir: Path, workers: int | None) -> dict[str, Any]:
    sys.path.insert(0, str(common.REPO))
    from index.engine.build import build

    kwargs: dict[str, Any] = {"rebuild": True}
    if workers is not None and "workers" in inspect.signature(build).parameters:
        kwargs["workers"] = workers
    t0 = time.perf_counter()
    report = build(corpus, index_dir, **kwargs)
    wall = time.perf_counter() - t0
    docs = int(report.added) + int(report.updated)
    elapsed = float(report.elapsed) or wall
    return {
        "docs": docs,
        "elapsed_s": round(elapsed, 2),
        "wall_s": round(wall, 2),
        "docs_per_s": round(docs / elapsed, 1) if elapsed else None,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "skipped": report.skipped,
        "articles": getattr(report, "articles", None),
        "workers": kwargs.get("workers", "default"),
        "rss_mb": round(common.peak_rss_mb(), 1),
        "children_rss_mb": round(common.children_peak_rss_mb(), 1),
    }


def phase_search(
    index_dir: Path, limit: int, reps: int, queries: str, mode: str = "exact"
) -> dict[str, Any]:
    sys.path.insert(0, str(common.REPO))
    from queries import queries_for

    from index.search import INTERACTIVE_TIME_LIMIT, Engine

    # exact: what `reader search` does; interactive: the terminal app's first pass as you type
    # (collection stops at the time limit, the count may be an estimate; the app then refines
    # in the background).
    kwargs: dict[str, Any] = {}
    if mode == "interactive":
        kwargs = {"time_limit": INTERACTIVE_TIME_LIMIT, "exact_count": False}
    t0 = time.perf_counter()
    eng = Engine.open(index_dir)
    open_s = time.perf_counter() - t0

    def search(qs: str) -> Any:
        res = eng.search(qs, limit=limit, **kwargs)
        for hit in res.hits:
            _ = hit.snippet
        return res

    def total(res: Any) -> int:
        return int(res.total)

    try:
        stats = common.measure_queries(queries_for(None, queries), search, total, reps=reps)
        rss = common.peak_rss_mb()
    finally:
        eng.close()
    return {
        "open_s": round(open_s, 3),
        "rss_mb": round(rss, 1),
        "limit": limit,
        "reps": reps,
        "queries": queries,
        "mode": mode,
        "kinds": common.summarise(stats),
        "per_query": common.per_query(stats),
    }


def compare(report: dict[str, Any], baseline_path: Path) -> None:
    base = json.loads(baseline_path.read_text())
    theirs = {(q["kind"], q["query"]): q for q in base["search"]["per_query"]}
    rows = []
    for q in report["search"]["per_query"]:
        b = theirs.get((q["kind"], q["query"]))
        if b is None:
            continue
        if q["hits"] != b["hits"] or q.get("error") or b.get("error"):
            rows.append((q["kind"], q["query"], b["hits"], q["hits"], q.get("error") or ""))
    print(f"\nhit counts vs {baseline_path} ({base['engine']}): {len(rows)} queries differ")
    for kind, query, bh, eh, err in rows:
        print(f"  [{kind:<6}] {query:<50} baseline {bh!s:>6}  engine {eh!s:>6}  {err}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the reader engine")
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=None, help="build() workers (default: its own)")
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--reps", type=int, default=5, help="timed rounds over the query set")
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--queries", choices=("auto", "gen", "bbc"), default="auto")
    ap.add_argument("--reuse", action="store_true", help="keep an existing index")
    ap.add_argument("--json", type=Path, default=None, help="also write the report here")
    ap.add_argument("--compare", type=Path, default=None, help="a baseline --json report")
    ap.add_argument(
        "--mode",
        choices=("exact", "interactive"),
        default="exact",
        help="exact: as `reader search`; interactive: the app's time-limited first pass",
    )
    ap.add_argument("--phase", choices=("index", "search"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.phase == "index":
        common.emit_json(phase_index(args.corpus.resolve(), args.index, args.workers))
        return 0
    if args.phase == "search":
        common.emit_json(phase_search(args.index, args.limit, args.reps, args.queries, args.mode))
        return 0
    if args.corpus is None:
        ap.error("CORPUS_DIR is required")

    from queries import cold_query, queries_for, set_name

    which = set_name(args.corpus, args.queries)
    query = cold_query(queries_for(None, which))
    env = common.python_env()
    # Keep the user's reader config out of the measurement.
    env["XDG_CONFIG_HOME"] = "/tmp/bench/xdg-config"
    env["XDG_CACHE_HOME"] = "/tmp/bench/xdg-cache"
    me = [sys.executable, str(Path(__file__).resolve())]
    meta = args.index.with_name(args.index.name + ".json")
    if args.reuse and args.index.exists() and meta.exists():
        index = json.loads(meta.read_text())
        print(f"reusing {args.index} (indexing figures from {meta})", file=sys.stderr)
    else:
        print(f"indexing {args.corpus} -> {args.index} ...", file=sys.stderr)
        cmd = [*me, str(args.corpus), "--index", str(args.index), "--phase", "index"]
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        index = common.run_json(cmd, cwd=common.REPO, env=env)
        meta.write_text(json.dumps(index) + "\n")
    index["size_mb"] = round(common.dir_size_mb(args.index), 1)
    index["files"] = common.file_count(args.index)

    print("cold start ...", file=sys.stderr)
    cold = common.time_cold(
        [sys.executable, "-m", "reader", "search", query, "--index", str(args.index)]
        + ["--limit", str(args.limit)],
        args.index,
        runs=args.cold_runs,
        cwd=common.REPO,
        env=env,
    )
    cold["query"] = query
    print("search ...", file=sys.stderr)
    search = common.run_json(
        [*me, "--index", str(args.index), "--phase", "search"]
        + ["--limit", str(args.limit), "--reps", str(args.reps), "--queries", which]
        + ["--mode", args.mode],
        cwd=common.REPO,
        env=env,
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
    if args.compare is not None:
        compare(report, args.compare)
    common.save_json(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
