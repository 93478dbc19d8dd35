"""The active filters, as chips in a row under the search bar: "× person: Xi Jinping".

Filters are (field, value) pairs, kept by the screen and passed to the engine as `filters=`
(never pasted into the query text). Clicking a chip posts `FilterBar.Removed`."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from reader.app.widgets.entities import filter_clause
from reader.app.widgets.safe_text import highlighted, one_line

Filter = tuple[str, str]


def chip_label(item: Filter) -> Content:
    field, value = item
    return Content.assemble(
        ("× ", "bold"), (f"{field}: ", "$text-muted"), highlighted(one_line(value))
    )


def clauses(filters: list[Filter]) -> list[str]:
    """The engine's `filters=` for these chips."""
    return [filter_clause(field, value) for field, value in filters]


def split_clause(clause: str) -> Filter:
    """The chip of a clause `filter_clause` made (a saved search keeps clauses)."""
    field, _, value = clause.partition(":")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return field, value


class Chip(Static):
    """One active filter; a click removes it."""

    def __init__(self, item: Filter, index: int) -> None:
        super().__init__(chip_label(item), classes="chip", markup=False)
        self.item = item
        self.index = index
        self.tooltip = "Click to remove this filter (x removes the last one)"

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(FilterBar.Removed(self.index))


class FilterBar(Horizontal):
    """The chips row; hidden while no filter is active."""

    @dataclass
    class Removed(Message):
        """The chip at `index` was clicked."""

        index: int

    def show_filters(self, filters: list[Filter]) -> None:
        self.remove_children()
        self.display = bool(filters)
        if filters:
            label = Static(Content("Filters:").stylize("$text-muted"), classes="chips-label")
            self.mount_all([label, *(Chip(item, i) for i, item in enumerate(filters))])

    @property
    def chips(self) -> list[Chip]:
        return list(self.query(Chip))
