"""The search bar: an Input entered only by `/` (or a click) and left by Esc, Enter or Down, so
that no command letter is ever typed into it by accident. Up walks the query history (Down walks
back, then leaves for the results)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from reader.history import History

PLACEHOLDER = 'Search  / to type: words, "phrases", title:, -not'
PLACEHOLDER_DATED = 'Search  / to type: words, "phrases", title:, date:{year}, -not'


class SearchBar(Input):
    """Where queries are typed. The screen does the searching."""

    BINDINGS = [
        Binding("up", "history_previous", "Previous query", show=False, id="reader.history_prev"),
        Binding("down", "history_next", "Next query / results", show=False,
                id="reader.history_next"),
        Binding("escape", "leave", "Leave the search bar", show=False, id="reader.leave_search",
                tooltip="Back to the results, keeping the query"),
        # Input binds ctrl+d to delete-right; here it takes the suggestion.
        Binding(
            "ctrl+d", "screen.accept_suggestion", "Did you mean", show=False,
            id="reader.suggestion", tooltip="Search for the suggested spelling",
        ),
    ]  # fmt: skip

    @dataclass
    class Leave(Message):
        """The user left the bar (Esc, Enter, or Down past the history): focus the results."""

        bar: SearchBar

        @property
        def control(self) -> SearchBar:
            return self.bar

    def __init__(self, history: History, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=True)
        self.history = history
        self._walking = False

    def set_year_hint(self, year: str | None) -> None:
        """The placeholder suggests `date:` only on a corpus with dates (with one of its years)."""
        self.placeholder = PLACEHOLDER_DATED.format(year=year) if year else PLACEHOLDER

    def _show(self, text: str | None) -> None:
        if text is not None:
            self.value = text
            self.cursor_position = len(text)

    async def _on_key(self, event: events.Key) -> None:
        """A leading `/` is never part of a query (it is the key that opens the bar)."""
        if event.character == "/":
            selection = self.selection
            whole = not selection.is_empty and {*selection} == {0, len(self.value)}
            if not self.value or whole or (self.cursor_position == 0 and selection.is_empty):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def action_history_previous(self) -> None:
        self._walking = True
        self._show(self.history.previous(self.value))

    def action_history_next(self) -> None:
        if not self._walking:
            self.post_message(self.Leave(self))
            return
        text = self.history.next()
        self._show(text)
        if text is None:
            self._walking = False

    def action_leave(self) -> None:
        self._walking = False
        self.post_message(self.Leave(self))
