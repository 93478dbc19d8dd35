"""The keyword-in-context view (`K`): every occurrence of the current query's terms, or of the
entity picked in the sidebar under all its names, one line each with the keyword in a column.
`s` sorts by the words to the left, to the right, or by date; Enter opens the article at that
occurrence, highlighted; Esc or `q` closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from index.kwic import SORTS, Line, concordance, sort_lines
from reader.app.widgets.safe_text import highlighted, one_line

if TYPE_CHECKING:
    from reader.app.main import ReaderApp

LIMIT = 2000
KEYWORD_CELLS = 24


class KwicScreen(Screen[Line | None]):
    """Dismisses with the occurrence to open, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Back", id="reader.kwic_back"),
        Binding("s", "sort", "Sort", id="reader.kwic_sort",
                tooltip="Sort by the words to the left, to the right, or by date"),
        Binding("j", "cursor(1)", "Down", show=False, id="reader.kwic_down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="reader.kwic_up"),
    ]  # fmt: skip

    def __init__(self, query: str, entity: str | None = None) -> None:
        super().__init__()
        self.query_text = query
        self.entity = entity
        self.sort = "date"
        self.lines: list[Line] = []
        self.total = 0

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="kwic-title")
        yield OptionList(id="kwic-list")
        yield Footer()

    def on_mount(self) -> None:
        self._title("finding every occurrence…")
        self.query_one(OptionList).focus()
        self.run_worker(self._find, thread=True, exclusive=True, group="kwic", exit_on_error=False)

    def _what(self) -> str:
        return f"entity {self.entity}" if self.entity else repr(self.query_text)

    def _title(self, status: str) -> None:
        self.query_one("#kwic-title", Static).update(
            Content.assemble(("Keyword in context", "bold"), f": {one_line(self._what())} · ",
                             status)  # fmt: skip
        )

    def _find(self) -> None:
        app = self.reader_app
        with app.engine_lock:
            if app.engine is None or get_current_worker().is_cancelled:
                return
            try:
                lines, total = concordance(app.engine, self.query_text, entity=self.entity,
                                           limit=LIMIT, sort="date")  # fmt: skip
            except ValueError as exc:  # a query that does not parse, an unknown entity
                self.app.call_from_thread(self._title, f"nothing to show: {exc}")
                return
        self.app.call_from_thread(self._show, lines, total)

    def _show(self, lines: list[Line], total: int) -> None:
        self.lines, self.total = lines, total
        self._fill()

    def _fill(self) -> None:
        self.lines = sort_lines(self.lines, self.sort)
        olist = self.query_one(OptionList)
        width = max(10, (olist.size.width or 100) - KEYWORD_CELLS - 8) // 2
        olist.set_options(
            [Option(self._row(x, width), id=str(i)) for i, x in enumerate(self.lines)]
        )
        if self.lines:
            olist.highlighted = 0
        shown = f", first {len(self.lines):,}" if self.total > len(self.lines) else ""
        noun = "occurrence" if self.total == 1 else "occurrences"
        self._title(f"{self.total:,} {noun}{shown} · by {self.sort} (s sorts, Enter opens)")

    @staticmethod
    def _row(x: Line, width: int) -> Content:
        left = one_line(x.left)[-width:].rjust(width)
        keyword = one_line(x.keyword)[:KEYWORD_CELLS].ljust(min(KEYWORD_CELLS, 12))
        right = one_line(x.right)[:width]
        where = " ".join(p for p in (x.date or "", x.article_id) if p)
        return Content.assemble(
            highlighted(left, base="$text-muted"), " ", (keyword, "bold $accent"), " ",
            highlighted(right), "\n", (f"{' ' * width} {one_line(where)}", "$text-muted"),
        )  # fmt: skip

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.lines:
            self._fill()

    def action_cursor(self, step: int) -> None:
        olist = self.query_one(OptionList)
        olist.action_cursor_down() if step > 0 else olist.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.lines[int(event.option.id)])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
