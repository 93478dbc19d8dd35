"""The engine side of the reader screen: building/refreshing the index, the as-you-type search
(a fast first pass, then the full one with facets), the snippets of the rows scrolled into view,
and loading an article with its matches.

`Searcher` is a collaborator the screen owns, not a base class of it: every engine call runs in
a thread worker of the screen under the app's engine lock, and every answer comes back as a
message (`reader.app.messages`) that the screen handles. It never touches a widget.

Keystroke to results: a key cancels the search in flight (the engine checks the worker's
`cancelled_event` as it collects, counts and makes snippets) and starts the new one at once,
unless keys are coming in a burst (less than BURST apart: auto-repeat, a fast typist), when it
waits for the burst to end. The first pass collects for at most FIRST_TIME_LIMIT and makes
snippets only for the rows that fit on screen; the full pass (up to LIMIT hits, exact count,
facets) starts once typing has paused for FULL_DELAY and is cancelled by the next key. Hits
past the first page get their snippet when they are scrolled into view."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from index.engine.base import IndexDamaged
from index.engine.build import build
from index.engine.location import IndexBusy
from index.search import INTERACTIVE_TIME_LIMIT, Hit, QueryError, SearchCancelled
from reader.app.messages import (
    ArticleLoaded,
    CopiesLoaded,
    IndexProgress,
    IndexReady,
    IndexUpdated,
    MoreHits,
    SearchDone,
    SearchFailed,
    SnippetsLoaded,
    TimelineReady,
)
from reader.app.screens.search_support import warm_up

if TYPE_CHECKING:
    from reader.app.main import ReaderApp

BURST = 0.04
"""Keys less than this many seconds apart are a burst: the search waits for its end."""
DEBOUNCE = BURST  # the longest a keystroke's search waits (bench_app reports it)
LIMIT = 10_000
"""Hits listed by the full pass (snippets are made only for those shown)."""
FIRST_LIMIT = 50
FIRST_TIME_LIMIT = INTERACTIVE_TIME_LIMIT
FULL_DELAY = 0.25  # seconds of no typing before the full pass (exact count, facets) starts
SNIPPET_BATCH = 6  # snippets made per engine call (and message) for rows scrolled into view


@dataclass(frozen=True)
class Request:
    """What to search for: the engine's query and filters, the sort, and how many rows fit on
    screen (they get their snippets in the first pass)."""

    text: str
    filters: tuple[str, ...]
    sort: str
    page: int = 10


class Searcher:
    """Runs the engine for a screen. `request` is asked, when a scheduled search starts, what
    to search for (None: nothing to run, the index is not open)."""

    def __init__(self, screen: Screen[Any], request: Callable[[], Request | None]) -> None:
        self.screen = screen
        self.request = request
        self.generation = 0
        """Bumped by every new search; results from older generations are dropped."""
        self.asked: Request | None = None
        """The search last started."""
        self.shown = ""
        """The query whose hits are listed (their snippets are for it)."""
        self._timer: Timer | None = None
        self._last_key = 0.0  # when a search was last scheduled as typed (time.monotonic)

    @property
    def app(self) -> ReaderApp:
        return self.screen.app  # type: ignore[return-value]

    def _run(self, job: Callable[[], None], group: str, exclusive: bool = True) -> None:
        self.screen.run_worker(
            job, thread=True, exclusive=exclusive, group=group, exit_on_error=False
        )

    # --- index -----------------------------------------------------------------------------

    def index(self, rebuild: bool = False) -> None:
        """Build or update the index in a worker (incremental: writes nothing when unchanged),
        then open or refresh the engine with the user's entity corrections applied. Posts
        IndexProgress while it builds, then IndexReady and (when it changed) IndexUpdated."""
        self._run(partial(self._index, rebuild), "index")

    def _progress(self, done: int, total: int) -> None:
        self.screen.post_message(IndexProgress(done, total))

    def _index(self, rebuild: bool) -> None:
        app, post = self.app, self.screen.post_message
        notice: str | None = None
        summary = ""
        warm_up(app)
        try:
            report = build(
                app.corpus, app.index_dir, rebuild=rebuild,
                progress=self._progress,
                entities=app.entity_backend(), engine=app.settings.engine,
                follow_links=app.settings.follow_links,
                copies_threshold=app.settings.copies_threshold,
            )  # fmt: skip
            if report.wrote or report.rebuilt:
                summary = f"Index updated: {report.summary}"
            notice = report.backend_warning or None
        except IndexBusy as exc:
            notice = str(exc)
        except (OSError, ValueError) as exc:
            notice = f"could not update the index: {exc}"
        try:
            with app.engine_lock:
                if rebuild and app.engine is not None:
                    app.engine.close()
                    app.engine = None
                if app.engine is None:
                    engine = app.open_engine()
                    summary = summary or "Index ready"
                else:
                    engine = app.engine
                    if engine.refresh():
                        app.apply_entity_overrides()
                    else:
                        summary = ""
                engine.years()  # for the screen's ready state: a full scan on Whoosh, here
        except IndexDamaged as exc:
            if not rebuild:
                post(IndexUpdated(f"{exc}; rebuilding it from the corpus"))
                app.call_from_thread(self.index, True)
                return
            post(IndexReady(error=f"no index: {exc}", notice=notice))
            return
        except Exception as exc:
            post(IndexReady(error=f"no index: {exc}", notice=notice))
            return
        post(IndexReady(notice=notice))
        if summary:
            post(IndexUpdated(summary))
        warm_up(app)

    # --- search ----------------------------------------------------------------------------

    def schedule(self, delay: float | None = None) -> None:
        """Search (after `delay` seconds). Without a delay, as typed: at once, unless the
        previous key came less than BURST ago, when the search waits BURST for the burst to
        end. The search in flight is stale: it is cancelled now, not when the new one starts,
        so that it stops competing for the engine and the interpreter."""
        if delay is None:
            now = time.monotonic()
            delay = BURST if now - self._last_key < BURST else 0.0
            self._last_key = now
        self.generation += 1
        self.cancel()
        generation = self.generation
        if delay <= 0:  # Timer(0) divides by zero
            self.screen.call_later(self._start, generation)
        else:
            self._timer = self.screen.set_timer(delay, lambda: self._start(generation))

    def cancel(self) -> None:
        """Stop the search in flight and the snippets being made (a new search is coming)."""
        self.screen.workers.cancel_group(self.screen, "search")
        self.screen.workers.cancel_group(self.screen, "snippets")
        self.screen.workers.cancel_group(self.screen, "more")
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _start(self, generation: int) -> None:
        if generation != self.generation:
            return
        request = self.request()
        if request is None:
            return
        self.asked = request
        self._run(partial(self._search, request, generation), "search")

    def _search(self, request: Request, generation: int) -> None:
        """A fast first pass with a time limit, then the full search once typing pauses. Both
        make snippets for the first `request.page` hits only."""
        worker = get_current_worker()
        cancel = worker.cancelled_event
        app, post = self.app, self.screen.post_message
        engine = app.engine
        if engine is None:
            return
        text, filters, sort = request.text, list(request.filters), request.sort
        try:
            with app.engine_lock:
                if worker.is_cancelled:
                    return
                # First pass, within the keystroke budget: the top hits found in the time
                # limit, no facets. Then the full list, exact count and facets.
                result = engine.search(
                    text, limit=FIRST_LIMIT, sort=sort, filters=filters, snippets=request.page,
                    time_limit=FIRST_TIME_LIMIT, exact_count=False, suggestions=False,
                    cancel=cancel,
                )  # fmt: skip
            post(SearchDone(generation, result, final=False))
            # The full pass can take seconds on a large index: start it only once typing has
            # paused (the next key cancels it, and the engine stops within a few milliseconds).
            if cancel.wait(FULL_DELAY):
                return
            with app.engine_lock:
                if worker.is_cancelled:
                    return
                full = engine.search(
                    text, limit=LIMIT, sort=sort, filters=filters, facets=True,
                    snippets=request.page, cancel=cancel,
                )  # fmt: skip
            if worker.is_cancelled:
                return
            post(SearchDone(generation, full, final=True))
            with app.engine_lock:  # hits per period, for the timeline above the list
                if worker.is_cancelled:
                    return
                timeline = engine.timeline(text, filters=filters, cancel=cancel)
            if not worker.is_cancelled:
                post(TimelineReady(generation, timeline if timeline.periods else None))
        except SearchCancelled:
            return
        except QueryError as exc:
            post(SearchFailed(generation, str(exc)))
        except IndexDamaged as exc:
            post(SearchFailed(generation, f"{exc}; rebuilding it from the corpus"))
            app.call_from_thread(self.index, True)
        except Exception as exc:  # never crash the app on a search
            post(SearchFailed(generation, f"search failed: {exc}"))

    def accept(self, message: SearchDone | SearchFailed) -> bool:
        """Whether a search's answer is for the latest search (else it is dropped); the query
        of accepted hits is the one `shown`."""
        if message.generation != self.generation:
            return False
        if isinstance(message, SearchDone):
            self.shown = self.asked.text if self.asked is not None else ""
        return True

    def more(self, offset: int) -> None:
        """The next LIMIT hits of the search on show, after the `offset` listed (MoreHits)."""
        if self.asked is not None:
            job = partial(self._more, self.asked, self.generation, offset)
            self._run(job, "more")

    def _more(self, request: Request, generation: int, offset: int) -> None:
        worker = get_current_worker()
        app = self.app
        try:
            with app.engine_lock:
                if app.engine is None or worker.is_cancelled:
                    return
                result = app.engine.search(
                    request.text, limit=LIMIT, offset=offset, sort=request.sort,
                    filters=list(request.filters), snippets=0, suggestions=False,
                    cancel=worker.cancelled_event,
                )  # fmt: skip
        except Exception:  # noqa: BLE001 - the list simply stops growing; the next key retries
            return
        if not worker.is_cancelled:
            self.screen.post_message(MoreHits(generation, offset, result.hits))

    def copies(self, hit: Hit) -> None:
        """Hits for the copies of `hit` (CopiesLoaded), their snippets made on demand."""
        job = partial(self._copies, hit.id, list(hit.copies), self.generation)
        self._run(job, "copies")

    def _copies(self, story: str, ids: list[str], generation: int) -> None:
        app = self.app
        try:
            with app.engine_lock:
                if app.engine is None:
                    return
                hits = app.engine.hits_of(ids)
        except Exception:  # noqa: BLE001 - the row stays folded; the status says why
            self.screen.post_message(CopiesLoaded(generation, story, []))
            return
        self.screen.post_message(CopiesLoaded(generation, story, hits))

    # --- snippets of the rows scrolled into view -------------------------------------------

    def snippets(self, hits: list[Hit]) -> None:
        """Snippets for listed hits, a few at a time (the visible ones come first); a newer
        request (the list scrolled on) or a new query cancels this one."""
        if self.shown and hits:
            self._run(partial(self._snippets, self.shown, hits), "snippets")

    def _snippets(self, query: str, hits: list[Hit]) -> None:
        worker = get_current_worker()
        app = self.app
        for start in range(0, len(hits), SNIPPET_BATCH):
            try:
                with app.engine_lock:
                    if app.engine is None or worker.is_cancelled:
                        return
                    batch = hits[start : start + SNIPPET_BATCH]
                    done = app.engine.snippets(query, batch, cancel=worker.cancelled_event)
            except SearchCancelled:
                return
            except Exception:  # a snippet is not worth an error: the row keeps its "…"
                return
            self.screen.post_message(SnippetsLoaded(query, done))

    # --- articles --------------------------------------------------------------------------

    def article(self, article_id: str, query: str, focus: bool) -> None:
        """Load an article with the spans of every match of `query` (posts ArticleLoaded)."""
        self._run(partial(self._article, article_id, query, focus), "article")

    def _article(self, article_id: str, query: str, focus: bool) -> None:
        app = self.app
        if app.engine is None:
            return
        with app.engine_lock:
            article = app.engine.article(article_id)
            spans: list[tuple[int, int]] = []
            if article is not None and query:
                try:
                    spans = app.engine.match_spans(article_id, query)
                except QueryError:
                    spans = []
        if article is not None and not get_current_worker().is_cancelled:
            self.screen.post_message(ArticleLoaded(article, spans, focus))
