"""A small modal asking for a name (an entity renamed or merged, a saved search). Enter
answers, Esc cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.app.widgets.safe_text import highlighted


class EntityNameDialog(ModalScreen[str | None]):
    """Dismisses with the name typed (stripped), or None when cancelled or left empty."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reader.dialog_cancel")]

    def __init__(
        self, title: str, prompt: str, value: str = "", suggestions: list[str] | None = None,
        note: str = "The change is written to the entities: section of config.yaml.",
    ) -> None:  # fmt: skip
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.value = value
        self.suggestions = suggestions or []
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter saves · Esc cancels"
            yield Static(highlighted(self.prompt), id="dialog-prompt")
            suggester = (
                SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None
            )
            yield Input(self.value, suggester=suggester, id="dialog-input", select_on_focus=True)
            yield Static(Content(self.note).stylize("$text-muted"), id="dialog-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#dialog-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
