"""Benchmark of the terminal app, driven headless with Textual's Pilot at 120x40.

    python benchmarks/bench_app.py --index DIR --corpus DIR [--per-kind 20] [--json OUT.json]

Measures, on an index that is already built:
- start: from creating the app to the search bar focused and accepting keys (the engine open);
  the imports before it are timed separately;
- keystroke to results, p50/p95 per query kind (term, AND, phrase, field) over `--per-kind`
  queries of benchmarks/queries.py. The clock starts when the last key of the query is posted to
  the app (as the terminal driver posts it) and stops when the results list has been drawn with
  the hits of the whole query: the screen's refresh after the `SearchDone` of that query was
  handled (first: the fast first pass; full: the exact count and facets). Whatever the app
  does before (debounce, cancelling stale work, waiting for the engine, snippets) is inside.
  Three ways of arriving at the last key:
    idle    everything but the last character was typed and its search has finished;
    busy    the last key comes while the full pass of the rest of the query is running (the
            user paused, FULL_DELAY passed, then typed on);
    typing  the whole query typed key by key, one every `--interval` seconds (the searches of
            the earlier prefixes are still running or being drawn);
- a long list (`--scroll-query`, 10,000 hits listed when it matches that many): key to the first
  page drawn and to the full list drawn, the handler's time for the full list, then in the list:
  End (drawn; its snippets drawn), PageDown p50/p95 (drawn; snippets drawn), and PageDown held
  down (`--repeat` presses at 30 per second: lag from the last press to drawn and to snippets);
  the process's resident memory before the query and with the list shown;
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
from app_probe import Recorder, instrument, key_event, ms, rss_mb, summary  # noqa: E402

KINDS = ("term", "and", "phrase", "field")
SCENARIOS = ("idle", "busy", "typing")
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


class Bench:
    """The app under test, the recorder, and the ways of typing into it."""

    def __init__(self, args: argparse.Namespace, app: Any, pilot: Any, rec: Recorder) -> None:
        from reader.app.widgets.results import Results
        from reader.app.widgets.search_bar import SearchBar

        self.args, self.app, self.pilot, self.rec = args, app, pilot, rec
        self.bar = app.screen.query_one(SearchBar)
        self.results = app.screen.query_one(Results)

    def set_text(self, text: str) -> None:
        """What a user would have typed so far (the cursor at its end, where keys go)."""
        self.bar.value = text
        self.bar.cursor_position = len(text)

    def post(self, key: str) -> tuple[float, int]:
        """Post a key as the terminal driver does: (when, index of the next event)."""
        since, posted = len(self.rec.events), time.perf_counter()
        self.app.post_message(key_event(key))
        return posted, since

    async def idle(self) -> None:
        """No worker pending or running, no message waiting."""
        from textual.worker import WorkerState

        def busy() -> bool:
            running = (WorkerState.PENDING, WorkerState.RUNNING)
            return any(w.state in running for w in self.app.workers)

        while True:
            await self.pilot.pause()
            if not busy():
                await self.pilot.pause()
                if not busy():
                    return
            await asyncio.sleep(0.01)

    @staticmethod
    def drawn(query: str, final: bool) -> Any:
        return lambda what, data: what == "search" and data[0] == query and data[1] >= final

    async def last_key(self, query: str, scenario: str) -> tuple[float, int]:
        """Arrive at the last key of `query` as `scenario` says; post it."""
        from reader.app.screens.searcher import FULL_DELAY

        if scenario == "typing":
            start = time.perf_counter()
            for i, ch in enumerate(query):
                await asyncio.sleep(max(0.0, start + i * self.args.interval - time.perf_counter()))
                posted, since = self.post(ch)
            return posted, since
        self.set_text(query[:-1])
        if scenario == "idle" or not query[:-1].strip():
            await self.idle()
        else:  # busy: the rest's first pass drawn, then its full pass under way
            await self.rec.wait(self.drawn(query[:-1].strip(), False), len(self.rec.events), 5.0)
            await asyncio.sleep(FULL_DELAY + 0.05)
        return self.post(query[-1])

    async def latency(self, scenario: str, samples: list[list[Any]]) -> dict[str, Any]:
        """Keystroke to results for every query, typed as `scenario` says."""
        first: dict[str, list[float]] = {}
        full: dict[str, list[float]] = {}
        parts: dict[str, list[tuple[float, ...]]] = {}
        rec = self.rec
        for kind, query in pick_queries(self.args.per_kind, KINDS, self.args.queries):
            self.set_text("")
            await self.idle()
            posted, since = await self.last_key(query, scenario)
            text = query.strip()
            got_first = await rec.wait(self.drawn(text, False), since)
            got_full = await rec.wait(self.drawn(text, True), since)
            if got_first is not None:
                first.setdefault(kind, []).append(got_first - posted)
                for what, _when, data in rec.events[since:]:
                    if what == "handled" and data[0] == text:
                        received, done, engine_s = data[2]
                        p = (received - posted, engine_s, done - received, got_first - done)
                        parts.setdefault(kind, []).append(p)
                        break
            if got_full is not None:
                full.setdefault(kind, []).append(got_full - posted)
            gc_ms = rec.gc_ms(posted, got_first) if got_first is not None else None
            samples.append(
                [scenario, kind, query, ms(got_first, posted), ms(got_full, posted), gc_ms]
            )

        def p50(kind: str, i: int) -> float:
            return round(common.percentile([p[i] for p in parts.get(kind, [])], 50) * 1000, 1)

        names = ("to_message", "engine", "handler", "draw")
        return {
            kind: {
                "first": summary(first.get(kind, [])),
                "full": summary(full.get(kind, [])),
                "first_parts_p50_ms": {name: p50(kind, i) for i, name in enumerate(names)},
            }
            for kind in KINDS
        }

    async def press(self, key: str, target: Any) -> tuple[float | None, float | None]:
        """Post `key`; (ms to the list drawn as `target(highlighted)` wants, ms to that with
        every visible snippet in)."""
        posted, since = self.post(key)
        wait = self.rec.wait
        seen = await wait(lambda w, d: w == "list" and target(d[0]), since, 10.0)
        done = await wait(lambda w, d: w == "list" and target(d[0]) and not d[1], since, 10.0)
        return ms(seen, posted), ms(done, posted)

    async def long_list(self) -> dict[str, Any]:
        """The first page, the full list, and moving through it; memory."""
        query, rec, results = self.args.scroll_query, self.rec, self.results
        out: dict[str, Any] = {"query": query}
        self.set_text("")
        await self.idle()
        out["rss_before_mb"], out["anon_before_mb"] = rss_mb(), rss_mb("RssAnon")
        self.set_text(query[:-1])
        await self.idle()
        posted, since = self.post(query[-1])
        got_first = await rec.wait(self.drawn(query.strip(), False), since)
        got_full = await rec.wait(self.drawn(query.strip(), True), since, 60.0)
        handled = [d for w, _t, d in rec.events[since:] if w == "handled" and d[1]]
        out["listed"] = len(results.hits)
        out["first_page_ms"], out["full_list_ms"] = ms(got_first, posted), ms(got_full, posted)
        if handled:
            received, done, engine_s = handled[0][2]
            out["full_engine_ms"] = round(engine_s * 1000, 1)
            out["full_handler_ms"] = ms(done, received)
        await self.idle()
        out["rss_listed_mb"], out["anon_listed_mb"] = rss_mb(), rss_mb("RssAnon")
        results.focus()
        await self.idle()
        last = len(results.hits) - 1
        out["end_ms"], out["end_snippets_ms"] = await self.press("end", lambda h: h == last)
        await self.idle()
        out["home_ms"], out["home_snippets_ms"] = await self.press("home", lambda h: h == 0)
        await self.idle()
        seen_ms: list[float] = []
        done_ms: list[float] = []
        for _ in range(self.args.pages):
            before = results.highlighted
            seen, done = await self.press("pagedown", lambda h, b=before: h != b)
            seen_ms += [seen / 1000] if seen is not None else []
            done_ms += [done / 1000] if done is not None else []
            await self.idle()
        out["pagedown"] = {"drawn": summary(seen_ms), "snippets": summary(done_ms)}
        start = time.perf_counter()  # PageDown held down: auto-repeat at 30 a second
        for i in range(self.args.repeat):
            await asyncio.sleep(max(0.0, start + i / 30 - time.perf_counter()))
            posted, since = self.post("pagedown")
        await self.idle()
        target = results.highlighted
        seen_t = await rec.wait(lambda w, d: w == "list" and d[0] == target, since, 10.0)
        done_t = await rec.wait(lambda w, d: w == "list" and d[0] == target and not d[1], since)
        out["held"] = {
            "presses": self.args.repeat,
            "reached_row": target,
            "lag_drawn_ms": ms(seen_t, posted),
            "lag_snippets_ms": ms(done_t, posted),
        }
        out["rss_scrolled_mb"], out["anon_scrolled_mb"] = rss_mb(), rss_mb("RssAnon")
        self.bar.focus()
        return out

    async def article(self) -> dict[str, Any]:
        """Open the longest article with its highlights, `--reps` times."""
        from reader.app.widgets.article import ArticleView

        args, screen = self.args, self.app.screen
        article_id = args.article or longest_article(args.corpus)
        view = screen.query_one(ArticleView)
        self.set_text(args.article_query)
        await self.idle()
        times: list[float] = []
        for _ in range(args.reps):
            view.clear()
            await self.pilot.pause()
            since, started = len(self.rec.events), time.perf_counter()
            screen.open_article(article_id)
            got = await self.rec.wait(lambda what, data: what == "article", since)
            times += [got - started] if got is not None else []
            await self.idle()
        article = view.article
        return {
            "id": article_id,
            "chars": len(article.body) if article else 0,
            "paragraphs": len(view.paragraph_spans),
            "query": args.article_query,
            "matches": len(view.spans),
            "open_ms_median": round(common.percentile(times, 50) * 1000, 1) if times else None,
            "open_ms_max": round(max(times) * 1000, 1) if times else None,
        }


async def run(args: argparse.Namespace, t_imports: float) -> dict[str, Any]:
    from reader import config
    from reader.app.main import make_app
    from reader.app.screens import searcher
    from reader.app.widgets.search_bar import SearchBar

    rec = Recorder()
    instrument(rec)
    t0 = time.perf_counter()
    app = make_app(config.Settings(), args.corpus, args.index, "reader-dark", save_settings=False)
    report: dict[str, Any] = {"imports_s": round(t_imports, 3)}
    async with app.run_test(size=SIZE) as pilot:
        # The app opens on the whole corpus with the list focused; `/` takes the user to the
        # search bar (timed: the start is over when the bar takes keys).
        while app.engine is None or not app.screen.query(SearchBar):
            await asyncio.sleep(0.001)
        await pilot.press("slash")
        while not isinstance(app.focused, SearchBar):
            await asyncio.sleep(0.001)
        report["start_s"] = round(time.perf_counter() - t0, 3)
        report["doc_count"] = app.engine.doc_count
        bench = Bench(args, app, pilot, rec)
        # A user who types at once: the background staleness check (which stats every file of
        # the corpus) is still running.
        posted, since = await bench.last_key(args.first_query, "busy")
        got = await rec.wait(bench.drawn(args.first_query, False), since)
        report["first_query_during_check_ms"] = ms(got, posted)
        await bench.idle()  # the background staleness check
        report["staleness_check_s"] = round(time.perf_counter() - t0, 2)
        report["rss_started_mb"] = rss_mb()

        samples: list[list[Any]] = []  # [scenario, kind, query, first ms, full ms, GC ms]
        started = time.perf_counter()
        report["keystroke_to_results"] = {
            scenario: await bench.latency(scenario, samples) for scenario in args.scenarios
        }
        report["burst_ms"] = searcher.BURST * 1000
        report["interval_ms"] = args.interval * 1000
        report["samples"] = samples
        report["rss_after_queries_mb"] = rss_mb()
        pauses = [e - s for s, e, g in rec.collections if g == 2 and s > started]
        report["full_gc"] = {"count": len(pauses), **summary(pauses)}
        slow = [x for x in samples if x[3] is not None and x[3] > 100]
        report["over_100ms"] = {"count": len(slow), "with_gc_ms": [x[5] for x in slow]}
        report["long_list"] = await bench.long_list()
        report["article"] = await bench.article()
        await pilot.press("ctrl+q")
    report["peak_rss_mb"] = round(common.peak_rss_mb(), 1)
    return report


def print_report(r: dict[str, Any]) -> None:
    print(
        f"articles: {r['doc_count']:,}; imports {r['imports_s'] * 1000:.0f} ms; start to a search "
        f"bar taking keys {r['start_s'] * 1000:.0f} ms; first query typed at once "
        f"{r['first_query_during_check_ms']} ms (the staleness check ends after "
        f"{r['staleness_check_s']:.1f} s)\nlast keystroke to results drawn (burst wait "
        f"{r['burst_ms']:.0f} ms; typing: a key every {r['interval_ms']:.0f} ms):"
    )
    for scenario, kinds in r["keystroke_to_results"].items():
        for kind, k in kinds.items():
            f, full = k["first"], k["full"]
            parts = ", ".join(f"{n} {v}" for n, v in k["first_parts_p50_ms"].items())
            print(
                f"  {scenario:6} {kind:7} n={f['n']:3}  first p50 {f['p50_ms']:6.1f} p95 "
                f"{f['p95_ms']:6.1f}  full p50 {full['p50_ms']:7.1f} p95 {full['p95_ms']:7.1f}  "
                f"(first, p50 ms: {parts})"
            )
    g, slow, ll, a = r["full_gc"], r["over_100ms"], r["long_list"], r["article"]
    pd, held = ll["pagedown"], ll["held"]
    print(
        f"  full garbage collections in these runs: {g['count']}, p50 {g['p50_ms']} ms, max "
        f"{g['max_ms']} ms; first results over 100 ms: {slow['count']} of {len(r['samples'])}, "
        f"GC inside each (ms): {slow['with_gc_ms']}\n"
        f"long list {ll['query']!r}: {ll['listed']:,} listed; first page {ll['first_page_ms']} ms,"
        f" full list {ll['full_list_ms']} ms (engine {ll.get('full_engine_ms')} ms, handler "
        f"{ll.get('full_handler_ms')} ms)\n  End {ll['end_ms']} ms (snippets "
        f"{ll['end_snippets_ms']} ms), Home {ll['home_ms']} ms; PageDown p50/p95 "
        f"{pd['drawn']['p50_ms']}/{pd['drawn']['p95_ms']} ms (snippets {pd['snippets']['p50_ms']}"
        f"/{pd['snippets']['p95_ms']} ms)\n  PageDown held ({held['presses']} at 30/s, to row "
        f"{held['reached_row']}): lag {held['lag_drawn_ms']} ms, snippets "
        f"{held['lag_snippets_ms']} ms\n  RSS {ll['rss_before_mb']:.0f} MB before, "
        f"{ll['rss_listed_mb']:.0f} listed, {ll['rss_scrolled_mb']:.0f} after scrolling "
        f"(anonymous: {ll['anon_before_mb']:.0f}, {ll['anon_listed_mb']:.0f}, "
        f"{ll['anon_scrolled_mb']:.0f} MB)\nlongest article {a['id']} ({a['chars']:,} chars, "
        f"{a['paragraphs']} paragraphs, {a['matches']} matches of {a['query']!r}): open median "
        f"{a['open_ms_median']} ms, max {a['open_ms_max']} ms\nRSS after start "
        f"{r['rss_started_mb']:.0f} MB, after the keystroke runs {r['rss_after_queries_mb']:.0f} "
        f"MB; peak {r['peak_rss_mb']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the terminal app (Pilot, headless)")
    ap.add_argument("--index", type=Path, required=True, help="a built index")
    ap.add_argument("--corpus", type=Path, required=True, help="its corpus folder")
    ap.add_argument("--per-kind", type=int, default=20, help="queries of each kind")
    ap.add_argument("--queries", choices=("auto", "gen", "bbc"), default="auto")
    ap.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    ap.add_argument("--interval", type=float, default=0.1, help="seconds between typed keys")
    ap.add_argument("--scroll-query", default="government", help="the long list's query")
    ap.add_argument("--pages", type=int, default=20, help="PageDown presses timed one by one")
    ap.add_argument("--repeat", type=int, default=120, help="PageDown presses held down")
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
    import reader.app.main  # noqa: F401  (imports timed apart from the start)

    t_imports = time.perf_counter() - t0 + (t0 - T_START)
    report = asyncio.run(run(args, t_imports))
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
