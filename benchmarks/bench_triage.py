"""Issue 9's numbers on a built index: loading 100,000 states, `is:unread` and `tag:` combined
with the benchmark queries (against the same queries without them, in the same process), marking
every hit of a ~10,000-hit query read, and exporting 10,000 hits as CSV.

    python benchmarks/bench_triage.py INDEX_DIR [--reps 3] [--json OUT]

The states file is made in a temporary folder, twice: the worst case for the engines, half the
articles read (seeded), 10 % starred, 1,000 tagged `dossier`; then a reader's likely case, 2 %
read, 0.5 % starred, the same 1,000 tagged. Each phase runs in this process after a warm-up
round; loading the states is timed in a fresh subprocess (a cold start of the store).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from queries import QUERIES  # noqa: E402

sys.path.insert(0, str(common.REPO))

from index.search import Engine  # noqa: E402
from reader.bookmarks.results_export import rows, write  # noqa: E402
from reader.bookmarks.states import Change, StateStore  # noqa: E402
from reader.bookmarks.triage import attach, hit_ids, mark  # noqa: E402

LOAD = """
import sys, time
sys.path.insert(0, {repo!r})
t = time.perf_counter()
from reader.bookmarks.states import StateStore
imported = time.perf_counter()
n = len(StateStore({corpus!r}, __import__("pathlib").Path({path!r})).all())
done = time.perf_counter()
print(n, round((done - imported) * 1000, 1), round((done - t) * 1000, 1))
"""


def fill(
    store: StateStore, engine: Engine, read_share: float, star_share: float, seed: int = 1
) -> dict[str, float]:
    hashes = engine.store.doc_hashes()
    ids = sorted(hashes)
    rng = random.Random(seed)
    read = set(rng.sample(ids, int(len(ids) * read_share)))
    starred = set(rng.sample(ids, int(len(ids) * star_share)))
    tagged = set(rng.sample(ids, min(1000, len(ids))))
    t = time.perf_counter()
    store.mark({i: hashes[i] for i in read}, Change(read=True))
    store.mark({i: hashes[i] for i in starred}, Change(starred=True))
    store.mark({i: hashes[i] for i in tagged}, Change(add_tags=("dossier",)))
    return {"articles": len(ids), "read": len(read), "starred": len(starred),
            "tagged": len(tagged), "write_s": round(time.perf_counter() - t, 2)}  # fmt: skip


def time_queries(engine: Engine, suffix: str, reps: int) -> dict[str, float]:
    times: list[float] = []
    for rnd in range(reps + 1):
        for _kind, q in QUERIES:
            text = f"({q}) {suffix}" if suffix else q
            t = time.perf_counter()
            result = engine.search(text, limit=20)
            for h in result.hits:
                _ = h.snippet.text
            if rnd:
                times.append((time.perf_counter() - t) * 1000)
    return {"p50": round(common.percentile(times, 50), 2),
            "p95": round(common.percentile(times, 95), 2)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("index", type=Path)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    report: dict[str, object] = {"index": str(args.index)}
    with tempfile.TemporaryDirectory() as tmp, Engine.open(args.index) as engine:
        report["engine"] = engine.backend.kind
        likely = Path(tmp) / "likely.sqlite"
        report["likely_states"] = fill(StateStore(engine.corpus, likely), engine, 0.02, 0.005)
        attach(engine, StateStore(engine.corpus, likely))
        report["likely_queries"] = {
            "plain": time_queries(engine, "", args.reps),
            "is:unread": time_queries(engine, "is:unread", args.reps),
            "is:read": time_queries(engine, "is:read", args.reps),
            "tag:dossier": time_queries(engine, "tag:dossier", args.reps),
        }
        path = Path(tmp) / "states.sqlite"
        store = StateStore(engine.corpus, path)
        report["states"] = fill(store, engine, 0.5, 0.1)
        loads = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", LOAD.format(repo=str(common.REPO),
                 corpus=str(engine.corpus), path=str(path))],  # fmt: skip
                capture_output=True, text=True, check=True,
            ).stdout.split()
            loads.append(float(out[1]))
        report["load_100k_states_ms_fresh_process"] = min(loads)
        attach(engine, StateStore(engine.corpus, path))
        report["queries"] = {
            "plain": time_queries(engine, "", args.reps),
            "is:unread": time_queries(engine, "is:unread", args.reps),
            "tag:dossier": time_queries(engine, "tag:dossier", args.reps),
            "is:starred": time_queries(engine, "is:starred", args.reps),
        }
        # A query with about 10,000 hits: the benchmark word whose count is closest.
        counts = {q: engine.count(q) for kind, q in QUERIES if kind == "term"}
        query = min(counts, key=lambda q: abs(counts[q] - 10_000))
        t = time.perf_counter()
        ids = hit_ids(engine, query)
        found = time.perf_counter()
        done = mark(StateStore(engine.corpus, path), engine, ids, Change(read=False))
        marked = time.perf_counter()
        report["mark_all"] = {"query": query, "hits": len(ids), "changed": done.changed,
                              "search_s": round(found - t, 2),
                              "total_s": round(marked - t, 2)}  # fmt: skip
        t = time.perf_counter()
        result = engine.search(query, limit=10_000)
        records = rows(result.hits, engine, store.all())
        text = write(records, "csv", query)
        report["export_csv"] = {"hits": len(records), "bytes": len(text),
                                "total_s": round(time.perf_counter() - t, 2)}  # fmt: skip
    return common.report_json(report, args.json)


if __name__ == "__main__":
    sys.exit(main())
