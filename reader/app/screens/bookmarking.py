"""The bookmark side of the reader screen: `v` selects a passage, `b` bookmarks it (or the
paragraph at the cursor) with a note and tags, `B` opens the bookmarks screen and Enter there
jumps back to the passage. Bookmarks are re-anchored against the index whenever it opens or
changes.

`Bookmarking` is a collaborator the screen owns: the screen forwards its keys and the
BookmarksAnchored message its worker posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.app.messages import BookmarksAnchored
from reader.app.screens.bookmark_dialog import BookmarkDialog, NoteAndTags
from reader.app.screens.bookmarks_screen import BookmarksScreen
from reader.app.widgets.article import ArticleView
from reader.bookmarks.model import ORPHANED, Bookmark
from reader.bookmarks.service import belongs, describe, make_bookmark, reanchor
from reader.bookmarks.store import BookmarksError

if TYPE_CHECKING:
    from reader.app.main import ReaderApp
    from reader.app.screens.reader import ReaderScreen

NOTHING_TO_BOOKMARK = "Open an article first: v selects a passage, [ and ] pick a paragraph."


class Bookmarking:
    """Passages of the open article: marks, selection, bookmarking and jumping back."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.pending_passage: tuple[str, int, int] | None = None
        """(article id, start, end) to show once that article is on screen (a jump from `B`)."""
        self._orphans_told = 0
        self._anchored_for: tuple[object, ...] | None = None
        """(index version, bookmarks file) last re-anchored: the same again needs no work."""

    @property
    def reader_app(self) -> ReaderApp:
        return self.screen.reader_app

    def query_one(self, kind: type[ArticleView]) -> ArticleView:
        return self.screen.query_one(kind)

    def notify(self, text: str, **kwargs: object) -> None:
        self.screen.notify(text, **kwargs)  # type: ignore[arg-type]

    # --- marks in the article --------------------------------------------------------------

    def article_shown(self, changed: bool) -> None:
        view = self.query_one(ArticleView)
        if changed:
            self.refresh_marks()
        pending = self.pending_passage
        if pending is not None and view.article is not None and view.article.id == pending[0]:
            self.pending_passage = None
            view.show_passage(pending[1], pending[2])

    def refresh_marks(self) -> None:
        view = self.query_one(ArticleView)
        if view.article is None:
            return
        store, engine = self.reader_app.bookmarks, self.reader_app.engine
        marks = [
            (bm.start, bm.end, bm.note)
            for bm in store.for_article(view.article.id)
            if bm.status != ORPHANED and (engine is None or belongs(bm, engine))
        ]
        view.set_marks(marks)

    def reanchor(self) -> None:
        """Find every bookmark again in the index as it is now (after it opens or changes), in
        a worker that posts BookmarksAnchored."""
        self.screen.run_worker(
            self._reanchor, thread=True, exclusive=True, group="bookmarks", exit_on_error=False
        )

    def _reanchor(self) -> None:
        app, post = self.reader_app, self.screen.post_message
        if app.engine is None:
            return
        try:
            with app.engine_lock:
                if app.engine is None:
                    return
                engine, store = app.engine, app.bookmarks
                if self._anchored_for == (engine.version, store.signature):
                    return  # every index check at start lands here: nothing changed
                report = reanchor(store, engine)
                self._anchored_for = (engine.version, store.signature)
        except BookmarksError as exc:
            post(BookmarksAnchored(error=str(exc)))
            return
        post(BookmarksAnchored(describe(report), moved=report.moved, orphaned=report.orphaned))

    def anchored(self, message: BookmarksAnchored) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=8, markup=False)
        elif message.moved or message.orphaned != self._orphans_told:
            # said once: a bookmark orphaned at start is not news at the next index check
            if message.summary:
                self.notify(message.summary, timeout=6, markup=False)
            self._orphans_told = message.orphaned
        self.refresh_marks()

    # --- actions ---------------------------------------------------------------------------

    def select_passage(self) -> None:
        """Start a selection at the current match, else the paragraph cursor, else the top of
        the text on show."""
        view = self.query_one(ArticleView)
        if view.article is None:
            self.notify(NOTHING_TO_BOOKMARK, timeout=4)
            return
        targets = view.targets
        if 0 <= view.match_index < len(targets):
            offset = targets[view.match_index][0]
        elif 0 <= view.cursor < len(view.paragraph_spans):
            offset = view.paragraph_spans[view.cursor][0]
        else:
            offset = view.first_visible_offset()
        if view.start_passage(offset):
            view.focus()

    def bookmark(self) -> None:
        view = self.query_one(ArticleView)
        article = view.article
        if article is None:
            self.notify(NOTHING_TO_BOOKMARK, timeout=4)
            return
        span = view.selected_span()
        if span is None and 0 <= view.cursor < len(view.paragraph_spans):
            span = view.paragraph_spans[view.cursor]
        if span is None:
            self.notify(
                "Select a passage first: v, then j/k or ( ) by sentence, { } by paragraph; "
                "or put the paragraph cursor on one with [ and ].",
                timeout=6,
            )
            return
        store = self.reader_app.bookmarks
        if store.read_only:
            self.notify(store.problems[0], severity="error", timeout=8, markup=False)
            return
        start, end = span
        corpus = str(self.reader_app.engine.corpus) if self.reader_app.engine else ""

        def done(answer: NoteAndTags | None) -> None:
            if answer is None:
                return
            bm = make_bookmark(article, start, end, corpus, answer.note, answer.tags)
            try:
                store.add(bm)
            except BookmarksError as exc:
                self.notify(str(exc), severity="error", timeout=8, markup=False)
                return
            view.drop_selection()
            self.reader_app.screen.clear_selection()
            self.refresh_marks()
            self.notify("Bookmarked. B lists your bookmarks.", timeout=3)

        self.reader_app.push_screen(
            BookmarkDialog(article.body[start:end], known_tags=list(store.tags())), done
        )

    def open_list(self) -> None:
        app = self.reader_app
        if app.bookmarks.refresh():  # another reader wrote some: find them in this index
            self.reanchor()
        corpus = str(app.engine.corpus) if app.engine is not None else str(app.corpus)

        def done(bm: Bookmark | None) -> None:
            self.refresh_marks()
            if bm is not None:
                self.jump_to(bm)

        app.push_screen(BookmarksScreen(app.bookmarks, corpus), done)

    def jump_to(self, bm: Bookmark) -> None:
        """Open the bookmark's article with its passage scrolled into view and highlighted."""
        self.show_passage(bm.article_id, bm.start, bm.end)

    def show_passage(self, article_id: str, start: int, end: int) -> None:
        """Open an article with body[start:end] scrolled into view and highlighted (a
        bookmark, an occurrence picked in the keyword-in-context view)."""
        view = self.query_one(ArticleView)
        if view.article is not None and view.article.id == article_id:
            self.screen.entities.set_opened(article_id)
            view.show_passage(start, end)
            view.focus()
            return
        self.pending_passage = (article_id, start, end)
        self.screen.open_article(article_id)
