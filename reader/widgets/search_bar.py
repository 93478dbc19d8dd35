"""The search bar: an Input that walks the query history with Up/Down."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from reader.history import History


class SearchBar(Input):
    """Where queries are typed. Up/Down walk the history; the screen does the searching."""

    BINDINGS = [
        Binding("up", "history_previous", "Previous query", show=False, id="reader.history_prev"),
        Binding("down", "history_next", "Next query", show=False, id="reader.history_next"),
        # Input binds ctrl+d to delete-right; here it takes the suggestion.
        Binding(
            "ctrl+d", "screen.accept_suggestion", "Did you mean", show=False,
            id="reader.suggestion", tooltip="Search for the suggested spelling",
        ),
    ]  # fmt: skip

    def __init__(self, history: History, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder='Search  (words, "phrases", title:, date:2024, -not)', id=id)
        self.history = history

    def _show(self, text: str | None) -> None:
        if text is not None:
            self.value = text
            self.cursor_position = len(text)

    def action_history_previous(self) -> None:
        self._show(self.history.previous(self.value))

    def action_history_next(self) -> None:
        self._show(self.history.next())
