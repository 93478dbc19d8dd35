"""Driving and watching the terminal app from a benchmark (bench_app.py): keys posted as the
terminal driver posts them, and a record of what the app drew and when, and of the garbage
collector's pauses. The app's own handlers are wrapped, never changed."""

from __future__ import annotations

import asyncio
import gc
import time
import unicodedata
from pathlib import Path
from typing import Any

import common


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(common.percentile(values, 50) * 1000, 1),
        "p95_ms": round(common.percentile(values, 95) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1) if values else 0.0,
    }


def rss_mb(field: str = "VmRSS") -> float:
    """The resident memory of this process now. VmRSS counts the pages of the memory-mapped
    index that queries have touched (shared with the page cache); RssAnon leaves them out."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def key_event(char_or_key: str) -> Any:
    """The Key event the terminal driver would post for a character (or a named key)."""
    from textual import events

    if len(char_or_key) > 1:
        return events.Key(char_or_key, None)
    ch = char_or_key
    name = ch if ch.isalnum() else unicodedata.name(ch).lower().replace(" ", "_")
    return events.Key(name, ch)


class Recorder:
    """What the app drew and when: results for a query, list renders, articles; and when the
    garbage collector stopped the process (a full collection can take a few hundred ms)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, float, Any]] = []
        self.changed = asyncio.Event()
        self.collections: list[tuple[float, float, int]] = []  # (start, end, generation)
        self._gc_start = 0.0
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.collections.append((self._gc_start, time.perf_counter(), info["generation"]))

    def gc_ms(self, start: float, end: float) -> float:
        """Milliseconds of garbage collection between `start` and `end`."""
        total = sum(max(0.0, min(e, end) - max(s, start)) for s, e, _g in self.collections)
        return round(total * 1000, 1)

    def add(self, what: str, data: Any) -> None:
        self.events.append((what, time.perf_counter(), data))
        self.changed.set()

    async def wait(self, test: Any, since: int = 0, timeout: float = 30.0) -> float | None:
        """The time of the first event from index `since` on that passes `test`."""
        deadline = time.perf_counter() + timeout
        while True:
            for what, when, data in self.events[since:]:
                if test(what, data):
                    return when
            self.changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                return None


def instrument(rec: Recorder) -> None:
    """Record the app's draws: wrap the screen's handlers and the results list's render. Each is
    wrapped on the class that defines it: Textual calls the handler of every class along the
    MRO that defines one, so a wrapper on a subclass would run the original twice."""
    from reader.app.messages import ArticleLoaded, SearchDone
    from reader.app.screens.reader import ReaderScreen
    from reader.app.widgets.results import ROW_HEIGHT, Results

    original_done = ReaderScreen.on_search_done
    original_loaded = ReaderScreen.on_article_loaded
    original_render = Results.render_lines

    def on_search_done(self: ReaderScreen, message: SearchDone) -> None:
        received = time.perf_counter()
        original_done(self, message)
        if message.generation == self.searcher.generation:
            shown, final = self.searcher.shown, message.final
            parts = (received, time.perf_counter(), message.result.elapsed)
            rec.add("handled", (shown, final, parts, len(message.result.hits)))
            self.call_after_refresh(lambda: rec.add("search", (shown, final)))

    def on_article_loaded(self: ReaderScreen, message: ArticleLoaded) -> None:
        original_loaded(self, message)
        self.call_after_refresh(lambda: rec.add("article", None))

    def render_lines(self: Results, crop: Any) -> Any:
        strips = original_render(self, crop)
        first = int(self.scroll_offset.y) // ROW_HEIGHT
        rows = self.hits[first : first + self.scrollable_content_region.height // ROW_HEIGHT]
        rec.add("list", (self.highlighted, sum(1 for h in rows if h.pending)))
        return strips

    ReaderScreen.on_search_done = on_search_done  # type: ignore[method-assign]
    ReaderScreen.on_article_loaded = on_article_loaded  # type: ignore[method-assign]
    Results.render_lines = render_lines  # type: ignore[method-assign]


def ms(t: float | None, t0: float) -> float | None:
    return None if t is None else round((t - t0) * 1000, 1)
