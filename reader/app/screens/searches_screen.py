"""The saved searches screen (`S`): each saved search with what it finds and how much of it is
new (still unread), counted in a worker. Enter opens one (the reader screen runs it and it is
marked visited); `r` renames, `d` deletes; Esc or `q` closes."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from index.query import QueryError
from reader.app.screens.entity_dialog import EntityNameDialog
from reader.app.widgets.safe_text import highlighted, one_line
from reader.bookmarks.searches import SavedSearch, SavedSearches, counts
from reader.bookmarks.states import StatesError

if TYPE_CHECKING:
    from reader.app.main import ReaderApp

EMPTY = "No saved searches yet. On the main screen, W saves the search on show."


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else "never opened"


class SearchesScreen(Screen[SavedSearch | None]):
    """Dismisses with the saved search to open, or None."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Back", id="reader.searches_back"),
        Binding("q", "dismiss_none", "Close", show=False, id="reader.searches_close"),
        Binding("j", "cursor(1)", "Down", show=False, id="reader.searches_down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="reader.searches_up"),
        Binding("r", "rename", "Rename", id="reader.search_rename"),
        Binding("d", "delete", "Delete", id="reader.search_delete"),
    ]

    def __init__(self, saved: SavedSearches) -> None:
        super().__init__()
        self.saved = saved
        self.searches: list[SavedSearch] = []
        self.counted: dict[str, tuple[int, int] | str] = {}

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="ss-title")
        yield OptionList(id="ss-list")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    def refill(self, keep: str | None = None) -> None:
        self.searches = self.saved.list()
        olist = self.query_one(OptionList)
        olist.set_options([Option(self._row(s), id=s.name) for s in self.searches])
        if not self.searches:
            olist.add_option(Option(Content(EMPTY).stylize("$text-muted"), disabled=True))
        names = [s.name for s in self.searches]
        if keep in names:
            olist.highlighted = names.index(keep)
        elif self.searches:
            olist.highlighted = 0
        n = len(self.searches)
        self.query_one("#ss-title", Static).update(
            Content.assemble(("Saved searches", "bold"), f": {n} · new = found and still unread")
        )
        self.count_worker(self.searches)

    def _row(self, s: SavedSearch) -> Content:
        found = self.counted.get(s.name)
        if found is None:
            counted = Content("counting…").stylize("$text-muted")
        elif isinstance(found, str):
            counted = highlighted(found, base="$error")
        else:
            total, new = found
            counted = Content.assemble(
                f"{total:,} article{'s' * (total != 1)} · ",
                (f"{new:,} new", "bold $accent" if new else "$text-muted"),
            )
        query = " ".join(x for x in (s.query, *s.filters) if x)
        return Content.assemble(
            highlighted(one_line(s.name), base="bold"), "  ", counted, "\n",
            highlighted(one_line(query), base="$text-muted"), "  ",
            (_when(s.visited), "$text-muted"),
        )  # fmt: skip

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def count_worker(self, searches: list[SavedSearch]) -> None:
        app = self.reader_app
        found: dict[str, tuple[int, int] | str] = {}
        for s in searches:
            with app.engine_lock:
                if app.engine is None or get_current_worker().is_cancelled:
                    return
                try:
                    found[s.name] = counts(app.engine, s)
                except QueryError as exc:
                    found[s.name] = f"cannot run: {exc}"
        self.app.call_from_thread(self._counted, found)

    def _counted(self, found: dict[str, tuple[int, int] | str]) -> None:
        self.counted = found
        olist = self.query_one(OptionList)
        for s in self.searches:
            olist.replace_option_prompt(s.name, self._row(s))

    def current(self) -> SavedSearch | None:
        olist = self.query_one(OptionList)
        index = olist.highlighted
        if index is None or not 0 <= index < len(self.searches):
            return None
        return self.searches[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        picked = next((s for s in self.searches if s.name == event.option.id), None)
        if picked is not None:
            self.dismiss(picked)

    def action_cursor(self, step: int) -> None:
        olist = self.query_one(OptionList)
        olist.action_cursor_down() if step > 0 else olist.action_cursor_up()

    def action_rename(self) -> None:
        s = self.current()
        if s is None:
            return

        def done(name: str | None) -> None:
            if not name or name == s.name:
                return
            try:
                renamed = self.saved.rename(s.name, name)
            except (ValueError, StatesError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.counted[renamed.name] = self.counted.pop(s.name, (0, 0))
            self.refill(keep=renamed.name)

        note = "Saved searches are kept beside the read and starred states."
        self.app.push_screen(
            EntityNameDialog("Rename search", f"New name for {s.name}:", s.name, note=note), done
        )

    def action_delete(self) -> None:
        s = self.current()
        if s is None:
            return
        try:
            self.saved.delete(s.name)
        except StatesError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"deleted {s.name}", timeout=3, markup=False)
        self.refill()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
