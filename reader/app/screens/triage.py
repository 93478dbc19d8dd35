"""Reading state from the reader screen: `u` marks the article read or unread, `*` stars it,
`T` edits its tags, `A` marks every result of the search at once; opening an article marks it
read (`mark_read` in the config: `open`, `off`, or seconds of reading).

`Triage` is a collaborator the screen owns. States are written in a worker (the engine gives
the content hashes they are kept with) that posts StatesChanged; the screen then hands the
states down to the results list and the sidebar."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.app.messages import StatesChanged
from reader.app.screens.search_support import search_args
from reader.app.screens.triage_dialogs import MarkAllDialog, TagsDialog
from reader.app.widgets.article import ArticleView
from reader.app.widgets.results import Results
from reader.bookmarks.states import Change, DocState, StatesError, StateStore
from reader.bookmarks.triage import hit_ids, mark

if TYPE_CHECKING:
    from reader.app.main import ReaderApp
    from reader.app.screens.reader import ReaderScreen

NOTHING = "No article here: pick one in the results first."


class Triage:
    """Marks articles for the screen."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self._timer: Timer | None = None

    @property
    def app(self) -> ReaderApp:
        return self.screen.reader_app

    @property
    def store(self) -> StateStore | None:
        return self.app.states

    def states(self) -> dict[str, DocState]:
        return self.store.all() if self.store is not None else {}

    def target(self) -> str | None:
        """The article a key acts on: the one read in the article pane when it has the focus,
        else the highlighted result."""
        view = self.screen.query_one(ArticleView)
        if self.screen.focused is view and view.article is not None:
            return view.article.id
        return self.screen.query_one(Results).current_id or (
            view.article.id if view.article is not None else None
        )

    # --- one article -----------------------------------------------------------------------

    def toggle_read(self) -> None:
        self.toggle("read")

    def toggle_star(self) -> None:
        self.toggle("starred")

    def toggle(self, flag: str) -> None:
        """Flip `flag` ("read" or "starred") of the article the key acts on."""
        doc = self.target()
        if doc is None:
            self.screen.notify(NOTHING, timeout=3)
            return
        on = not getattr(self.states().get(doc, DocState()), flag)
        said = {("read", True): "read", ("read", False): "unread",
                ("starred", True): "starred", ("starred", False): "star removed"}  # fmt: skip
        change = Change(read=on) if flag == "read" else Change(starred=on)
        self.apply([doc], change, said[flag, on])

    def edit_tags(self) -> None:
        doc = self.target()
        if doc is None or self.store is None:
            self.screen.notify(NOTHING, timeout=3)
            return
        old = self.states().get(doc, DocState()).tags

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            new = {t.casefold() for t in tags}
            removed = tuple(t for t in old if t.casefold() not in new)
            change = Change(add_tags=tuple(tags), remove_tags=removed)
            self.apply([doc], change, "tags: " + (" ".join(tags) or "none"))

        self.app.push_screen(
            TagsDialog("Tags", f"Tags of “{self.title_of(doc)}”:", old, self.store.tags()), done
        )

    def title_of(self, doc: str) -> str:
        view = self.screen.query_one(ArticleView)
        if view.article is not None and view.article.id == doc:
            return view.article.title or doc
        hit = next((h for h in self.screen.query_one(Results).hits if h.id == doc), None)
        return hit.title if hit is not None and hit.title else doc

    def opened(self, article_id: str) -> None:
        """An article was opened: mark it read now, after a while, or not (`mark_read`)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        when = self.app.settings.mark_read
        if when == "off" or self.states().get(article_id, DocState()).read:
            return
        if when == "open":
            self.apply([article_id], Change(read=True), "")
            return
        seconds = float(when)

        def later() -> None:
            view = self.screen.query_one(ArticleView)
            if view.article is not None and view.article.id == article_id:
                self.apply([article_id], Change(read=True), "")

        self._timer = self.screen.set_timer(seconds, later)

    def changed(self, message: StatesChanged) -> None:
        """States were written: say so, draw them, and search again when every result was
        marked (the results of `is:unread` changed)."""
        screen = self.screen
        if message.error:
            screen.notify(message.error, severity="error", timeout=8, markup=False)
            return
        if message.summary:
            screen.notify(message.summary, timeout=2, markup=False)
        screen.query_one(Results).set_states(self.states())
        screen.entities.refresh()
        if message.rerun:
            screen.schedule_search(delay=0)

    # --- every result ----------------------------------------------------------------------

    def mark_all(self) -> None:
        result = self.screen.result
        if result is None or not result.total:
            self.screen.notify("No results to mark.", timeout=3)
            return
        text, filters = search_args(self.screen.search_text, self.screen.filters)

        def tags_done(remove: bool, tags: list[str] | None) -> None:
            if tags:
                change = Change(remove_tags=tuple(tags)) if remove else Change(add_tags=tuple(tags))
                sign = "-" if remove else "+"
                self.apply_query(text, filters, change, sign + f" {sign}".join(tags))

        def done(choice: Change | str | None) -> None:
            if choice in ("tag", "untag") and self.store is not None:
                remove = choice == "untag"
                verb = "remove from" if remove else "add to"
                prompt = f"Tags to {verb} all {result.total:,} results:"
                dialog = TagsDialog("Untag all" if remove else "Tag all", prompt, (),
                                    self.store.tags())  # fmt: skip
                self.app.push_screen(dialog, partial(tags_done, remove))
            elif isinstance(choice, Change):
                self.apply_query(text, filters, choice, _said(choice))

        self.app.push_screen(MarkAllDialog(result.total, self.screen.search_text), done)

    # --- writing, in workers ---------------------------------------------------------------

    def apply(self, ids: list[str], change: Change, said: str) -> None:
        self.screen.run_worker(
            partial(self._mark, ids, None, change, said), thread=True, group="states",
            exit_on_error=False,
        )  # fmt: skip

    def apply_query(self, text: str, filters: list[str], change: Change, said: str) -> None:
        self.screen.run_worker(
            partial(self._mark, None, (text, filters), change, said), thread=True,
            group="states", exit_on_error=False,
        )  # fmt: skip

    def _mark(
        self, ids: list[str] | None, query: tuple[str, list[str]] | None, change: Change, said: str
    ) -> None:
        app, post = self.app, self.screen.post_message
        store = self.store
        if store is None or app.engine is None:
            return
        try:
            with app.engine_lock:
                engine = app.engine
                if query is not None:
                    ids = hit_ids(engine, query[0], query[1])
                done = mark(store, engine, ids or [], change)
        except StatesError as exc:
            post(StatesChanged(error=str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a query that fails now: say so, go on
            post(StatesChanged(error=f"not marked: {exc}"))
            return
        summary = said
        if query is not None:
            summary = f"{done.matched:,} articles {said} ({done.changed:,} changed)"
        post(StatesChanged(summary, rerun=query is not None))


def _said(change: Change) -> str:
    if change.read is not None:
        return "marked read" if change.read else "marked unread"
    return "starred" if change.starred else "unstarred"
