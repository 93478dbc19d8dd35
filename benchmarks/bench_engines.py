"""Both engines and raw tantivy on the same corpus, in one run (issue 12's figures).

    python benchmarks/bench_engines.py CORPUS --root /tmp/bench/run-100k \
        [--shape files|dump|dumps] [--engines whoosh,tantivy] [--reps 3] [--json OUT]

CORPUS is a folder of generated `.txt` articles (benchmarks/generate.py) or any corpus. With
`--shape dump` the articles are first converted to ONE `.jsonl` dump, with `dumps` to 100
`.jsonl` files (the shapes analysts have); `files` indexes the folder as it is.

Each phase runs in a fresh subprocess: indexing (`build(..., rebuild=True, engine=E)`,
articles/s, peak RSS of the process and of its workers, size on disk), then search (one warm
`Engine.open`, every query of benchmarks/queries.py with the top 20 hits and their snippets,
p50/p95/p99 per kind, query-process peak RSS), then a cold `reader search`. Raw tantivy is the
`tantivy` package used as its documentation shows (stored title and body with the `en_stem`
tokenizer, `parse_query`, `search(q, 20)`, a `SnippetGenerator` snippet per hit), on the same
texts and queries; its search and its highlighting are timed apart. The report prints the
ratios (ours / raw) and the queries whose hit counts differ between our two engines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import raw_tantivy  # noqa: E402


def make_shape(corpus: Path, root: Path, shape: str) -> Path:
    """The corpus as it is, or converted to one JSONL dump or to 100 of them (cached)."""
    if shape == "files":
        return corpus
    out = root / f"corpus-{shape}"
    if out.exists():
        return out
    sys.path.insert(0, str(common.REPO))
    from index.ingest.corpus import parse_file

    files = common.corpus_files(corpus)
    parts = 1 if shape == "dump" else 100
    out.mkdir(parents=True)
    size = -(-len(files) // parts)
    for p in range(parts):
        with (out / f"part-{p:03}.jsonl").open("w", encoding="utf-8") as f:
            for path in files[p * size : (p + 1) * size]:
                for a in parse_file(path, path.name).articles:
                    rec = {"id": path.stem, "title": a.title, "text": a.body, "date": a.date,
                           "author": a.author, "source": a.source}  # fmt: skip
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out


def phase_index(corpus: Path, index_dir: Path, engine: str) -> dict[str, Any]:
    sys.path.insert(0, str(common.REPO))
    from index.engine.build import build

    t0 = time.perf_counter()
    report = build(corpus, index_dir, rebuild=True, engine=engine)
    wall = time.perf_counter() - t0
    return {
        "articles": report.articles,
        "elapsed_s": round(wall, 1),
        "docs_per_s": round(report.articles / wall, 1),
        "rss_mb": round(common.peak_rss_mb(), 1),
        "children_rss_mb": round(common.children_peak_rss_mb(), 1),
    }


def phase_search(index_dir: Path, reps: int, which: str) -> dict[str, Any]:
    sys.path.insert(0, str(common.REPO))
    from queries import queries_for

    from index.search import Engine

    t0 = time.perf_counter()
    eng = Engine.open(index_dir)
    open_s = time.perf_counter() - t0

    def search(qs: str) -> Any:
        res = eng.search(qs, limit=20)
        for hit in res.hits:
            _ = hit.snippet.text
        return res

    stats = common.measure_queries(queries_for(None, which), search, lambda r: int(r.total),
                                   reps=reps)  # fmt: skip
    return {
        "open_s": round(open_s, 3),
        "rss_mb": round(common.peak_rss_mb(), 1),
        "kinds": common.summarise(stats),
        "p99_ms": round(common.percentile([x for s in stats for x in s.search_ms], 99), 2),
        "per_query": common.per_query(stats),
    }


def _run_phase(args: list[str], env: dict[str, str]) -> Any:
    return common.run_json([sys.executable, str(Path(__file__).resolve()), *args],
                           cwd=common.REPO, env=env)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--root", type=Path, default=Path("/tmp/bench/engines"))
    ap.add_argument("--shape", choices=("files", "dump", "dumps"), default="files")
    ap.add_argument("--engines", default="whoosh,tantivy")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--queries", choices=("auto", "gen", "bbc"), default="auto")
    ap.add_argument("--no-raw", action="store_true", help="skip raw tantivy")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--phase", choices=("index", "search"), help=argparse.SUPPRESS)
    ap.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase == "index":
        common.emit_json(phase_index(args.corpus, args.index, args.engine))
        return 0
    if args.phase == "search":
        common.emit_json(phase_search(args.index, args.reps, args.queries))
        return 0

    from queries import cold_query, queries_for, set_name

    which = set_name(args.corpus, args.queries)
    queries = queries_for(None, which)
    env = common.python_env()
    env["XDG_CONFIG_HOME"] = str(args.root / "xdg-config")
    env["XDG_CACHE_HOME"] = str(args.root / "xdg-cache")
    args.root.mkdir(parents=True, exist_ok=True)
    corpus = make_shape(args.corpus.resolve(), args.root, args.shape)
    report: dict[str, Any] = {"corpus": str(corpus), "shape": args.shape, "engines": {}}
    for engine in args.engines.split(","):
        index_dir = args.root / f"idx-{engine}-{args.shape}"
        print(f"{engine}: indexing {corpus} ...", file=sys.stderr)
        ix = _run_phase([str(corpus), "--phase", "index", "--index", str(index_dir),
                         "--engine", engine], env)  # fmt: skip
        ix["size_mb"] = round(common.dir_size_mb(index_dir), 1)
        print(f"{engine}: searching ...", file=sys.stderr)
        se = _run_phase([str(corpus), "--phase", "search", "--index", str(index_dir),
                         "--reps", str(args.reps), "--queries", which], env)  # fmt: skip
        cold = common.time_cold(
            [sys.executable, "-m", "reader", "search", cold_query(queries), "--index",
             str(index_dir), "--limit", "20"], index_dir, runs=3, cwd=common.REPO, env=env,
        )  # fmt: skip
        report["engines"][engine] = {"index": ix, "search": se, "cold": cold}
    if not args.no_raw:
        print("raw tantivy ...", file=sys.stderr)
        report["raw_tantivy"] = raw_tantivy.run(corpus, args.root / "idx-raw-tantivy", queries,
                                                args.reps)  # fmt: skip
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


def print_report(report: dict[str, Any]) -> None:
    kinds = common.KIND_ORDER
    print(f"\ncorpus {report['corpus']} ({report['shape']})")
    print(f"{'':<18}" + "".join(f"{k:>9}" for k in kinds))
    raw = report.get("raw_tantivy")
    for name, r in report["engines"].items():
        ix, se = r["index"], r["search"]
        print(f"{name:<10} index: {ix['articles']:,} articles in {ix['elapsed_s']} s = "
              f"{ix['docs_per_s']:,.0f}/s, RSS {ix['rss_mb']:.0f} MB (workers "
              f"{ix['children_rss_mb']:.0f} MB), {ix['size_mb']:,.0f} MB on disk")  # fmt: skip
        print(
            f"{name + ' p95':<18}"
            + "".join(f"{se['kinds'].get(k, {}).get('p95_ms', float('nan')):>9.1f}" for k in kinds)
        )
        print(f"{'':<10} p50 {se['kinds']['ALL']['p50_ms']} ms, p99 {se['p99_ms']} ms, query "
              f"RSS {se['rss_mb']:.0f} MB, open {se['open_s']} s, cold `reader search` "
              f"{r['cold'].get('warm_median_s', r['cold'])} s")  # fmt: skip
    if raw:
        print(f"{'raw tantivy':<10} index: {raw['docs_per_s']:,.0f}/s; search p50/p95 "
              f"{raw['search_p50_ms']}/{raw['search_p95_ms']} ms + highlight p50/p95 "
              f"{raw['highlight_p50_ms']}/{raw['highlight_p95_ms']} ms "
              f"({raw['skipped']} queries it cannot run)")  # fmt: skip
        ours = report["engines"].get("tantivy")
        if ours:
            p95 = ours["search"]["kinds"]["ALL"]["p95_ms"]
            both = raw["search_p95_ms"] + raw["highlight_p95_ms"]
            print(f"tantivy engine p95 / raw (search + highlight) p95: {p95 / both:.1f}x")
    names = list(report["engines"])
    if len(names) == 2:
        a, b = ({(q["kind"], q["query"]): q["hits"] for q in report["engines"][n]["search"][
            "per_query"]} for n in names)  # fmt: skip
        diff = [(k, a[k], b.get(k)) for k in a if a[k] != b.get(k)]
        print(f"hit counts differing between {names[0]} and {names[1]}: {len(diff)}")
        for (kind, q), x, y in diff[:20]:
            print(f"  [{kind}] {q}: {x} vs {y}")


if __name__ == "__main__":
    sys.exit(main())
