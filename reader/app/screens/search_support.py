"""What the search side of the reader screen needs beside the screen: the status line's
summary of a result, the engine's arguments for a query and its filter chips, and warming the
engine up so that the first search does not wait."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual.content import Content

from index.search import SearchResult
from reader.app.widgets.filters import Filter, clauses
from reader.app.widgets.safe_text import highlighted

if TYPE_CHECKING:
    from reader.app.main import ReaderApp

GC_YOUNG = 10_000  # allocations between young collections (Python's default: 700)


def describe(result: SearchResult, final: bool, browsing: bool = False) -> str:
    """ "1,234 hits · 12 ms", "about 1,234 hits · 80 ms · refining…", "5 articles · newest
    first" (the whole corpus, no query; "by title" when no article listed has a date)."""
    n = result.total
    noun = "article" if browsing else "hit"
    count = f"{n:,} {noun}{'s' if n != 1 else ''}"
    if not result.total_exact:
        count = f"about {count}"
    elif result.stories is not None and result.stories != n:
        count += f", {result.stories:,} {'story' if result.stories == 1 else 'stories'}"
    parts = [count] if browsing else [count, f"{result.elapsed * 1000:.0f} ms"]
    if result.sort == "date" and any(h.date for h in result.hits):
        parts.append("newest first")
    elif result.sort == "date" and browsing and result.hits:
        parts.append("by title")
    if not final:
        parts.append("refining…")
    return " · ".join(parts)


def status_line(
    result: SearchResult, final: bool, browsing: bool, filters: list[Filter],
    listed: int | None = None,
) -> Content:  # fmt: skip
    """The status line under the search bar: the count and time, "first N listed" (more come
    as the cursor nears the end), the query's notes, a filter that left nothing, "did you
    mean"."""
    status = describe(result, final, browsing)
    listed = len(result.hits) if listed is None else listed
    if final and result.total > listed:
        status += f" · first {listed:,} listed, more below"
    if browsing:
        status += " · / to search, ? for keys"
    parts: list[Content] = [Content(status)]
    for note in result.messages:
        parts.append(highlighted(f"note: {note}", base="$warning"))
    if filters and not result.total:
        shown = ", ".join(f"{f}: {v}" for f, v in filters)
        parts.append(highlighted(f"filtered by {shown} (x removes it)", base="$warning"))
    if result.suggestion:
        hint = f"did you mean: {result.suggestion} (ctrl+d)"
        parts.append(highlighted(hint, base="bold $accent"))
    return Content(" · ").join(parts)


def search_args(text: str, filters: list[Filter]) -> tuple[str, list[str]]:
    """The engine's (query, filters=): with only filters, the first one is the query."""
    extra = clauses(filters)
    if not text and extra:
        return extra[0], extra[1:]
    return text, extra


def warm_up(app: ReaderApp) -> None:
    """Build what the engine builds on first use (the merged entities for the facets, the
    speller for "did you mean": 1-2 s at 100k articles) before the first search needs it: the
    full pass cannot be cancelled while it builds them. A no-op once built.

    Then move every object alive (the engine's structures, the interface) out of the cyclic
    garbage collector's sight, and let more objects die young before its first pass: at 100k
    articles its full collections walked half a million objects, stopping every thread for
    200-350 ms every few seconds of searching. Frozen, they cost 30-130 ms; with the larger
    young generation there were 13 instead of 112 in a benchmark run, and a third of the time
    spent collecting (measured). The frozen objects are long-lived: they are freed as usual when
    let go, only a reference cycle among them would now never be collected."""
    with app.engine_lock:
        if app.engine is None:
            return
        app.engine.entity_view()
        app.engine.speller()
        app.engine.years()  # a full scan on Whoosh: here, not in the UI thread
        gen = app.engine.gen
    if app.gc_frozen_for == gen:
        return  # frozen for this index already: garbage made since must stay collectable
    app.gc_frozen_for = gen
    gc.freeze()
    _young, middle, full = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, middle, full)
