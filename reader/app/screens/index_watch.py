"""The index seen from the reader screen: opening it (or building it on a first run, or
rebuilding it when it cannot be opened), the progress of a build in the status row, and what
changes when it is ready or updated.

`IndexWatch` is a collaborator the screen owns; the screen routes the Index* messages the
Searcher's worker posts to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.engine.location import current_generation
from reader.app.messages import IndexProgress, IndexReady, IndexUpdated
from reader.app.widgets.search_bar import SearchBar
from reader.app.widgets.status import StatusRow

if TYPE_CHECKING:
    from reader.app.screens.reader import ReaderScreen


class IndexWatch:
    """Opens the index for the screen and keeps the status row told."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen

    def start(self) -> None:
        """Open the index (or build it); then look for changes in the background."""
        screen, app = self.screen, self.screen.reader_app
        if app.engine is None and current_generation(app.index_dir) is None:
            screen.query_one(StatusRow).busy(f"Indexing {app.corpus} (first run)…")
            screen.searcher.index()
            return
        if app.engine is None:
            try:
                with app.engine_lock:
                    app.open_engine()
            except Exception as exc:  # a broken index: try building it
                screen.set_status(f"cannot open the index ({exc}); rebuilding…")
                screen.searcher.index(rebuild=True)
                return
        self.ready()
        screen.searcher.index()  # staleness check in the background

    def progress(self, message: IndexProgress) -> None:
        what = f"Indexing {self.screen.reader_app.corpus}"
        self.screen.query_one(StatusRow).progress(message.done, message.total, what)

    def finished(self, message: IndexReady) -> None:
        screen = self.screen
        screen.query_one(StatusRow).done()
        if message.notice:
            screen.notify(message.notice, severity="warning", timeout=6)
        if message.error:
            screen.set_status(message.error, error=True)
            return
        self.ready()

    def updated(self, message: IndexUpdated) -> None:
        screen = self.screen
        screen.notify(message.summary, timeout=4)
        if screen.search_text or screen.filters:
            screen.schedule_search(delay=0)

    def ready(self) -> None:
        """The index is open: list what is asked for (with no query, the whole corpus), and
        find the bookmarks again in it."""
        screen, app = self.screen, self.screen.reader_app
        if app.engine is not None:
            with app.engine_lock:
                years = app.engine.years()
            screen.dated = bool(years)
            screen.query_one(SearchBar).set_year_hint(years[0][0] if years else None)
        screen.schedule_search(delay=0)
        screen.bookmarking.reanchor()
