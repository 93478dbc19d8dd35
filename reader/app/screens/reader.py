"""The main screen: search bar, filter chips, status line, results | article | sidebar, footer.

The screen owns the state (query generation, sort, filters, the open article) and hands it down
to its widgets; widgets post messages up. The index and search side lives in
`search_flow.SearchFlow`, the entity side (sidebar, tints, filters, corrections) in
`entity_flow.EntityFlow`; this class composes the screen, loads articles and holds the keys."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.worker import get_current_worker

from index.engine.location import current_generation
from index.search import QueryError
from reader import session
from reader.app.messages import ArticleLoaded
from reader.app.screens.bookmark_flow import BookmarkFlow
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.filters import FilterBar
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar


class ReaderScreen(BookmarkFlow):
    """Search and read."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="reader.search"),
        Binding("escape", "back", "Back", show=False, id="reader.back",
                tooltip="Back one step: entity → matches, article → results, query and "
                "filters cleared → the whole corpus"),
        Binding("n", "match(1)", "Next hit", id="reader.next_match",
                tooltip="Next hit (or mention of the entity picked in the sidebar)"),
        Binding("N", "match(-1)", "Previous hit", show=False, id="reader.previous_match"),
        Binding("left_square_bracket", "paragraph(-1)", "Previous paragraph", show=False,
                id="reader.previous_paragraph"),
        Binding("right_square_bracket", "paragraph(1)", "Next paragraph", show=False,
                id="reader.next_paragraph"),
        Binding("s", "toggle_sort", "Sort", id="reader.sort",
                tooltip="Sort by relevance or by date, newest first"),
        Binding("m", "toggle_mentions", "Mentions", show=False, id="reader.mentions",
                tooltip="Tint the entity mentions in the article by type"),
        Binding("x", "remove_filter", "Remove filter", show=False, id="reader.remove_filter",
                tooltip="Remove the last filter chip (or click a chip)"),
        Binding("ctrl+d", "accept_suggestion", "Did you mean", show=False,
                id="reader.suggestion", tooltip="Search for the suggested spelling"),
        Binding("e", "toggle_sidebar", "Sidebar", show=False, id="reader.sidebar",
                tooltip="Show or hide the sidebar (hidden below 100 columns)"),
        Binding("v", "select_passage", "Select", show=False, id="reader.select",
                tooltip="Select a passage from the current match or paragraph: then j/k or "
                "( ) by sentence, { } by paragraph, Esc drops it"),
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark",
                tooltip="Bookmark the selection (or the paragraph at the cursor) with a note "
                "and tags"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="reader.bookmarks",
                tooltip="List, filter, edit, export your bookmarks; Enter jumps to one"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield SearchBar(self.reader_app.history, id="search")
        yield FilterBar(id="filters")
        with Horizontal(id="status-row"):
            yield Static(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="panes"):
            yield Results(id="results")
            yield ArticleView(id="article")
            yield EntitySidebar(id="sidebar")
        yield Footer()

    AUTO_FOCUS = "#results"
    restore_article: tuple[str, float] | None = None
    """The article (and scroll) to open from the last session, once its results are shown."""
    restore_scroll = 0.0
    restoring: str | None = None
    restored: str | None = None

    def on_mount(self) -> None:
        self.query_one(Results).focus()
        self.query_one(ProgressBar).display = False
        if self.reader_app.settings.restore:
            self._restore(session.load(self.reader_app.index_dir))
        self.query_one(FilterBar).display = False
        app = self.reader_app
        if app.engine is None and current_generation(app.index_dir) is None:
            self.set_status(f"Indexing {app.corpus} (first run)…")
            self.query_one(ProgressBar).display = True
            self.index_worker()
            return
        if app.engine is None:
            try:
                with app.engine_lock:
                    app.open_engine()
            except Exception as exc:  # a broken index: try building it
                self.set_status(f"cannot open the index ({exc}); rebuilding…")
                self.index_worker(rebuild=True)
                return
        self.show_ready()
        self.index_worker()  # staleness check in the background

    @on(SearchBar.Changed, "#search")
    def _query_changed(self) -> None:
        self.schedule_search()

    @on(SearchBar.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.reader_app.history.add(self.search_text)
        self.query_one(Results).focus()

    @on(SearchBar.Leave, "#search")
    def _left_search(self) -> None:
        """Esc (or Down) in the bar: back to the results, the query kept."""
        self.query_one(Results).focus()

    # --- articles --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id == self.restoring:
            self.restoring = None
            self.open_article(event.option.id)  # the article the last session had open
            return
        if event.option.id:
            if event.option.id != self.opened:
                self.set_opened(None)
            self.load_article(event.option.id, self.search_text, focus=False)

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.reader_app.history.add(self.search_text)
        if event.option.id:
            self.open_article(event.option.id)

    def open_article(self, article_id: str) -> None:
        """Open an article by id: shown with its entities in the sidebar, focus on it (the
        command palette uses this too)."""
        self.set_opened(article_id)
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
        changed = view.article is None or view.article.id != message.article.id
        if not changed:
            if sorted(message.spans) != view.spans:
                view.update_spans(message.spans)
        else:
            view.show(message.article, message.spans)
        if self.restore_scroll and message.article.id == self.restored:
            scroll, self.restore_scroll = self.restore_scroll, 0.0
            view.call_after_refresh(view.scroll_to, y=scroll, animate=False)
            view.focus()
        if message.focus:
            view.focus()
        self.article_shown(changed)

    # --- where you were -------------------------------------------------------------------

    def _restore(self, saved: session.Session) -> None:
        """The last query, filters and sort at once; the open article and its scroll position
        when the results that hold it arrive."""
        if saved.query:
            self.query_one(SearchBar).value = saved.query
        if saved.filters:
            self.filters = [(f, v) for f, v in saved.filters]
            self.query_one(FilterBar).show_filters(self.filters)
        self.sort = saved.sort
        self.restore_article = (saved.article, saved.scroll) if saved.article else None

    def save_session(self) -> None:
        """Remember where the reader is (the app calls this as it exits, widgets still up)."""
        if not self.reader_app.settings.restore or not self.is_mounted:
            return
        view = self.query_one(ArticleView)
        opened = view.article.id if view.article is not None and self.opened else None
        session.save(
            self.reader_app.index_dir,
            session.Session(
                query=self.search_text, filters=[[f, v] for f, v in self.filters],
                article=opened, scroll=float(view.scroll_y) if opened else 0.0, sort=self.sort,
            ),
        )  # fmt: skip

    def results_arrived(self) -> None:
        """Open the article the last session had open, once, when it is among the results."""
        wanted, self.restore_article = self.restore_article, None
        if wanted is None:
            return
        article_id, scroll = wanted
        self.restore_scroll = scroll
        self.restoring = self.restored = article_id  # opened when its row is highlighted
        if not self.query_one(Results).select_id(article_id):
            self.restoring, self.restore_scroll = None, 0.0

    # --- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Into the search bar, the query selected so that typing replaces it."""
        bar = self.query_one(SearchBar)
        bar.focus()
        bar.select_all()

    def action_back(self) -> None:
        """The Esc ladder, one step a press, never a quit: (dialogs, the passage selection and
        the search bar take their own Esc first) entity → matches; article → results; results
        of a query or filters → the whole corpus."""
        focused = self.focused
        view = self.query_one(ArticleView)
        bar = self.query_one(SearchBar)
        if view.entity is not None and isinstance(focused, ArticleView | EntitySidebar):
            view.select_entity(None)  # back to the search matches
        elif isinstance(focused, ArticleView | EntitySidebar):
            self.set_opened(None)
            self.query_one(Results).focus()
        elif bar.value or self.filters:
            bar.value = ""
            self.set_filters([])
            self.query_one(Results).focus()
            self.notify("Back to the whole corpus", timeout=2)
        else:
            self.query_one(Results).focus()

    def action_match(self, step: int) -> None:
        self.query_one(ArticleView).jump_match(step)

    def action_paragraph(self, step: int) -> None:
        self.query_one(ArticleView).move_cursor(step)

    def action_toggle_sort(self) -> None:
        if not self.dated:
            self.notify("No article here has a date: sorted by relevance", timeout=3)
            return
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify("newest first" if self.sort == "date" else "sorted by relevance", timeout=2)
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
