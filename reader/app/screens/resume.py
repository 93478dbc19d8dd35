"""Where you were: the reader screen's query, filters, sort, open article and its scroll
position, saved as the app exits and brought back on start (`restore` in the config, or
`--no-restore`, turns it off).

`Resume` is a collaborator the screen owns: the screen calls it on mount, when the final results
of a search arrive, when a row is highlighted, when an article is shown and as the app exits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader import session
from reader.app.widgets.article import ArticleView
from reader.app.widgets.filters import FilterBar
from reader.app.widgets.results import Results
from reader.app.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.app.screens.reader import ReaderScreen


class Resume:
    """The last session's state, applied in steps as the screen's results arrive."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.article: tuple[str, float] | None = None
        """The article (and scroll) to open, once its results are shown."""
        self.scroll = 0.0
        self.opening: str | None = None  # opened when its row is highlighted
        self.opened: str | None = None  # scrolled when it is shown

    @property
    def enabled(self) -> bool:
        return self.screen.reader_app.settings.restore

    def start(self) -> None:
        """The last query, filters and sort at once; the open article and its scroll position
        when the results that hold it arrive."""
        if not self.enabled:
            return
        screen = self.screen
        saved = session.load(screen.reader_app.index_dir)
        if saved.query:
            screen.query_one(SearchBar).value = saved.query
        if saved.filters:
            screen.filters = [(f, v) for f, v in saved.filters]
            screen.query_one(FilterBar).show_filters(screen.filters)
        screen.sort = saved.sort
        self.article = (saved.article, saved.scroll) if saved.article else None

    def save(self) -> None:
        """Remember where the reader is (the app calls this as it exits, widgets still up)."""
        screen = self.screen
        if not self.enabled or not screen.is_mounted:
            return
        view = screen.query_one(ArticleView)
        opened = view.article.id if view.article is not None and screen.opened else None
        session.save(
            screen.reader_app.index_dir,
            session.Session(
                query=screen.search_text, filters=[[f, v] for f, v in screen.filters],
                article=opened, scroll=float(view.scroll_y) if opened else 0.0, sort=screen.sort,
            ),
        )  # fmt: skip

    def results_arrived(self) -> None:
        """Highlight the article the last session had open, once, when it is among the
        results (the highlight opens it: `take`)."""
        wanted, self.article = self.article, None
        if wanted is None:
            return
        article_id, self.scroll = wanted
        self.opening = self.opened = article_id
        if not self.screen.query_one(Results).select_id(article_id):
            self.opening, self.scroll = None, 0.0

    def take(self, article_id: str) -> bool:
        """Whether a highlighted row is the article to open (then the screen opens it)."""
        if article_id != self.opening:
            return False
        self.opening = None
        return True

    def article_shown(self, view: ArticleView) -> None:
        """Scroll the restored article to where it was, once, with the focus on it."""
        if self.scroll and view.article is not None and view.article.id == self.opened:
            scroll, self.scroll = self.scroll, 0.0
            view.call_after_refresh(view.scroll_to, y=scroll, animate=False)
            view.focus()
