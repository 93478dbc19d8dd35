"""Benchmark of the terminal app, driven headless with Textual's Pilot at 120x40.

    python benchmarks/bench_app.py --index DIR --corpus DIR [--per-kind 20] [--json OUT.json]

Measures, on an index that is already built:
- start: from creating the app to the search bar focused and accepting keys (the engine open);
  the imports before it are timed separately;
- keystroke to results: the query is put in the search bar but for its last character, which is
  then pressed; the time from that key press to the results of the first pass drawn (the
  screen's refresh after `SearchDone` was handled), and to the full results (exact count, facets)
  drawn. The app's debounce (search_flow.DEBOUNCE) is part of it, and also reported apart;
  p50/p95 per query kind over `--per-kind` queries of benchmarks/queries.py;
- article: opening the longest article of the corpus (by file size) with its matches
  highlighted: from `open_article` to the article drawn; median of `--reps` runs;
- peak RSS of the process.

The user's config, cache and history are kept out (temporary XDG folders).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

T_START = time.perf_counter()
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import common  # noqa: E402

KINDS = ("term", "and", "phrase", "field")
SIZE = (120, 40)


def longest_article(corpus: Path) -> str:
    """The id (path relative to the corpus) of the largest .txt file."""
    files = common.corpus_files(corpus)
    if not files:
        raise SystemExit(f"no .txt files under {corpus}")
    biggest = max(files, key=lambda p: p.stat().st_size)
    return biggest.relative_to(corpus).as_posix()


def pick_queries(per_kind: int, kinds: tuple[str, ...], which: str) -> list[tuple[str, str]]:
    from queries import queries_for

    out: list[tuple[str, str]] = []
    for kind in kinds:
        found = [(k, q) for k, q in queries_for(None, which) if k == kind]
        out += found[:per_kind]
    return out


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(common.percentile(values, 50) * 1000, 1),
        "p95_ms": round(common.percentile(values, 95) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1) if values else 0.0,
    }


async def run(args: argparse.Namespace, t_imports: float) -> dict[str, Any]:
    from textual.worker import WorkerCancelled

    from reader import config
    from reader.app import make_app
    from reader.messages import ArticleLoaded, SearchDone
    from reader.screens import search_flow
    from reader.screens.reader import ReaderScreen
    from reader.widgets.article import ArticleView
    from reader.widgets.search_bar import SearchBar

    drawn: list[tuple[str, float, bool]] = []  # (what, when, final)
    handled: list[tuple[float, float, float, bool]] = []  # (received, handled, engine s, final)

    original_done = ReaderScreen.on_search_done
    original_loaded = ReaderScreen.on_article_loaded

    def on_search_done(self: ReaderScreen, message: SearchDone) -> None:
        received = time.perf_counter()
        original_done(self, message)
        if message.generation == self.generation:
            handled.append((received, time.perf_counter(), message.result.elapsed, message.final))
            final = message.final
            self.call_after_refresh(lambda: drawn.append(("search", time.perf_counter(), final)))

    def on_article_loaded(self: ReaderScreen, message: ArticleLoaded) -> None:
        original_loaded(self, message)
        self.call_after_refresh(lambda: drawn.append(("article", time.perf_counter(), True)))

    ReaderScreen.on_search_done = on_search_done  # type: ignore[method-assign,assignment]
    ReaderScreen.on_article_loaded = on_article_loaded  # type: ignore[method-assign]

    t0 = time.perf_counter()
    app = make_app(config.Settings(), args.corpus, args.index, "reader-dark", save_settings=False)
    report: dict[str, Any] = {"imports_s": round(t_imports, 3)}
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.focused, SearchBar) or app.engine is None:
            await asyncio.sleep(0.001)
        report["start_s"] = round(time.perf_counter() - t0, 3)
        report["doc_count"] = app.engine.doc_count
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        bar = screen.query_one(SearchBar)
        # A user who types at once: the background staleness check (which stats every file of
        # the corpus) is still running.
        query = args.first_query
        bar.value = query[:-1]
        screen.generation += 1
        drawn.clear()
        started = time.perf_counter()
        await pilot.press(query[-1])
        while not any(w == "search" for w, _t, _f in drawn):
            await asyncio.sleep(0.0005)
        report["first_query_during_check_ms"] = round((drawn[0][1] - started) * 1000, 1)
        await app.workers.wait_for_complete()  # the background staleness check
        report["staleness_check_s"] = round(time.perf_counter() - t0, 2)
        await pilot.pause()

        async def idle() -> None:
            """Every worker done (a cancelled one raises WorkerCancelled when awaited)."""
            while True:
                try:
                    await app.workers.wait_for_complete()
                    return
                except WorkerCancelled:
                    await asyncio.sleep(0.01)

        async def wait_for(what: str, final: bool, timeout: float = 30.0) -> float | None:
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                for w, when, fin in drawn:
                    if w == what and (fin or not final):
                        return when
                await asyncio.sleep(0.0005)
            return None

        first: dict[str, list[float]] = {}
        full: dict[str, list[float]] = {}
        # (key to message received, engine search s, handler s, handler to drawn s)
        parts: dict[str, list[tuple[float, float, float, float]]] = {}
        for kind, query in pick_queries(args.per_kind, KINDS, args.queries):
            bar.value = ""
            await pilot.pause()
            await idle()
            await pilot.pause(search_flow.DEBOUNCE + 0.05)
            bar.value = query[:-1]
            screen.generation += 1  # drop the search the partial query scheduled
            await pilot.pause()
            drawn.clear()
            handled.clear()
            key = query[-1]
            started = time.perf_counter()
            await pilot.press(key)
            if bar.value != query:  # a key Pilot cannot name: set the value instead
                bar.value = query
            got_first = await wait_for("search", final=False)
            got_full = await wait_for("search", final=True)
            if got_first is not None:
                first.setdefault(kind, []).append(got_first - started)
                received, done, engine_s, _final = handled[0]
                parts.setdefault(kind, []).append(
                    (received - started, engine_s, done - received, got_first - done)
                )
            if got_full is not None:
                full.setdefault(kind, []).append(got_full - started)
        debounce = search_flow.DEBOUNCE
        report["debounce_ms"] = debounce * 1000
        report["keystroke_to_results"] = {
            kind: {
                "first": summary(first.get(kind, [])),
                "first_minus_debounce": summary([v - debounce for v in first.get(kind, [])]),
                "full": summary(full.get(kind, [])),
                "first_parts_p50_ms": {
                    name: round(
                        common.percentile([p[i] for p in parts.get(kind, [])], 50) * 1000, 1
                    )
                    for i, name in enumerate(("to_message", "engine", "handler", "draw"))
                },
            }
            for kind in KINDS
        }

        # The longest article, with its highlights.
        article_id = args.article or longest_article(args.corpus)
        view = screen.query_one(ArticleView)
        bar.value = args.article_query
        await pilot.pause(debounce + 0.05)
        await idle()
        await pilot.pause()
        times: list[float] = []
        for _ in range(args.reps):
            view.clear()
            await pilot.pause()
            drawn.clear()
            started = time.perf_counter()
            screen.open_article(article_id)
            got = await wait_for("article", final=True)
            if got is not None:
                times.append(got - started)
            await idle()
            await pilot.pause()
        article = view.article
        report["article"] = {
            "id": article_id,
            "chars": len(article.body) if article else 0,
            "paragraphs": len(view.paragraph_spans),
            "query": args.article_query,
            "matches": len(view.spans),
            "open_ms_median": round(common.percentile(times, 50) * 1000, 1) if times else None,
            "open_ms_max": round(max(times) * 1000, 1) if times else None,
        }
        await pilot.press("ctrl+q")
    report["peak_rss_mb"] = round(common.peak_rss_mb(), 1)
    return report


def print_report(report: dict[str, Any]) -> None:
    print(f"articles: {report['doc_count']:,}")
    print(f"imports: {report['imports_s'] * 1000:.0f} ms")
    print(f"start to search bar accepting keys: {report['start_s'] * 1000:.0f} ms")
    print(
        f"first query typed at once, keystroke to results drawn: "
        f"{report['first_query_during_check_ms']:.0f} ms (the staleness check running; it ends "
        f"{report['staleness_check_s']:.1f} s after start)"
    )
    print(f"keystroke to results drawn (debounce {report['debounce_ms']:.0f} ms included):")
    for kind, r in report["keystroke_to_results"].items():
        f, m, full = r["first"], r["first_minus_debounce"], r["full"]
        print(
            f"  {kind:7} n={f['n']:3}  first p50 {f['p50_ms']:7.1f}  p95 {f['p95_ms']:7.1f}  "
            f"(without debounce p50 {m['p50_ms']:6.1f} p95 {m['p95_ms']:6.1f})  "
            f"full p50 {full['p50_ms']:7.1f}  p95 {full['p95_ms']:7.1f} ms"
        )
        parts = ", ".join(f"{k} {v}" for k, v in r["first_parts_p50_ms"].items())
        print(f"          first pass, p50 of each part (ms): {parts}")
    a = report["article"]
    print(
        f"longest article {a['id']} ({a['chars']:,} chars, {a['paragraphs']} paragraphs, "
        f"{a['matches']} matches of {a['query']!r}): open median {a['open_ms_median']} ms, "
        f"max {a['open_ms_max']} ms"
    )
    print(f"peak RSS: {report['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the terminal app (Pilot, headless)")
    ap.add_argument("--index", type=Path, required=True, help="a built index")
    ap.add_argument("--corpus", type=Path, required=True, help="its corpus folder")
    ap.add_argument("--per-kind", type=int, default=20, help="queries of each kind")
    ap.add_argument("--queries", choices=("auto", "gen", "bbc"), default="auto")
    ap.add_argument("--article", default=None, help="article id (default: the longest file)")
    ap.add_argument("--article-query", default="the government", help="highlighted query")
    ap.add_argument("--reps", type=int, default=5, help="article openings")
    ap.add_argument("--first-query", default="government", help="typed right after start")
    ap.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = ap.parse_args(argv)
    args.corpus, args.index = args.corpus.resolve(), args.index.resolve()
    if args.queries == "auto":
        args.queries = "bbc" if "bbc" in str(args.corpus).lower() else "gen"

    tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        os.environ[var] = str(tmp / var.lower())
    os.environ["READER_CONFIG"] = str(tmp / "config.yaml")
    t0 = time.perf_counter()
    import reader.app  # noqa: F401  (imports timed apart from the start)

    t_imports = time.perf_counter() - t0 + (t0 - T_START)
    report = asyncio.run(run(args, t_imports))
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
