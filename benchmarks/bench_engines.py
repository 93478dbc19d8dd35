"""Both engines, raw tantivy and (optionally) raw Whoosh on the same corpus, in one run
(issue 12's figures; one run, so the ratios hold on a noisy machine).

    python benchmarks/bench_engines.py CORPUS [--index-root DIR] [--engines whoosh,tantivy]
        [--reps 3] [--reuse] [--with-raw-whoosh] [--no-raw] [--shape files|dump|dumps]
        [--queries auto|gen|bbc] [--json OUT] [--markdown]

CORPUS is a folder of generated `.txt` articles (benchmarks/generate.py) or any corpus; the
query set is benchmarks/queries.py's (`auto`: the BBC set when the path says bbc). With `--shape
dump` the articles are first converted to ONE `.jsonl` dump, with `dumps` to 100 of them.
Indexes go under --index-root (default /tmp/bench/engines/CORPUS-NAME[-SHAPE]); `--reuse` keeps
an index built before, with its indexing figures (saved beside it as INDEX.json).

Every phase runs in a fresh subprocess, its process tree's memory sampled (benchmarks/proctree.py):
- our engine, per `--engines` name: `build(corpus, dir, rebuild=True, engine=NAME)` (workers =
  all cores, entities on: the defaults) -> articles/s, peak RSS/PSS of the indexing tree, size
  on disk; then one warm `Engine.open` and every query with the top 20 hits and each hit's
  `snippet.text` read, a warm-up round + `--reps` timed rounds -> p50/p95/p99 per kind, and the
  same without snippets (`snippets=0`) to show what the snippets cost; query-process peak RSS;
  then a cold `python -m reader search QUERY --index DIR --limit 20` (wall time, the index
  evicted from the page cache first, then warm);
- raw tantivy (benchmarks/raw_tantivy.py): the package used plainly -> docs/s, search and
  highlight p50/p95/p99 per kind; queries it cannot express are skipped and listed;
- raw Whoosh (benchmarks/baseline_whoosh.py, `--with-raw-whoosh`, files only; ~110 docs/s).

The report (benchmarks/engines_report.py) prints the figures, the ratios, the issue's targets
met or missed, and every query whose total hit count differs between our two engines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import engines_report  # noqa: E402
import proctree  # noqa: E402

HERE = Path(__file__).resolve().parent


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


# ---------------------------------------------------------------------------------------------
# Phases (each in its own subprocess)
# ---------------------------------------------------------------------------------------------
def phase_index(corpus: Path, index_dir: Path, engine: str) -> dict[str, Any]:
    sys.path.insert(0, str(common.REPO))
    from index.engine.build import build
    from index.engine.update import cpu_count

    span = proctree.Interval()
    report = build(corpus, index_dir, rebuild=True, engine=engine)
    t = span.end()
    wall, cpu = t["wall_s"], t["cpu_s"]
    return {
        "engine": report.engine,
        "articles": report.articles,
        "added": report.added,
        "elapsed_s": round(wall, 1),
        "report_elapsed_s": round(float(report.elapsed), 1),
        "docs_per_s": round(report.articles / wall, 1),
        "cpu_s": round(cpu, 1),
        "docs_per_cpu_s": round(report.articles / cpu, 1),
        "others_cores": round(t["others_cores"], 2),
        "workers": cpu_count(),
        "rss_mb": round(common.peak_rss_mb(), 1),
        "children_rss_mb": round(common.children_peak_rss_mb(), 1),
    }


def _kind_stats(stats: list[common.QueryStats], attr: str = "search_ms") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in [*dict.fromkeys(s.kind for s in stats), "ALL"]:
        xs = [x for s in stats if kind in ("ALL", s.kind) for x in getattr(s, attr)]
        out[kind] = {f"p{p}_ms": round(common.percentile(xs, p), 2) for p in (50, 95, 99)}
    return out


def phase_search(index_dir: Path, reps: int, which: str) -> dict[str, Any]:
    sys.path.insert(0, str(common.REPO))
    from queries import queries_for

    from index.search import Engine

    queries = queries_for(None, which)
    t0 = time.perf_counter()
    eng = Engine.open(index_dir)
    open_s = time.perf_counter() - t0

    def search(qs: str) -> Any:
        res = eng.search(qs, limit=20)
        for hit in res.hits:
            _ = hit.snippet.text
        return res

    def bare(qs: str) -> Any:
        return eng.search(qs, limit=20, snippets=0)

    def total(res: Any) -> int:
        return int(res.total)

    span = proctree.Interval()
    stats = common.measure_queries(queries, search, total, reps=reps)
    bare_stats = common.measure_queries(queries, bare, total, reps=reps)
    load = span.end()
    rss = common.peak_rss_mb()
    per_query = common.per_query(stats)
    for row, st, bst in zip(per_query, stats, bare_stats, strict=True):
        row["search_ms"] = [round(x, 3) for x in st.search_ms]
        row["bare_ms"] = [round(x, 3) for x in bst.search_ms]
        if st.error is None:  # hits with nothing highlighted, in the snippet or the title
            res = eng.search(st.query, limit=20)
            row["no_spans"] = sum(not h.snippet.spans and not h.title_spans for h in res.hits)
            row["ids"] = sorted(h.id for h in res.hits) if res.total <= 20 else None
    eng.close()
    kinds = common.summarise(stats)
    for kind, ks in _kind_stats(stats).items():
        kinds[kind]["p99_ms"] = ks["p99_ms"]
    return {
        "kind": eng.kind,
        "open_s": round(open_s, 3),
        "rss_mb": round(rss, 1),
        "reps": reps,
        "others_cores": round(load["others_cores"], 2),
        "kinds": kinds,
        "bare_kinds": _kind_stats(bare_stats),
        "p99_ms": kinds["ALL"]["p99_ms"],
        "per_query": per_query,
    }


# ---------------------------------------------------------------------------------------------
# The parent
# ---------------------------------------------------------------------------------------------
def _indexed(
    name: str, index_dir: Path, cmd: list[str], env: dict[str, str], reuse: bool
) -> dict[str, Any]:
    """Index in a subprocess (or reuse an index and its saved figures); add its size."""
    meta = index_dir.with_name(index_dir.name + ".json")
    if reuse and index_dir.exists() and meta.exists():
        print(f"{name}: reusing {index_dir}", file=sys.stderr)
        ix: dict[str, Any] = json.loads(meta.read_text())
        ix["reused"] = True
    else:
        print(f"{name}: indexing -> {index_dir} ...", file=sys.stderr)
        ix, mem = proctree.run_sampled(cmd, cwd=common.REPO, env=env)
        ix.update(mem)
        meta.write_text(json.dumps(ix) + "\n")
    ix["size_mb"] = round(common.dir_size_mb(index_dir), 1)
    ix["files"] = common.file_count(index_dir)
    return ix


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    model = ""
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])
    return {
        "nproc": os.cpu_count(), "cpu": model, "mem_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(), "tantivy": version("tantivy"),
        "whoosh": version("whoosh-reloaded"), "load_avg": os.getloadavg(),
    }  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    from queries import cold_query, queries_for, set_name

    which = set_name(args.corpus, args.queries)
    queries = queries_for(None, which)
    corpus_name = args.corpus.resolve().name + ("" if args.shape == "files" else f"-{args.shape}")
    root: Path = args.index_root or Path("/tmp/bench/engines") / corpus_name
    root.mkdir(parents=True, exist_ok=True)
    env = common.python_env()
    env["XDG_CONFIG_HOME"] = str(root / "xdg-config")  # keep any user config out
    env["XDG_CACHE_HOME"] = str(root / "xdg-cache")
    corpus = make_shape(args.corpus.resolve(), root, args.shape)
    me = [sys.executable, str(Path(__file__).resolve())]
    report: dict[str, Any] = {
        "corpus": str(corpus), "shape": args.shape, "queries": which, "reps": args.reps,
        "root": str(root), "machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M"),
        "engines": {},
    }  # fmt: skip
    for engine in [e for e in args.engines.split(",") if e]:
        index_dir = root / f"idx-{engine}"
        ix = _indexed(engine, index_dir, [*me, str(corpus), "--phase", "index", "--index",
                      str(index_dir), "--engine", engine], env, args.reuse)  # fmt: skip
        print(f"{engine}: searching ...", file=sys.stderr)
        se, mem = proctree.run_sampled([*me, str(corpus), "--phase", "search", "--index",
                                        str(index_dir), "--reps", str(args.reps), "--queries",
                                        which], cwd=common.REPO, env=env)  # fmt: skip
        se["tree"] = mem
        cold = common.time_cold(
            [sys.executable, "-m", "reader", "search", cold_query(queries), "--index",
             str(index_dir), "--limit", "20"], index_dir, runs=args.cold_runs, cwd=common.REPO,
            env=env,
        )  # fmt: skip
        cold["query"] = cold_query(queries)
        report["engines"][engine] = {"index": ix, "search": se, "cold": cold}
    if not args.no_raw:
        raw = [sys.executable, str(HERE / "raw_tantivy.py")]
        index_dir = root / "idx-raw-tantivy"
        ix = _indexed("raw tantivy", index_dir, [*raw, "--phase", "index", str(corpus),
                      str(index_dir)], env, args.reuse)  # fmt: skip
        print("raw tantivy: searching ...", file=sys.stderr)
        se, _mem = proctree.run_sampled([*raw, "--phase", "search", str(index_dir), "--reps",
                                         str(args.reps), "--queries", which], env=env)  # fmt: skip
        report["raw_tantivy"] = {"index": ix, "search": se}
    if args.with_raw_whoosh and args.shape == "files":
        out = root / "raw-whoosh.json"
        cmd = [sys.executable, str(HERE / "baseline_whoosh.py"), str(corpus), "--index",
               str(root / "idx-raw-whoosh"), "--reps", str(args.reps), "--queries", which,
               "--cold-runs", str(args.cold_runs), "--json", str(out)]  # fmt: skip
        print("raw Whoosh (baseline_whoosh.py) ...", file=sys.stderr)
        cmd += ["--reuse"] if args.reuse else []
        subprocess.run(cmd, cwd=common.REPO, env=env, check=True, stdout=subprocess.DEVNULL)
        report["raw_whoosh"] = json.loads(out.read_text())
    report["finished"] = time.strftime("%Y-%m-%d %H:%M")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--index-root", "--root", dest="index_root", type=Path, default=None)
    ap.add_argument("--engines", default="whoosh,tantivy")
    ap.add_argument("--reps", type=int, default=3, help="timed rounds over the query set")
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--queries", choices=("auto", "gen", "bbc"), default="auto")
    ap.add_argument("--shape", choices=("files", "dump", "dumps"), default="files")
    ap.add_argument("--reuse", action="store_true", help="keep indexes built before")
    ap.add_argument("--no-raw", action="store_true", help="skip raw tantivy")
    ap.add_argument("--with-raw-whoosh", action="store_true", help="also baseline_whoosh.py")
    ap.add_argument("--json", type=Path, help="save the whole report here")
    ap.add_argument("--markdown", action="store_true", help="also print markdown tables")
    ap.add_argument("--from-json", type=Path, help="only print the report saved there")
    ap.add_argument("--phase", choices=("index", "search"), help=argparse.SUPPRESS)
    ap.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase == "index":
        common.emit_json(phase_index(args.corpus.resolve(), args.index, args.engine))
        return 0
    if args.phase == "search":
        common.emit_json(phase_search(args.index, args.reps, args.queries))
        return 0
    if args.from_json:
        report = json.loads(args.from_json.read_text())
    else:
        report = run(args)
        if args.json:
            common.save_json(report, args.json)
    engines_report.print_report(report, markdown=args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
