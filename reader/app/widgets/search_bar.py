"""The search bar: an Input entered only by `/` (or a click) and left by Esc, Enter or Down, so
that no command letter is ever typed into it by accident. Up walks the query history (Down walks
back, then leaves for the results)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from reader.app.widgets.handover import left_behind
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
        self.leaving = False
        """Set by the keys that leave the bar (Enter, Esc, Down): letters typed right after
        them are commands, even before the focus has moved (`handover.left_behind`)."""

    def set_year_hint(self, year: str | None) -> None:
        """The placeholder suggests `date:` only on a corpus with dates (with one of its years)."""
        self.placeholder = PLACEHOLDER_DATED.format(year=year) if year else PLACEHOLDER

    def _show(self, text: str | None) -> None:
        if text is not None:
            self.value = text
            self.cursor_position = len(text)

    async def _on_key(self, event: events.Key) -> None:
        """A leading `/` is never part of a query (it is the key that opens the bar); a key
        that comes after the focus left the bar is a command, not text."""
        if left_behind(self, event):
            return
        if event.key in ("enter", "escape") or (event.key == "down" and not self._walking):
            self.leaving = True  # now, not when the binding runs: the next key is a command
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

    def _on_focus(self, event: events.Focus) -> None:
        self.leaving = False  # (Textual calls Input's own handler after this one)

    def enter(self) -> None:
        """Take the focus now (keys typed right after go in), the query selected so that
        typing replaces it."""
        self.leaving = False
        self.screen.set_focus(self)
        self.select_all()

    async def action_submit(self) -> None:
        self.leaving = True
        await super().action_submit()

    def action_history_next(self) -> None:
        if not self._walking:
            self.leaving = True
            self.post_message(self.Leave(self))
            return
        text = self.history.next()
        self._show(text)
        if text is None:
            self._walking = False

    def action_leave(self) -> None:
        self._walking = False
        self.leaving = True
        self.post_message(self.Leave(self))
