"""The ReaderScreen's index and search side: building/refreshing the index in a worker, the
as-you-type search (a fast first pass, then the full one with facets), the snippets of the rows
scrolled into view, the status line.

A Screen subclass used as a mixin by `ReaderScreen`; every engine call runs in a thread worker
under the app's engine lock, so the UI never waits on the index.

Keystroke to results: a key cancels the search in flight (the engine checks the worker's
`cancelled_event` as it collects, counts and makes snippets) and starts the new one at once,
unless keys are coming in a burst (less than BURST apart: auto-repeat, a fast typist), when it
waits for the burst to end. The first pass collects for at most FIRST_TIME_LIMIT and makes
snippets only for the rows that fit on screen; the full pass (up to LIMIT hits, exact count,
facets) starts once typing has paused for FULL_DELAY and is cancelled by the next key. Hits
past the first page get their snippet when they are scrolled into view."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from index.engine.base import IndexDamaged
from index.engine.build import build
from index.engine.location import IndexBusy
from index.search import INTERACTIVE_TIME_LIMIT, Hit, QueryError, SearchCancelled, SearchResult
from reader.app.messages import IndexProgress, IndexReady, IndexUpdated, SearchDone, SearchFailed
from reader.app.screens.search_support import describe, search_args, warm_up
from reader.app.widgets.article import ArticleView
from reader.app.widgets.filters import Filter
from reader.app.widgets.results import Results
from reader.app.widgets.safe_text import highlighted
from reader.app.widgets.search_bar import SearchBar

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


@dataclass
class SnippetsLoaded(Message):
    """Snippets of hits of `query` that were listed without them."""

    query: str
    hits: list[Hit]


class SearchFlow(Screen[None]):
    """Index and search state of the reader screen."""

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        """Bumped by every new query; results from older generations are dropped."""
        self.sort = "relevance"
        """"relevance" or "date"; `s` toggles."""
        self.result: SearchResult | None = None
        """The results on show."""
        self.suggestion: str | None = None
        """A "did you mean" query, taken with ctrl+d."""
        self.filters: list[Filter] = []
        """Active filters (field, value), passed to the engine as `filters=`; shown as chips."""
        self._timer: Timer | None = None
        self._searched: tuple[str, tuple[str, ...]] = ("", ())  # what the results belong to
        self._asked: tuple[str, tuple[str, ...]] = ("", ())  # the search last started
        self._shown = ""  # the query whose hits are listed (their snippets are for it)
        self._last_key = 0.0  # when the query was last edited (time.monotonic)
        self.dated = True
        """Whether any article of the corpus has a date (`s` and the date hint need one)."""

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    # Hooks the ReaderScreen provides.
    def results_changed(self, final: bool) -> None:
        """The results (and their facets) on show changed."""

    def set_opened(self, article_id: str | None) -> None:
        """The article opened (the EntityFlow shows its entities)."""

    def results_arrived(self) -> None:
        """The final results of a search are on show (the ReaderScreen restores a session)."""

    def load_article(self, article_id: str, query: str, focus: bool) -> object:
        """Load an article into the article pane (a worker in the ReaderScreen)."""
        return None

    # --- index -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_worker(self, rebuild: bool = False) -> None:
        """Build or update the index (incremental: writes nothing when unchanged), then open or
        refresh the engine, with the user's entity corrections applied."""
        app = self.reader_app
        notice: str | None = None
        summary = ""

        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total))

        warm_up(app)
        try:
            report = build(
                app.corpus,
                app.index_dir,
                rebuild=rebuild,
                progress=progress,
                entities=app.entity_backend(),
                engine=app.settings.engine,
                follow_links=app.settings.follow_links,
            )
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
                engine.years()  # for show_ready: a full scan on Whoosh, done here
        except IndexDamaged as exc:
            if not rebuild:
                self.post_message(IndexUpdated(f"{exc}; rebuilding it from the corpus"))
                self.app.call_from_thread(self.index_worker, True)
                return
            self.post_message(IndexReady(error=f"no index: {exc}", notice=notice))
            return
        except Exception as exc:
            self.post_message(IndexReady(error=f"no index: {exc}", notice=notice))
            return
        self.post_message(IndexReady(notice=notice))
        if summary:
            self.post_message(IndexUpdated(summary))
        warm_up(app)

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(1, message.total), progress=message.done)
        done, total = message.done, message.total
        self.set_status(f"Indexing {self.reader_app.corpus}: {done:,} of about {total:,} articles")

    def on_index_ready(self, message: IndexReady) -> None:
        self.query_one(ProgressBar).display = False
        if message.notice:
            self.notify(message.notice, severity="warning", timeout=6)
        if message.error:
            self.set_status(message.error, error=True)
            return
        self.show_ready()

    def on_index_updated(self, message: IndexUpdated) -> None:
        self.notify(message.summary, timeout=4)
        if self.search_text or self.filters:
            self.schedule_search(delay=0)

    def show_ready(self) -> None:
        """The index is open: list what is asked for (with no query, the whole corpus)."""
        app = self.reader_app
        if app.engine is not None:
            with app.engine_lock:
                years = app.engine.years()
            self.dated = bool(years)
            self.query_one(SearchBar).set_year_hint(years[0][0] if years else None)
        self.schedule_search(delay=0)

    # --- search ----------------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self.query_one(SearchBar).value.strip()

    def set_status(self, text: str | Content, *, error: bool = False, muted: bool = False) -> None:
        content = text if isinstance(text, Content) else highlighted(text)
        if error:
            content = content.stylize("bold $error")
        elif muted:
            content = content.stylize("$text-muted")
        self.query_one("#status", Static).update(content)

    def schedule_search(self, delay: float | None = None) -> None:
        """Search for the query (after `delay` seconds). Without a delay, as typed: at once,
        unless the previous key came less than BURST ago, when the search waits BURST for the
        burst to end. The search in flight is stale: it is cancelled now, not when the new one
        starts, so that it stops competing for the engine and the interpreter."""
        if delay is None:
            now = time.monotonic()
            delay = BURST if now - self._last_key < BURST else 0.0
            self._last_key = now
        self.generation += 1
        self.workers.cancel_group(self, "search")
        self.workers.cancel_group(self, "snippets")
        if self._timer is not None:
            self._timer.stop()
        generation = self.generation
        self._timer = None
        if delay <= 0:  # Timer(0) divides by zero
            self.call_later(self._start_search, generation)
        else:
            self._timer = self.set_timer(delay, lambda: self._start_search(generation))

    def _start_search(self, generation: int) -> None:
        if generation != self.generation:
            return
        text, extra = search_args(self.search_text, self.filters)
        if self.reader_app.engine is None:
            self.set_status("Indexing… the search will run when the index is ready.", muted=True)
            return
        self._asked = (text, tuple(extra))
        page = self.query_one(Results).page_rows
        sort = self.sort if text and self.dated else "date" if self.dated else "relevance"
        self.run_search(text, extra, sort, generation, page)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(
        self, text: str, filters: list[str], sort: str, generation: int, page: int = 10
    ) -> None:
        """A fast first pass with a time limit, then the full search once typing pauses. Both
        make snippets for the first `page` hits only."""
        worker = get_current_worker()
        cancel = worker.cancelled_event
        app = self.reader_app
        engine = app.engine
        if engine is None:
            return
        try:
            with app.engine_lock:
                if worker.is_cancelled:
                    return
                # First pass, within the keystroke budget: the top hits found in the time
                # limit, no facets. Then the full list, exact count and facets.
                result = engine.search(
                    text, limit=FIRST_LIMIT, sort=sort, filters=filters, snippets=page,
                    time_limit=FIRST_TIME_LIMIT, exact_count=False, suggestions=False,
                    cancel=cancel,
                )  # fmt: skip
            self.post_message(SearchDone(generation, result, final=False))
            # The full pass can take seconds on a large index: start it only once typing has
            # paused (the next key cancels it, and the engine stops within a few milliseconds).
            if cancel.wait(FULL_DELAY):
                return
            with app.engine_lock:
                if worker.is_cancelled:
                    return
                full = engine.search(
                    text, limit=LIMIT, sort=sort, filters=filters, facets=True,
                    snippets=page, cancel=cancel,
                )  # fmt: skip
            if not worker.is_cancelled:
                self.post_message(SearchDone(generation, full, final=True))
        except SearchCancelled:
            return
        except QueryError as exc:
            self.post_message(SearchFailed(generation, str(exc)))
        except IndexDamaged as exc:
            self.post_message(SearchFailed(generation, f"{exc}; rebuilding it from the corpus"))
            self.app.call_from_thread(self.index_worker, True)
        except Exception as exc:  # never crash the app on a search
            self.post_message(SearchFailed(generation, f"search failed: {exc}"))

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.generation != self.generation:
            return
        self.suggestion = None
        self.set_status(f"query: {message.error}", error=True)

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self.generation:
            return  # a newer query is on its way
        result = message.result
        self.result = result
        self._shown = self._asked[0]
        results = self.query_one(Results)
        results.show_hits(result.hits, keep=results.current_id, query=self._shown)
        self.results_changed(message.final)
        self.suggestion = result.suggestion
        browsing = not self._asked[0]
        status = describe(result, message.final, browsing)
        if message.final and result.total > len(result.hits):
            status += f" · first {len(result.hits):,} listed"
        if browsing:
            status += " · / to search, ? for keys"
        parts: list[Content] = [Content(status)]
        for note in result.messages:
            parts.append(highlighted(f"note: {note}", base="$warning"))
        if self.filters and not result.total:
            shown = ", ".join(f"{f}: {v}" for f, v in self.filters)
            parts.append(highlighted(f"filtered by {shown} (x removes it)", base="$warning"))
        if result.suggestion:
            parts.append(
                highlighted(f"did you mean: {result.suggestion} (ctrl+d)", base="bold $accent")
            )
        self.set_status(Content(" · ").join(parts))
        if not message.final:
            return
        query_changed = self._searched != self._asked
        self._searched = self._asked
        self.results_arrived()
        article = self.query_one(ArticleView)
        if not result.hits and article.article is not None:
            article.clear()  # nothing found: no article of an earlier search stays on show
            self.set_opened(None)
        elif query_changed and article.article is not None:
            if results.current_id == article.article.id:
                self.load_article(article.article.id, self.search_text, focus=False)

    # --- snippets of the rows scrolled into view -------------------------------------------

    @on(Results.SnippetsWanted)
    def _snippets_wanted(self, event: Results.SnippetsWanted) -> None:
        if self._shown and event.hits:
            self.load_snippets(self._shown, event.hits)

    @work(thread=True, exclusive=True, group="snippets", exit_on_error=False)
    def load_snippets(self, query: str, hits: list[Hit]) -> None:
        """Snippets for listed hits, a few at a time (the visible ones come first); a newer
        request (the list scrolled on) or a new query cancels this one."""
        worker = get_current_worker()
        app = self.reader_app
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
            self.post_message(SnippetsLoaded(query, done))

    def on_snippets_loaded(self, message: SnippetsLoaded) -> None:
        if message.query == self._shown:
            self.query_one(Results).fill_snippets(message.hits)
