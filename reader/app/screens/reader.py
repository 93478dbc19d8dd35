"""The main screen: search bar, filter chips, status line, results | article | sidebar, footer.

The screen holds the shared state (the query in the search bar, the filters, the sort, the
results on show, the open article) and coordinates: widgets own their keys and post messages
up; the screen hands state down to them and routes work to three collaborators it owns —
`Searcher` (every engine call, in workers: index, search, snippets, articles), `EntityPane`
(the sidebar, mentions, entity corrections) and `Bookmarking` (passages and bookmarks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from index.engine.location import current_generation
from index.search import SearchResult
from reader.app.messages import (
    ArticleLoaded,
    BookmarksAnchored,
    Exported,
    IndexProgress,
    IndexReady,
    IndexUpdated,
    MentionsLoaded,
    MoreHits,
    OverridesApplied,
    SearchDone,
    SearchFailed,
    SnippetsLoaded,
    StatesChanged,
    TimelineReady,
)
from reader.app.screens.bookmarking import Bookmarking
from reader.app.screens.entity_pane import EntityPane
from reader.app.screens.reader_keys import READER_KEYS
from reader.app.screens.reporting import Reporting
from reader.app.screens.resume import Resume
from reader.app.screens.search_support import search_args, status_line
from reader.app.screens.searcher import Request, Searcher
from reader.app.screens.triage import Triage
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.filters import Filter, FilterBar, split_clause
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar
from reader.app.widgets.status import StatusRow
from reader.app.widgets.timeline import TimelineBar

if TYPE_CHECKING:
    from reader.app.main import ReaderApp
    from reader.bookmarks.model import Bookmark
    from reader.bookmarks.searches import SavedSearch


class ReaderScreen(Screen[None]):
    """Search and read."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = READER_KEYS

    def compose(self) -> ComposeResult:
        yield SearchBar(self.reader_app.history, id="search")
        yield FilterBar(id="filters")
        yield StatusRow(id="status-row")
        yield TimelineBar(id="timeline")
        with Horizontal(id="panes"):
            yield Results(id="results")
            yield ArticleView(id="article")
            yield EntitySidebar(id="sidebar")
        yield Footer()

    AUTO_FOCUS = "#results"

    def __init__(self) -> None:
        super().__init__()
        self.sort = "relevance"
        """"relevance" or "date"; `s` toggles."""
        self.filters: list[Filter] = []
        """Active filters (field, value), passed to the engine as `filters=`; shown as chips."""
        self.result: SearchResult | None = None
        """The results on show."""
        self.suggestion: str | None = None
        """A "did you mean" query, taken with ctrl+d."""
        self.dated = True
        """Whether any article of the corpus has a date (`s` and the date hint need one)."""
        self.searcher = Searcher(self, self._request)
        self.entities = EntityPane(self)
        self.bookmarking = Bookmarking(self)
        self.resume = Resume(self)
        self.triage = Triage(self)
        self.reporting = Reporting(self)
        self._searched: Request | None = None  # what the results on show belong to

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def opened(self) -> str | None:
        """The article opened (its entities in the sidebar); None while previewing."""
        return self.entities.opened

    @property
    def search_text(self) -> str:
        return self.query_one(SearchBar).value.strip()

    def on_mount(self) -> None:
        self.query_one(Results).focus()
        self.resume.start()
        self.query_one(FilterBar).display = False
        app = self.reader_app
        if app.engine is None and current_generation(app.index_dir) is None:
            self.query_one(StatusRow).busy(f"Indexing {app.corpus} (first run)…")
            self.searcher.index()
            return
        if app.engine is None:
            try:
                with app.engine_lock:
                    app.open_engine()
            except Exception as exc:  # a broken index: try building it
                self.set_status(f"cannot open the index ({exc}); rebuilding…")
                self.searcher.index(rebuild=True)
                return
        self.show_ready()
        self.searcher.index()  # staleness check in the background

    def set_status(self, text: str | Content, *, error: bool = False, muted: bool = False) -> None:
        self.query_one(StatusRow).say(text, error=error, muted=muted)

    # --- the index -------------------------------------------------------------------------

    def on_index_progress(self, message: IndexProgress) -> None:
        what = f"Indexing {self.reader_app.corpus}"
        self.query_one(StatusRow).progress(message.done, message.total, what)

    def on_index_ready(self, message: IndexReady) -> None:
        self.query_one(StatusRow).done()
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
        """The index is open: list what is asked for (with no query, the whole corpus), and
        find the bookmarks again in it."""
        app = self.reader_app
        if app.engine is not None:
            with app.engine_lock:
                years = app.engine.years()
            self.dated = bool(years)
            self.query_one(SearchBar).set_year_hint(years[0][0] if years else None)
        self.schedule_search(delay=0)
        self.bookmarking.reanchor()

    def action_reindex(self) -> None:
        self.notify("Re-indexing in the background…", timeout=3)
        self.searcher.index()

    # --- search ----------------------------------------------------------------------------

    def schedule_search(self, delay: float | None = None) -> None:
        self.searcher.schedule(delay)

    def _request(self) -> Request | None:
        """What the searcher should search for now (asked when a scheduled search starts)."""
        if self.reader_app.engine is None:
            self.set_status("Indexing… the search will run when the index is ready.", muted=True)
            return None
        text, extra = search_args(self.search_text, self.filters)
        sort = self.sort if text else "date"  # browsing: newest first, undated ones by title
        return Request(text, tuple(extra), sort, self.query_one(Results).page_rows)

    @on(SearchBar.Changed, "#search")
    def _query_changed(self) -> None:
        self.schedule_search()

    @on(SearchBar.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.reader_app.history.add(self.search_text)
        self.set_focus(self.query_one(Results))

    @on(SearchBar.Leave, "#search")
    def _left_search(self) -> None:
        """Esc (or Down) in the bar: back to the results, the query kept."""
        self.set_focus(self.query_one(Results))

    def on_search_failed(self, message: SearchFailed) -> None:
        if self.searcher.accept(message):
            self.suggestion = None
            self.set_status(f"query: {message.error}", error=True)

    def on_search_done(self, message: SearchDone) -> None:
        if not self.searcher.accept(message):
            return  # a newer query is on its way
        result = self.result = message.result
        asked = self.searcher.asked
        results = self.query_one(Results)
        results.set_states(self.triage.states())
        results.show_hits(
            result.hits, keep=results.current_id, query=self.searcher.shown, total=result.total
        )
        self.entities.results_changed(message.final)
        self.suggestion = result.suggestion
        browsing = asked is None or not asked.text
        self.set_status(status_line(result, message.final, browsing, self.filters))
        if not message.final:
            return
        query_changed = self._searched != asked
        self._searched = asked
        self.resume.results_arrived()
        article = self.query_one(ArticleView)
        if not result.hits and article.article is not None:
            article.clear()  # nothing found: no article of an earlier search stays on show
            self.entities.set_opened(None)
        elif query_changed and article.article is not None:
            if results.current_id == article.article.id:
                self.searcher.article(article.article.id, self.search_text, focus=False)

    @on(Results.SnippetsWanted)
    def _snippets_wanted(self, event: Results.SnippetsWanted) -> None:
        self.searcher.snippets(event.hits)

    @on(Results.MoreWanted)
    def _more_wanted(self, event: Results.MoreWanted) -> None:
        if self.result is not None and self.result.total_exact:
            self.searcher.more(event.have)

    def on_more_hits(self, message: MoreHits) -> None:
        if message.generation == self.searcher.generation and self.result is not None:
            results = self.query_one(Results)
            results.append_hits(message.hits)
            browsing = not self.search_text and not self.filters
            self.set_status(status_line(self.result, True, browsing, self.filters,
                                        listed=len(results.hits)))  # fmt: skip

    def on_timeline_ready(self, message: TimelineReady) -> None:
        if message.generation == self.searcher.generation:
            self.query_one(TimelineBar).show_timeline(message.timeline)

    @on(TimelineBar.Picked)
    def _period_picked(self, event: TimelineBar.Picked) -> None:
        """A period of the timeline: the results narrowed to it by a date chip (Esc removes
        it); one date chip at a time."""
        kept = [f for f in self.filters if f[0] != "date"]
        self.set_filters([*kept, ("date", event.value)])
        self.set_focus(self.query_one(Results))

    def on_snippets_loaded(self, message: SnippetsLoaded) -> None:
        if message.query == self.searcher.shown:
            self.query_one(Results).fill_snippets(message.hits)

    # --- filters ---------------------------------------------------------------------------

    def set_filters(self, filters: list[Filter]) -> None:
        self.filters = filters
        self.query_one(FilterBar).show_filters(filters)
        self.schedule_search(delay=0)

    def add_filter(self, field: str, value: str) -> None:
        item = (field, value)
        if item not in self.filters:
            self.set_filters([*self.filters, item])

    def remove_filter(self, index: int = -1) -> None:
        if not self.filters:
            self.notify("No filter to remove.", timeout=2)
            return
        filters = list(self.filters)
        del filters[index]
        self.set_filters(filters)

    @on(EntitySidebar.Picked)
    def _picked(self, event: EntitySidebar.Picked) -> None:
        self.add_filter(event.field, event.value)

    @on(FilterBar.Removed)
    def _chip_clicked(self, event: FilterBar.Removed) -> None:
        if 0 <= event.index < len(self.filters):
            self.remove_filter(event.index)

    def action_remove_filter(self) -> None:
        self.remove_filter()

    # --- entities --------------------------------------------------------------------------

    @on(EntitySidebar.Selected)
    def _entity_selected(self, event: EntitySidebar.Selected) -> None:
        self.entities.select(event.entity)

    @on(EntitySidebar.Correct)
    def _correct(self, event: EntitySidebar.Correct) -> None:
        self.entities.correct(event.entity, event.action)

    def on_mentions_loaded(self, message: MentionsLoaded) -> None:
        self.entities.mentions_loaded(message)

    def on_overrides_applied(self, message: OverridesApplied) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=8)
            return
        self.notify(message.summary, timeout=3)
        self.entities.overrides_applied()
        if self.search_text or self.filters:
            self.schedule_search(delay=0)
        else:
            self.entities.refresh()

    def action_toggle_mentions(self) -> None:
        tinted = self.entities.toggle_tints()
        self.notify("entity mentions " + ("tinted" if tinted else "plain"), timeout=2)

    # --- reading state ---------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self.triage.toggle("read")

    def action_toggle_star(self) -> None:
        self.triage.toggle("starred")

    def action_edit_tags(self) -> None:
        self.triage.edit_tags()

    def action_mark_all(self) -> None:
        self.triage.mark_all()

    def on_states_changed(self, message: StatesChanged) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=8, markup=False)
            return
        if message.summary:
            self.notify(message.summary, timeout=2, markup=False)
        self.query_one(Results).set_states(self.triage.states())
        self.entities.refresh()
        if message.rerun:
            self.schedule_search(delay=0)

    # --- saved searches and exports -------------------------------------------------------

    def action_related(self) -> None:
        """The articles like the one read (or highlighted), as the query `like:"ID"`."""
        doc = self.triage.target()
        if doc is None:
            self.notify("No article here: pick one in the results first.", timeout=3)
            return
        self.entities.set_opened(None)
        self.query_one(SearchBar).value = f'like:"{doc.replace(chr(34), "")}"'
        self.set_focus(self.query_one(Results))

    def action_save_search(self) -> None:
        self.reporting.save()

    def action_saved_searches(self) -> None:
        self.reporting.open_list()

    def action_export_results(self) -> None:
        self.reporting.export()

    def run_saved(self, saved: SavedSearch) -> None:
        """Show a saved search: its query in the bar, its filters as chips."""
        self.query_one(SearchBar).value = saved.query
        self.set_filters([split_clause(c) for c in saved.filters])
        self.set_focus(self.query_one(Results))

    def on_exported(self, message: Exported) -> None:
        if message.error:
            self.notify(f"{message.path}: {message.error}", severity="error", timeout=8,
                        markup=False)  # fmt: skip
        else:
            self.notify(f"{message.count:,} results written to {message.path}", timeout=5,
                        markup=False)  # fmt: skip

    # --- bookmarks -------------------------------------------------------------------------

    def on_bookmarks_anchored(self, message: BookmarksAnchored) -> None:
        self.bookmarking.anchored(message)

    def action_select_passage(self) -> None:
        self.bookmarking.select_passage()

    def action_bookmark(self) -> None:
        self.bookmarking.bookmark()

    def action_bookmarks(self) -> None:
        self.bookmarking.open_list()

    def save_session(self) -> None:
        """Remember where the reader is (the app calls this as it exits)."""
        self.resume.save()

    def jump_to(self, bm: Bookmark) -> None:
        """Open a bookmark's article with its passage scrolled into view and highlighted."""
        self.bookmarking.jump_to(bm)

    # --- articles --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and self.resume.take(event.option.id):
            self.open_article(event.option.id)  # the article the last session had open
            return
        if event.option.id:
            if event.option.id != self.opened:
                self.entities.set_opened(None)
            self.searcher.article(event.option.id, self.search_text, focus=False)

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.reader_app.history.add(self.search_text)
        if event.option.id:
            self.open_article(event.option.id)

    def open_article(self, article_id: str) -> None:
        """Open an article by id: shown with its entities in the sidebar, focus on it (the
        command palette uses this too)."""
        self.entities.set_opened(article_id)
        self.searcher.article(article_id, self.search_text, focus=True)
        self.triage.opened(article_id)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        view = self.query_one(ArticleView)
        changed = view.article is None or view.article.id != message.article.id
        if not changed:
            if sorted(message.spans) != view.spans:
                view.update_spans(message.spans)
        else:
            view.show(message.article, message.spans)
        self.resume.article_shown(view)
        if message.focus:
            view.focus()
        self.entities.article_shown(changed)
        self.bookmarking.article_shown(changed)

    # --- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Into the search bar, the query selected so that typing replaces it."""
        self.query_one(SearchBar).enter()

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
            self.entities.set_opened(None)
            self.set_focus(self.query_one(Results))
        elif self.filters and self.filters[-1][0] == "date" and isinstance(
            focused, Results | TimelineBar
        ):
            self.remove_filter()  # the period picked on the timeline goes first
        elif bar.value or self.filters:
            bar.value = ""
            self.set_filters([])
            self.set_focus(self.query_one(Results))
            self.notify("Back to the whole corpus", timeout=2)
        else:
            self.set_focus(self.query_one(Results))

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
