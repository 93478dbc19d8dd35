"""The main screen: search bar, status line, results | article | sidebar, footer.

The screen owns the state (query generation, sort, current result) and hands it down to its
widgets; widgets post messages up. Every engine call runs in a thread worker under the app's
engine lock, so the UI never waits on the index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.worker import get_current_worker

from index.build import build
from index.location import IndexBusy, current_generation
from index.search import INTERACTIVE_TIME_LIMIT, Engine, QueryError, SearchResult
from reader.messages import (
    ArticleLoaded,
    IndexProgress,
    IndexReady,
    IndexUpdated,
    SearchDone,
    SearchFailed,
)
from reader.widgets.article import ArticleView
from reader.widgets.entities import EntitySidebar, groups_from_facets
from reader.widgets.results import Results
from reader.widgets.safe_text import highlighted
from reader.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.app import ReaderApp

DEBOUNCE = 0.15
LIMIT = 500
FIRST_LIMIT = 40
FIRST_TIME_LIMIT = INTERACTIVE_TIME_LIMIT


def describe(result: SearchResult, final: bool) -> str:
    """ "1,234 hits · 12 ms", "about 1,234 hits · 80 ms · refining…"."""
    n = result.total
    count = f"{n:,} hit{'s' if n != 1 else ''}"
    if not result.total_exact:
        count = f"about {count}"
    parts = [count, f"{result.elapsed * 1000:.0f} ms"]
    if result.sort == "date":
        parts.append("newest first")
    if not final:
        parts.append("refining…")
    return " · ".join(parts)


class ReaderScreen(Screen[None]):
    """Search and read."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="reader.search"),
        Binding("escape", "back", "Back", show=False, id="reader.back",
                tooltip="Back one level: article → results → search bar → clear"),
        Binding("n", "match(1)", "Next hit", id="reader.next_match"),
        Binding("N", "match(-1)", "Previous hit", show=False, id="reader.previous_match"),
        Binding("left_square_bracket", "paragraph(-1)", "Previous paragraph", show=False,
                id="reader.previous_paragraph"),
        Binding("right_square_bracket", "paragraph(1)", "Next paragraph", show=False,
                id="reader.next_paragraph"),
        Binding("s", "toggle_sort", "Sort", id="reader.sort",
                tooltip="Sort by relevance or by date, newest first"),
        Binding("ctrl+d", "accept_suggestion", "Did you mean", show=False,
                id="reader.suggestion", tooltip="Search for the suggested spelling"),
        Binding("e", "toggle_sidebar", "Sidebar", show=False, id="reader.sidebar",
                tooltip="Show or hide the sidebar (hidden below 100 columns)"),
    ]  # fmt: skip

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
        self._timer: Timer | None = None
        self._searched = ""  # the query the results on show belong to

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield SearchBar(self.reader_app.history, id="search")
        with Horizontal(id="status-row"):
            yield Static(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="panes"):
            yield Results(id="results")
            yield ArticleView(id="article")
            yield EntitySidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBar).focus()
        self.query_one(ProgressBar).display = False
        app = self.reader_app
        if app.engine is None and current_generation(app.index_dir) is None:
            self.set_status(f"Indexing {app.corpus} (first run)…")
            self.query_one(ProgressBar).display = True
            self.index_worker()
            return
        if app.engine is None:
            try:
                app.engine = Engine.open(app.index_dir)
            except Exception as exc:  # a broken index: try building it
                self.set_status(f"cannot open the index ({exc}); rebuilding…")
                self.index_worker(rebuild=True)
                return
        self.show_ready()
        self.index_worker()  # staleness check in the background

    # --- index -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_worker(self, rebuild: bool = False) -> None:
        """Build or update the index (incremental: writes nothing when unchanged), then open or
        refresh the engine."""
        app = self.reader_app
        notice: str | None = None
        summary = ""

        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total))

        try:
            report = build(
                app.corpus,
                app.index_dir,
                rebuild=rebuild,
                progress=progress,
            )
            if report.wrote or report.rebuilt:
                summary = f"Index updated: {report.summary}"
        except IndexBusy as exc:
            notice = str(exc)
        except (OSError, ValueError) as exc:
            notice = f"could not update the index: {exc}"
        try:
            with app.engine_lock:
                if app.engine is None:
                    app.engine = Engine.open(app.index_dir)
                    summary = summary or "Index ready"
                elif not app.engine.refresh():
                    summary = ""
        except Exception as exc:
            self.post_message(IndexReady(error=f"no index: {exc}", notice=notice))
            return
        self.post_message(IndexReady(notice=notice))
        if summary:
            self.post_message(IndexUpdated(summary))

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(1, message.total), progress=message.done)
        self.set_status(f"Indexing {self.reader_app.corpus}: {message.done:,}/{message.total:,}")

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
        if self.search_text:
            self.schedule_search(delay=0)

    def show_ready(self) -> None:
        if self.search_text:
            self.schedule_search(delay=0)
        elif self.reader_app.engine is not None:
            n = self.reader_app.engine.doc_count
            self.set_status(f"{n:,} articles. Type to search; ? for keys.", muted=True)

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

    @on(SearchBar.Changed, "#search")
    def _query_changed(self) -> None:
        self.schedule_search()

    @on(SearchBar.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.reader_app.history.add(self.search_text)
        results = self.query_one(Results)
        if results.option_count:
            results.focus()

    def schedule_search(self, delay: float = DEBOUNCE) -> None:
        """Debounce: only the last query typed within `delay` seconds is searched."""
        self.generation += 1
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
        text = self.search_text
        if not text:
            self.workers.cancel_group(self, "search")
            self.result, self._searched, self.suggestion = None, "", None
            self.query_one(Results).show_hits([])
            self.query_one(EntitySidebar).show_groups([])
            self.show_ready()
            return
        if self.reader_app.engine is None:
            self.set_status("Indexing… the search will run when the index is ready.", muted=True)
            return
        self.run_search(text, self.sort, generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str, sort: str, generation: int) -> None:
        """A fast first pass with a time limit, then (if it was cut short) the full search."""
        worker = get_current_worker()
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
                    text, limit=FIRST_LIMIT, sort=sort, time_limit=FIRST_TIME_LIMIT,
                    exact_count=False,
                )  # fmt: skip
            self.post_message(SearchDone(generation, result, final=False))
            with app.engine_lock:
                if worker.is_cancelled:
                    return
                full = engine.search(text, limit=LIMIT, sort=sort, facets=True)
            if not worker.is_cancelled:
                self.post_message(SearchDone(generation, full, final=True))
        except QueryError as exc:
            self.post_message(SearchFailed(generation, str(exc)))
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
        results = self.query_one(Results)
        results.show_hits(result.hits, keep=results.current_id)
        self.query_one(EntitySidebar).show_groups(
            groups_from_facets(result.facets),
            empty_hint="No sources or dates in these results." if result.hits else "",
        )
        self.suggestion = result.suggestion
        parts: list[Content] = [Content(describe(result, message.final))]
        for note in result.messages:
            parts.append(highlighted(f"note: {note}", base="$warning"))
        if result.suggestion:
            parts.append(
                highlighted(f"did you mean: {result.suggestion} (ctrl+d)", base="bold $accent")
            )
        self.set_status(Content(" · ").join(parts))
        query_changed = self._searched != result.query
        self._searched = result.query
        article = self.query_one(ArticleView)
        if message.final and query_changed and article.article is not None:
            if results.current_id == article.article.id or not result.hits:
                self.load_article(article.article.id, self.search_text, focus=False)

    # --- articles --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.load_article(event.option.id, self.search_text, focus=False)

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.reader_app.history.add(self.search_text)
        if event.option.id:
            self.load_article(event.option.id, self.search_text, focus=True)

    def open_article(self, article_id: str) -> None:
        """Open an article by id (the command palette uses this)."""
        self.load_article(article_id, self.search_text, focus=True)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, query: str, focus: bool) -> None:
        app = self.reader_app
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
            self.post_message(ArticleLoaded(article, spans, focus))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        view = self.query_one(ArticleView)
        if view.article is not None and view.article.id == message.article.id:
            if sorted(message.spans) != view.spans:
                view.update_spans(message.spans)
        else:
            view.show(message.article, message.spans)
        if message.focus:
            view.focus()

    @on(EntitySidebar.Picked)
    def _narrow(self, event: EntitySidebar.Picked) -> None:
        bar = self.query_one(SearchBar)
        if event.clause not in bar.value:
            bar.value = f"{bar.value.strip()} {event.clause}".strip()

    # --- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, ArticleView):
            self.query_one(Results).focus()
        elif isinstance(focused, SearchBar):
            focused.value = ""
        else:
            self.query_one(SearchBar).focus()

    def action_match(self, step: int) -> None:
        self.query_one(ArticleView).jump_match(step)

    def action_paragraph(self, step: int) -> None:
        self.query_one(ArticleView).move_cursor(step)

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"sorted by {self.sort}", timeout=2)
        if self.search_text:
            self.schedule_search(delay=0)

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            bar = self.query_one(SearchBar)
            bar.value = self.suggestion
            bar.cursor_position = len(bar.value)

    def action_toggle_sidebar(self) -> None:
        self.toggle_class("-sidebar-toggled")

    def action_reindex(self) -> None:
        self.notify("Re-indexing in the background…", timeout=3)
        self.index_worker()
