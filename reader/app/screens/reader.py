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

from index.search import SearchResult
from reader.app.messages import (
    ArticleLoaded,
    BookmarksAnchored,
    CopiesLoaded,
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
from reader.app.screens.index_watch import IndexWatch
from reader.app.screens.reader_keys import READER_KEYS
from reader.app.screens.reporting import Reporting
from reader.app.screens.resume import Resume
from reader.app.screens.search_support import search_args, status_line
from reader.app.screens.searcher import Request, Searcher
from reader.app.screens.triage import Triage
from reader.app.widgets.article import ArticleView
from reader.app.widgets.entities import EntitySidebar
from reader.app.widgets.filters import Filter, FilterBar
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar
from reader.app.widgets.status import StatusRow
from reader.app.widgets.timeline import TimelineBar

if TYPE_CHECKING:
    from reader.app.main import ReaderApp
    from reader.bookmarks.model import Bookmark


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
        self.index_watch = IndexWatch(self)
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
        self.index_watch.start()

    def set_status(self, text: str | Content, *, error: bool = False, muted: bool = False) -> None:
        self.query_one(StatusRow).say(text, error=error, muted=muted)

    # --- the index -------------------------------------------------------------------------

    def on_index_progress(self, message: IndexProgress) -> None:
        self.index_watch.progress(message)

    def on_index_ready(self, message: IndexReady) -> None:
        self.index_watch.finished(message)

    def on_index_updated(self, message: IndexUpdated) -> None:
        self.index_watch.updated(message)

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

    @on(Results.CopiesWanted)
    def _copies_wanted(self, event: Results.CopiesWanted) -> None:
        self.searcher.copies(event.hit)

    def on_copies_loaded(self, message: CopiesLoaded) -> None:
        if message.generation != self.searcher.generation:
            return
        if not message.hits:
            self.set_status("the copies could not be read from the index", error=True)
            return
        self.query_one(Results).show_copies(message.story, message.hits)

    def on_more_hits(self, message: MoreHits) -> None:
        if message.generation == self.searcher.generation and self.result is not None:
            results = self.query_one(Results)
            results.append_hits(message.hits)
            browsing = not self.search_text and not self.filters
            self.set_status(status_line(self.result, True, browsing, self.filters,
                                        listed=results.received))  # fmt: skip

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
        self.entities.applied(message)

    def action_toggle_mentions(self) -> None:
        tinted = self.entities.toggle_tints()
        self.notify("entity mentions " + ("tinted" if tinted else "plain"), timeout=2)

    # --- reading state ---------------------------------------------------------------------

    def action_triage(self, what: str) -> None:
        """The reading-state keys (u, *, T, A): `what` names the Triage method."""
        getattr(self.triage, what)()

    def on_states_changed(self, message: StatesChanged) -> None:
        self.triage.changed(message)

    # --- saved searches and exports -------------------------------------------------------

    def action_reporting(self, what: str) -> None:
        """R, W, S, X: `what` names the Reporting method (related, save, open_list, export)."""
        getattr(self.reporting, what)()

    def on_exported(self, message: Exported) -> None:
        self.reporting.exported(message)

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
