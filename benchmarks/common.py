"""Timing, measuring and printing helpers shared by the benchmark scripts.

Every benchmark runs in three steps, each measured the same way whatever the engine:

1. index: a fresh subprocess builds the index from the corpus (docs/s, peak RSS while indexing),
   then the parent measures the index's size on disk;
2. cold start: a fresh subprocess opens the index, runs one query and prints the top-20 snippets,
   timed from outside (wall time, interpreter start included), several times; the first runs
   after evicting the index's files from the page cache (posix_fadvise DONTNEED), the rest warm;
3. search: a fresh subprocess opens the index once, then times every query of
   benchmarks/queries.py (search + top-20 snippets, then the total hit count separately) over
   a warm-up round and `reps` timed rounds, and reports p50/p95 per query kind and its peak RSS.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# Corpus, disk, memory
# ---------------------------------------------------------------------------------------------
def corpus_files(corpus: Path) -> list[Path]:
    """Every .txt file under `corpus`, sorted, without README files."""
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file() and p.suffix.lower() == ".txt" and p.stem.lower() != "readme"
    )


def dir_size_mb(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.stat(os.path.join(root, f)).st_blocks * 512
            except FileNotFoundError:
                pass
    return total / 1e6


def file_count(path: Path) -> int:
    return sum(len(files) for _r, _d, files in os.walk(path))


def evict_page_cache(path: Path) -> None:
    """Drop the cached pages of every file under `path` (no root needed: only our own files)."""
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                fd = os.open(os.path.join(root, f), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            except OSError:
                pass
            finally:
                os.close(fd)


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Largest peak RSS among this process's finished children (e.g. a build's worker pool)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------
def percentile(values: Iterable[float], p: float) -> float:
    """Linear-interpolation percentile (p in 0..100); nan for no values."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


@dataclass
class QueryStats:
    kind: str
    query: str
    search_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)
    hits: int | None = None
    error: str | None = None


def measure_queries(
    queries: list[tuple[str, str]],
    search: Callable[[str], Any],
    total: Callable[[Any], int],
    *,
    reps: int = 5,
    warmup: int = 1,
) -> list[QueryStats]:
    """Time `search(query)` (which must include producing the snippets), then `total(result)`.

    Rounds go over the whole query set, `warmup` untimed rounds then `reps` timed ones, so that
    every query sees the same cache state. A query that raises is recorded with its error and
    left out of later rounds."""
    stats = [QueryStats(kind, q) for kind, q in queries]
    for rnd in range(warmup + reps):
        timed = rnd >= warmup
        for st in stats:
            if st.error is not None:
                continue
            try:
                t0 = time.perf_counter()
                res = search(st.query)
                t1 = time.perf_counter()
                n = total(res)
                t2 = time.perf_counter()
            except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
                st.error = f"{type(exc).__name__}: {exc}"[:200]
                continue
            st.hits = n
            if timed:
                st.search_ms.append((t1 - t0) * 1e3)
                st.total_ms.append((t2 - t1) * 1e3)
    return stats


def summarise(stats: list[QueryStats]) -> dict[str, Any]:
    """Per-kind and overall p50/p95 of search time, p95 of the time to get the total hit count
    (after the search call returned), and the distribution of the total hit counts."""
    kinds: dict[str, list[QueryStats]] = {}
    for st in stats:
        kinds.setdefault(st.kind, []).append(st)
    kinds["ALL"] = list(stats)
    out: dict[str, Any] = {}
    for kind, group in kinds.items():
        ok = [s for s in group if s.error is None and s.search_ms]
        search = [x for s in ok for x in s.search_ms]
        totals = [x for s in ok for x in s.total_ms]
        hits = [s.hits for s in ok if s.hits is not None]
        out[kind] = {
            "queries": len(group),
            "errors": len(group) - len(ok),
            "p50_ms": round(percentile(search, 50), 2),
            "p95_ms": round(percentile(search, 95), 2),
            "max_ms": round(max(search), 2) if search else None,
            "total_p95_ms": round(percentile(totals, 95), 3),
            "hits_median": statistics.median(hits) if hits else None,
            "hits_p95": round(percentile(hits, 95)) if hits else None,
            "hits_max": max(hits) if hits else None,
        }
    return out


def per_query(stats: list[QueryStats]) -> list[dict[str, Any]]:
    return [
        {
            "kind": s.kind,
            "query": s.query,
            "p50_ms": round(percentile(s.search_ms, 50), 2) if s.search_ms else None,
            "hits": s.hits,
            "error": s.error,
        }
        for s in stats
    ]


# ---------------------------------------------------------------------------------------------
# Subprocesses
# ---------------------------------------------------------------------------------------------
def run_json(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Any:
    """Run a phase subprocess that prints one JSON document as its last stdout line."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
        raise RuntimeError(f"{' '.join(cmd[:4])}... exited {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def emit_json(obj: Any) -> None:
    """The last stdout line of a phase subprocess."""
    sys.stdout.flush()
    print(json.dumps(obj))


def time_cold(
    cmd: list[str],
    index_dir: Path,
    *,
    runs: int = 5,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Wall time of `cmd` in a fresh process: first with the index evicted from the page cache,
    then `runs` times warm. Output goes to a pipe that is read in full (like a terminal)."""

    def once() -> tuple[float, str | None]:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        err = None
        if proc.returncode != 0:
            err = f"exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-300:]}"
        return wall, err

    evict_page_cache(index_dir)
    cold, err = once()
    warm: list[float] = []
    for _ in range(runs):
        wall, err2 = once()
        err = err or err2
        warm.append(wall)
    return {
        "cmd": " ".join(cmd),
        "evicted_s": round(cold, 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_min_s": round(min(warm), 3),
        "warm_runs_s": [round(x, 3) for x in warm],
        "error": err,
    }


def python_env(extra_path: Path = REPO) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(extra_path) + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    env.setdefault("PYTHONHASHSEED", "0")
    return env


# ---------------------------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------------------------
KIND_ORDER = ("term", "and", "or", "phrase", "prefix", "fuzzy", "field", "date", "mixed", "ALL")


def _fmt(x: Any, spec: str = ".1f") -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "-"
    return format(x, spec) if isinstance(x, int | float) else str(x)


def print_report(report: dict[str, Any], *, file: Any = None) -> None:
    """A small plain-text table of a benchmark report (see the scripts for its keys)."""
    out = file or sys.stdout
    ix = report.get("index", {})
    cold = report.get("cold_start", {})
    se = report.get("search", {})
    print(f"\n== {report['engine']} on {report['corpus']} ==", file=out)
    print(f"documents        {_fmt(ix.get('docs'), ',')}", file=out)
    print(
        f"indexing         {_fmt(ix.get('docs_per_s'), ',.1f')} docs/s "
        f"({_fmt(ix.get('elapsed_s'), ',.1f')} s, peak RSS {_fmt(ix.get('rss_mb'), ',.0f')} MB"
        + (
            f", workers' peak {_fmt(ix['children_rss_mb'], ',.0f')} MB"
            if ix.get("children_rss_mb")
            else ""
        )
        + ")",
        file=out,
    )
    print(
        f"index size       {_fmt(ix.get('size_mb'), ',.1f')} MB in "
        f"{_fmt(ix.get('files'), ',')} files",
        file=out,
    )
    if cold:
        print(
            f"cold start       {_fmt(cold.get('evicted_s'), '.3f')} s with index evicted from "
            f"page cache; warm cache median {_fmt(cold.get('warm_median_s'), '.3f')} s "
            f"(min {_fmt(cold.get('warm_min_s'), '.3f')})"
            + (f"  ERROR {cold['error']}" if cold.get("error") else ""),
            file=out,
        )
    if se:
        print(
            f"search process   open {_fmt(se.get('open_s'), '.3f')} s, peak RSS "
            f"{_fmt(se.get('rss_mb'), ',.0f')} MB, {se.get('reps')} timed rounds, "
            f"limit {se.get('limit')}",
            file=out,
        )
        head = (
            f"{'kind':<8}{'n':>4}{'err':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}"
            f"{'total p95':>11}{'hits med':>10}{'hits p95':>10}{'hits max':>10}"
        )
        print(head, file=out)
        print("-" * len(head), file=out)
        kinds = se.get("kinds", {})
        for kind in sorted(kinds, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99):
            k = kinds[kind]
            print(
                f"{kind:<8}{k['queries']:>4}{k['errors']:>5}{_fmt(k['p50_ms']):>10}"
                f"{_fmt(k['p95_ms']):>10}{_fmt(k['max_ms']):>10}"
                f"{_fmt(k['total_p95_ms'], '.2f'):>11}"
                f"{_fmt(k['hits_median'], ',.0f'):>10}{_fmt(k.get('hits_p95'), ','):>10}"
                f"{_fmt(k['hits_max'], ','):>10}",
                file=out,
            )
        errs = [q for q in se.get("per_query", []) if q.get("error")]
        for q in errs:
            print(f"  error [{q['kind']}] {q['query']}: {q['error']}", file=out)


def report_json(report: dict[str, Any], path: Path | None) -> int:
    """Print a report as indented JSON, save it to `path` too when given; exit code 0."""
    print(json.dumps(report, indent=2))
    save_json(report, path)
    return 0


def save_json(report: dict[str, Any], path: Path | None) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2) + "\n")
