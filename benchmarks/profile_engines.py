"""Where the time goes, for bench_engines.py's missed targets: cProfile of indexing or searching.

    python benchmarks/profile_engines.py index CORPUS --engine tantivy [--workers 1] [--top 25]
    python benchmarks/profile_engines.py search INDEX_DIR --kinds and,phrase,prefix [--reps 3]
    python benchmarks/profile_engines.py stages CORPUS --engine whoosh   # ms an article a step

`index` builds CORPUS into a temporary index (with one worker, everything runs in this process,
so the profile sees the parsing, entities and analysis as well as the engine's writing); `search`
runs the chosen kinds of benchmarks/queries.py as bench_engines.py does (top 20, each hit's
snippet read) after one untimed round. Prints the top functions by own time and by cumulative
time; `--out FILE` keeps the pstats file.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

sys.path.insert(0, str(common.REPO))


def profile_index(corpus: Path, engine: str, workers: int) -> cProfile.Profile:
    from index.engine.build import build

    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="prof-index-") as tmp:
        t0 = time.perf_counter()
        prof.enable()
        report = build(corpus, Path(tmp) / "idx", rebuild=True, engine=engine, workers=workers)
        prof.disable()
        wall = time.perf_counter() - t0
    print(f"{engine}: {report.articles:,} articles in {wall:.1f} s under the profiler "
          f"({report.articles / wall:,.0f}/s, workers={workers})")  # fmt: skip
    return prof


def profile_search(index_dir: Path, kinds: set[str], reps: int, which: str) -> cProfile.Profile:
    from queries import queries_for

    from index.search import Engine

    eng = Engine.open(index_dir)
    queries = [q for k, q in queries_for(None, which) if not kinds or k in kinds]

    def run_all() -> None:
        for q in queries:
            for hit in eng.search(q, limit=20).hits:
                _ = hit.snippet.text

    run_all()  # warm-up, as in the benchmark
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for _ in range(reps):
        run_all()
    prof.disable()
    ms = (time.perf_counter() - t0) * 1e3 / (reps * len(queries))
    print(f"{eng.kind}: {len(queries)} queries x {reps}, {ms:.1f} ms a query under the profiler")
    eng.close()
    return prof


def stages(corpus: Path, engine: str) -> None:
    """Per-article time of each step of indexing, without the profiler: the worker's steps one
    by one over the corpus, then a one-worker build (the rest of it is the parent's share)."""
    from index.engine.build import build
    from index.engine.prepare import entity_rows, signature, tantivy_document, whoosh_document
    from index.engine.store import compress_body
    from index.entities.spacy_backend import rules_many
    from index.ingest.corpus import parse_file

    files = common.corpus_files(corpus)
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    arts = [a for p in files for a in parse_file(p, p.relative_to(corpus).as_posix()).articles]
    t["parse + clean (parse_file)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = [rules_many([a.body, a.title]) for a in arts]
    t["entities (rule extractor)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ents = [entity_rows(a, f[0] + f[1]) for a, f in zip(arts, found, strict=True)]
    t["entity rows"] = time.perf_counter() - t0
    make = tantivy_document if engine == "tantivy" else whoosh_document
    t0 = time.perf_counter()
    for a, e in zip(arts, ents, strict=True):
        make(a, e)
    t[f"analysis ({make.__name__})"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for a in arts:
        signature(a), compress_body(a.body)
    t["signature + compress body"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="stages-") as tmp:
        t0 = time.perf_counter()
        build(corpus, Path(tmp) / "idx", rebuild=True, engine=engine, workers=1)
        whole = time.perf_counter() - t0
    t["rest: engine writes, side store, commit (by difference)"] = whole - sum(t.values())
    n = len(arts)
    print(f"{engine}: {n:,} articles, one-worker build {whole:.1f} s = {whole / n * 1e3:.2f} ms "
          f"an article ({n / whole:,.0f}/s on one core)")  # fmt: skip
    for step, secs in t.items():
        print(f"  {secs / n * 1e3:6.2f} ms  {secs / whole:4.0%}  {step}")


def show(prof: cProfile.Profile, top: int) -> None:
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key)
        stats.print_stats(top)
        text = buf.getvalue()
        print(f"\n--- by {key} ---")
        print(text[text.find("   ncalls") :].rstrip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("mode", choices=("index", "search", "stages"))
    ap.add_argument("path", type=Path, help="index: CORPUS; search: INDEX_DIR")
    ap.add_argument("--engine", default="tantivy")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--kinds", default="", help="query kinds, comma-separated (default all)")
    ap.add_argument("--queries", choices=("gen", "bbc"), default="gen")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", type=Path, help="also save the pstats file here")
    args = ap.parse_args(argv)
    if args.mode == "stages":
        stages(args.path.resolve(), args.engine)
        return 0
    if args.mode == "index":
        prof = profile_index(args.path.resolve(), args.engine, args.workers)
    else:
        kinds = {k for k in args.kinds.split(",") if k}
        prof = profile_search(args.path, kinds, args.reps, args.queries)
    show(prof, args.top)
    if args.out:
        prof.dump_stats(str(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
